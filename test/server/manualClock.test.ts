// The manual clock's start (CONTRACT.md §6.1, MOTCUA_CLOCK_START) and its moves on one
// database: any instant, earlier or later, and every process follows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock, manualClockStart } from '../../server/clock.js';
import { migrate } from '../../server/store/index.js';
import { databaseTargets, type TestDatabase } from '../support/databases.js';

describe('MOTCUA_CLOCK_START', () => {
  const today = new Date('2026-11-29T10:00:00Z');
  it('starts a fresh manual clock at the given instant, or at the real time without one', () => {
    expect(manualClockStart('2026-02-12T09:00:00+07:00', today).toISOString()).toBe('2026-02-12T02:00:00.000Z');
    expect(manualClockStart(' 2026-02-12T02:00:00Z ', today).toISOString()).toBe('2026-02-12T02:00:00.000Z');
    expect(manualClockStart(undefined, today)).toBe(today);
    expect(manualClockStart('', today)).toBe(today);
  });

  it('refuses what is not an instant with an offset instead of starting today', () => {
    for (const bad of ['12/02/2026', '2026-02-12T09:00:00', 'tomorrow', '2026-13-40T09:00:00Z']) {
      expect(() => manualClockStart(bad, today), bad).toThrow(/MOTCUA_CLOCK_START/);
    }
  });
});

describe.each(databaseTargets)('the manual clock on $kind', (target) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await target.open();
    await migrate(db.knex);
  });
  afterAll(async () => {
    await db?.cleanup();
  });

  it('starts where it was told on a fresh database, keeps a stored instant, and every process follows a move back', async () => {
    const first = await ManualClock.open(db.knex, new Date('2026-02-12T02:00:00Z'));
    expect(first.now().toISOString()).toBe('2026-02-12T02:00:00.000Z');
    // A second server process: its own connection to the same database.
    const second = await ManualClock.open(await db.openAnother(), new Date('2030-01-01T00:00:00Z'));
    expect(second.now().toISOString()).toBe('2026-02-12T02:00:00.000Z');

    await first.set(new Date('2026-03-01T02:00:00Z'));
    expect((await second.reload()).toISOString()).toBe('2026-03-01T02:00:00.000Z');
    await second.set(new Date('2025-12-31T02:00:00Z'));
    expect((await first.reload()).toISOString()).toBe('2025-12-31T02:00:00.000Z');
  });
});
