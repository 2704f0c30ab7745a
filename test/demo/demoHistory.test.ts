// `npm run demo:history` plays dossiers through the real service: the rows it leaves
// must be the engine's own, consistent with what the dashboard reports, and a second
// run on the same database must refuse without --force.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HISTORY_SETTING, HistoryAlreadyPlayed, playHistory, type HistorySummary } from '../../server/cli/history/play.js';
import { FixedClock } from '../../server/clock.js';
import { buildDashboard } from '../../server/services/dashboard.js';
import { DossierService } from '../../server/services/dossierService.js';
import { getSetting, openDatabase } from '../../server/store/index.js';

// A fixed end (Friday 20 March 2026, 10:00 in Kon Tum) so the history is the same on every run.
const UNTIL = new Date('2026-03-20T10:00:00+07:00');

let dir: string;
let knex: Knex;
let summary: HistorySummary;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'motcua-history-'));
  knex = await openDatabase(path.join(dir, 'motcua.db'));
  summary = await playHistory({ knex, days: 10, perDay: 4, seed: 42, until: UNTIL });
});

afterAll(async () => {
  await knex?.destroy();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('demo history', () => {
  it('receives dossiers through the engine and returns some of them early, on time and late', async () => {
    const dossiers = await knex('dossiers').select('id', 'status', 'result', 'received_at');
    expect(dossiers.length).toBe(summary.received);
    expect(dossiers.length).toBeGreaterThan(20);
    const returned = dossiers.filter((d) => d.status === 'returned');
    expect(returned.length).toBeGreaterThan(0);
    expect(returned.every((d) => ['early', 'onTime', 'late'].includes(d.result))).toBe(true);
    expect(returned.some((d) => d.result === 'late')).toBe(true);
    expect(returned.some((d) => d.result === 'early')).toBe(true);
    // Some stay open: the inbox and the overdue list have something to show.
    expect(dossiers.some((d) => !['returned', 'rejected', 'withdrawn'].includes(d.status))).toBe(true);
    // The clock never ran past the end it was given.
    expect(dossiers.every((d) => new Date(d.received_at).getTime() <= UNTIL.getTime())).toBe(true);
    expect(summary).toMatchObject({ refused: 0, returned: returned.length, returnedLate: returned.filter((d) => d.result === 'late').length });
  });

  it('leaves each dossier its history: received first, then the steps that were taken', async () => {
    const dossiers: Array<{ id: string; status: string }> = await knex('dossiers').select('id', 'status');
    const events: Array<{ dossier_id: string; type: string; at: string }> = await knex('events').select('dossier_id', 'type', 'at').orderBy('id');
    for (const d of dossiers) {
      const mine = events.filter((e) => e.dossier_id === d.id);
      expect(mine[0]?.type, d.id).toBe('received');
      if (d.status === 'returned') expect(mine.map((e) => e.type)).toEqual(expect.arrayContaining(['claimed', 'completed', 'returned']));
    }
    expect(events.every((e) => new Date(e.at).getTime() <= UNTIL.getTime())).toBe(true);
  });

  it('gives the dashboard counters that match the dossiers table', async () => {
    const calendar = (await new DossierService(knex, new FixedClock(UNTIL)).engineContext()).calendar;
    const admin = { id: 1, username: 'admin', fullName: 'Quản trị hệ thống', agencyCode: '000.00.00.H40', roles: ['admin'] };
    const board = await buildDashboard(knex, calendar, admin, UNTIL, { from: calendar.localDate(new Date(summary.from)), to: calendar.localDate(UNTIL) });
    const count = async (where: Record<string, unknown>) => Number((await knex('dossiers').where(where).count({ n: '*' }).first())?.n);
    const t = board.totals;
    expect(t.carriedOver).toBe(0);
    expect(t.received).toBe(await count({}));
    expect(t.resolved).toBe(await count({ status: 'returned' }));
    expect(t.resolvedEarly).toBe(await count({ status: 'returned', result: 'early' }));
    expect(t.resolvedOnTime).toBe(await count({ status: 'returned', result: 'onTime' }));
    expect(t.resolvedLate).toBe(await count({ status: 'returned', result: 'late' }));
    expect(t.rejected).toBe(await count({ status: 'rejected' }));
    expect(t.withdrawn).toBe(await count({ status: 'withdrawn' }));
    expect(t.inProgress).toBe(Number((await knex('dossiers').whereNull('closed_at').count({ n: '*' }).first())?.n));
    expect(t.received).toBe(t.resolved + t.rejected + t.withdrawn + t.inProgress);
    expect(t.onTimeRate).toBeCloseTo(summary.onTimeRate!, 10);
  });

  it('refuses to play a second history on the same database without force', async () => {
    expect(await getSetting(knex, HISTORY_SETTING)).not.toBeNull();
    const before = await knex('dossiers').count({ n: '*' }).first();
    await expect(playHistory({ knex, days: 2, perDay: 2, seed: 7, until: UNTIL })).rejects.toBeInstanceOf(HistoryAlreadyPlayed);
    expect(await knex('dossiers').count({ n: '*' }).first()).toEqual(before);
  });
});
