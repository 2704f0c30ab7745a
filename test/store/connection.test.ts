import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../../engine/errors.js';
import { createAgency, inTransaction, migrate } from '../../server/store/index.js';
import { databaseTargets, type TestDatabase } from '../support/databases.js';
import { NOW, PROVINCE } from './fixtures.js';

const sqliteOnly = databaseTargets.filter((t) => t.kind === 'sqlite');

describe.each(sqliteOnly)('the SQLite connection', (target) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await target.open();
    await migrate(db.knex);
  });
  afterAll(async () => {
    await db?.cleanup();
  });

  const pragma = async (name: string) => {
    const rows = await db.knex.raw(`PRAGMA ${name}`);
    return Object.values(rows[0])[0];
  };

  it('runs in WAL mode with a busy timeout, foreign keys on and synchronous=NORMAL', async () => {
    expect(String(await pragma('journal_mode')).toLowerCase()).toBe('wal');
    expect(Number(await pragma('busy_timeout'))).toBe(5000);
    expect(Number(await pragma('foreign_keys'))).toBe(1);
    expect(Number(await pragma('synchronous'))).toBe(1); // NORMAL
  });

  it('gives a second process the same pragmas and makes it wait for the writer instead of failing', async () => {
    const other = await db.openAnother();
    const rows = await other.raw('PRAGMA foreign_keys');
    expect(Object.values(rows[0])[0]).toBe(1);

    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const writer = inTransaction(db.knex, async (trx) => {
      await trx('settings').insert({ key: 'held', value: 'by the first process' });
      await released;
    });
    // Let the first transaction take the write lock, then write from the second process.
    await new Promise((r) => setTimeout(r, 100));
    const started = Date.now();
    const second = other('settings').insert({ key: 'second', value: 'waited' });
    setTimeout(release, 300);
    await Promise.all([writer, second]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect((await db.knex('settings').orderBy('key')).map((r) => r.key)).toEqual(['held', 'second']);
  });
});

describe.each(databaseTargets)('transactions and constraints on $kind', (target) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await target.open();
    await migrate(db.knex);
  });
  afterAll(async () => {
    await db?.cleanup();
  });

  it('enforces foreign keys: a user of an unknown agency is refused', async () => {
    await expect(
      db.knex('users').insert({
        username: 'ghost',
        password_hash: 'x',
        full_name: 'Không có cơ quan',
        agency_code: '999.99.99.H99',
        active: true,
        created_at: NOW,
      }),
    ).rejects.toThrow(/foreign key/i);
  });

  it('retries the whole transaction after a busy/serialization error, and only then', async () => {
    let calls = 0;
    const value = await inTransaction(db.knex, async (trx) => {
      calls++;
      await trx('settings').insert({ key: `attempt-${calls}`, value: String(calls) });
      if (calls === 1) throw Object.assign(new Error('database is locked'), { code: target.kind === 'sqlite' ? 'SQLITE_BUSY' : '40001' });
      return 'done';
    });
    expect(value).toBe('done');
    expect(calls).toBe(2);
    // The failed attempt left nothing behind.
    expect((await db.knex('settings').where('key', 'like', 'attempt-%')).map((r) => r.key)).toEqual(['attempt-2']);

    let domainCalls = 0;
    await expect(
      inTransaction(db.knex, async () => {
        domainCalls++;
        throw new DomainError('VERSION_CONFLICT');
      }),
    ).rejects.toMatchObject({ code: 'VERSION_CONFLICT' });
    expect(domainCalls).toBe(1);
  });

  it('rolls back everything done in the transaction when it throws', async () => {
    await expect(
      inTransaction(db.knex, async (trx) => {
        await createAgency(trx, { code: PROVINCE, name: 'UBND tỉnh Kon Tum', level: 'province' }, NOW);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await db.knex('agencies').where({ code: PROVINCE }).first()).toBeUndefined();
  });
});
