// Group commit (server/store/groupCommit.ts): writes submitted together share one
// transaction; a clean refusal (the version check) drops only its own write; any other
// failure leaves no write of the batch half-applied and runs each again alone, so only
// the faulty one fails.
import type { Knex } from 'knex';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DomainError } from '../../engine/index.js';
import { GroupCommit, migrate } from '../../server/store/index.js';
import { databaseTargets, type TestDatabase } from '../support/databases.js';

describe.each(databaseTargets)('group commit on $kind', (target) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await target.open();
    await migrate(db.knex);
  });
  afterAll(async () => {
    await db?.cleanup();
  });
  beforeEach(async () => {
    await db.knex('settings').where('key', 'like', 'gc.%').delete();
  });

  const put = (key: string) => (trx: Knex.Transaction) => trx('settings').insert({ key, value: 'x' }).then(() => key);
  const keys = async () => (await db.knex('settings').where('key', 'like', 'gc.%').orderBy('key').pluck('key')) as string[];

  it('commits writes submitted together in one transaction, each answered', async () => {
    const writer = new GroupCommit(db.knex);
    const answers = await Promise.all(['gc.a', 'gc.b', 'gc.c', 'gc.d'].map((k) => writer.submit(put(k))));
    expect(answers).toEqual(['gc.a', 'gc.b', 'gc.c', 'gc.d']);
    expect(await keys()).toEqual(['gc.a', 'gc.b', 'gc.c', 'gc.d']);
    expect(writer.stats).toMatchObject({ batches: 1, writes: 4, fallbacks: 0 });
  });

  it('drops a write refused by the version check, keeps the others of its batch', async () => {
    const writer = new GroupCommit(db.knex);
    const refused = writer.submit(async () => {
      throw new DomainError('VERSION_CONFLICT', {}, {});
    });
    const others = [writer.submit(put('gc.a')), writer.submit(put('gc.b'))];
    await expect(refused).rejects.toMatchObject({ code: 'VERSION_CONFLICT' });
    await expect(Promise.all(others)).resolves.toEqual(['gc.a', 'gc.b']);
    expect(await keys()).toEqual(['gc.a', 'gc.b']);
    expect(writer.stats.fallbacks).toBe(0);
  });

  it('never keeps half of a write that failed part-way: the batch runs again write by write and only the faulty one fails', async () => {
    const writer = new GroupCommit(db.knex);
    const good1 = writer.submit(put('gc.a'));
    // Writes one row, then fails on a duplicate key: a database error, not a clean refusal.
    const faulty = writer.submit(async (trx) => {
      await trx('settings').insert({ key: 'gc.half', value: 'x' });
      await trx('settings').insert({ key: 'gc.a', value: 'again' });
    });
    const good2 = writer.submit(put('gc.b'));
    await expect(faulty).rejects.toBeTruthy();
    await expect(good1).resolves.toBe('gc.a');
    await expect(good2).resolves.toBe('gc.b');
    // Alone, the faulty write met gc.a already committed and failed again: gc.half never stays.
    expect(await keys()).toEqual(['gc.a', 'gc.b']);
    expect(writer.stats.fallbacks).toBe(1);
  });

  it('takes what is submitted while a batch commits into the next one', async () => {
    const writer = new GroupCommit(db.knex, { maxBatch: 2 });
    const all = ['gc.1', 'gc.2', 'gc.3', 'gc.4', 'gc.5'].map((k) => writer.submit(put(k)));
    await Promise.all(all);
    expect(await keys()).toEqual(['gc.1', 'gc.2', 'gc.3', 'gc.4', 'gc.5']);
    expect(writer.stats.batches).toBe(3);
  });
});
