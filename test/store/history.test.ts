// The history is append-only in the database itself and tamper-evident (issue 13): the
// triggers refuse UPDATE and DELETE on events, every row carries the hash chaining it to
// the previous one of its dossier, older databases are back-filled by the migration, and
// verification names the first broken link — on SQLite and on PostgreSQL.
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../server/clock.js';
import { DossierService } from '../../server/services/dossierService.js';
import { GENESIS_HASH, eventHash, verifyHistory, type ChainedEventRow } from '../../server/store/history.js';
import { MIGRATIONS, loadDossierWithSetting, migrate } from '../../server/store/index.js';
import { staff, vn } from '../engine/dossier/support.js';
import { openProvince } from '../integration/support.js';
import { databaseTargets, type TestDatabase } from '../support/databases.js';
import { dossierWithHistory, landXml } from './dossierHistory.js';

const { reception } = staff;

type Migration = (typeof MIGRATIONS)[number];
const migrationSource: Knex.MigrationSource<Migration> = {
  getMigrations: async () => [...MIGRATIONS],
  getMigrationName: ([name]) => name,
  getMigration: async ([, migration]) => migration,
};

describe.each(databaseTargets)('history on $kind', (target) => {
  let db: TestDatabase;
  let clock: FixedClock;
  let service: DossierService;
  const ids: string[] = [];

  beforeAll(async () => {
    db = await openProvince(target);
    clock = new FixedClock(vn('2026-11-10 08:00'));
    service = new DossierService(db.knex, clock);
    await service.deploy(landXml, 'admin');
    for (let n = 1; n <= 3; n++) ids.push(await dossierWithHistory(db.knex, service, clock, n));
  });
  afterAll(async () => {
    await db?.cleanup();
  });

  const rowsOf = (id: string) => db.knex('events').where({ dossier_id: id }).orderBy('seq');

  it('chains every row of a dossier from the genesis, the dossier row keeping the last hash (read with the dossier)', async () => {
    const rows = await rowsOf(ids[0]);
    expect(rows.length).toBeGreaterThanOrEqual(3);
    let previous = GENESIS_HASH;
    for (const row of rows) {
      expect(row.hash).toBe(eventHash(previous, row as ChainedEventRow));
      previous = row.hash;
    }
    const { lastEventSeq, lastEventHash } = await loadDossierWithSetting(db.knex, ids[0], 'none');
    expect(lastEventSeq).toBe(rows.length);
    expect(lastEventHash).toBe(previous);
    // Another dossier's chain starts from the genesis too, not from this one.
    const other = await rowsOf(ids[1]);
    expect(other[0].hash).toBe(eventHash(GENESIS_HASH, other[0] as ChainedEventRow));
    expect(await verifyHistory(db.knex)).toEqual({ dossiers: 3, events: expect.any(Number), broken: null });
  });

  it('refuses UPDATE and DELETE on events in the database itself, whoever asks', async () => {
    const [first] = await rowsOf(ids[0]);
    await expect(db.knex('events').where({ id: first.id }).update({ details: '{"forged":true}' })).rejects.toThrow(/append-only/);
    await expect(db.knex('events').where({ id: first.id }).delete()).rejects.toThrow(/append-only/);
    if (target.kind === 'postgres') await expect(db.knex.raw('truncate events cascade')).rejects.toThrow(/append-only/);
    expect((await rowsOf(ids[0]))[0]).toEqual(first);
    // Appending is what the history is for.
    clock.set(vn('2026-11-17 14:00'));
    await service.supplement(ids[0], { actor: reception, items: ['Sổ hộ khẩu'] });
    expect((await verifyHistory(db.knex)).broken).toBeNull();
  });

  it('back-fills the hashes of a database written before the chain, exactly as the write path computes them', async () => {
    const before = await db.knex('events').orderBy('id').select('id', 'hash');
    const heads = await db.knex('dossiers').orderBy('id').select('id', 'last_event_hash');
    // Undo the history migration (columns and triggers gone: an older database) and apply it again.
    // By name: later migrations stay (knex's down without a name would undo the last one).
    await db.knex.migrate.down({ migrationSource, name: '20261129030000_history' } as never);
    expect(await db.knex.schema.hasColumn('events', 'hash')).toBe(false);
    expect(await migrate(db.knex)).toEqual(['20261129030000_history']);
    expect(await db.knex('events').orderBy('id').select('id', 'hash')).toEqual(before);
    expect(await db.knex('dossiers').orderBy('id').select('id', 'last_event_hash')).toEqual(heads);
    await expect(db.knex('events').update({ hash: null })).rejects.toThrow(/append-only/);
  });

  describe('with the triggers dropped (an attacker with the database)', () => {
    const dropTriggers = async () => {
      if (target.kind === 'postgres') await db.knex.raw('drop trigger events_append_only on events');
      else {
        await db.knex.raw('drop trigger events_append_only_update');
        await db.knex.raw('drop trigger events_append_only_delete');
      }
    };
    beforeAll(dropTriggers);

    it('reports an edited payload at its dossier and seq, with the expected and the found hash', async () => {
      const victim = ids[1];
      const rows = await rowsOf(victim);
      const row = rows[1];
      await db.knex('events').where({ id: row.id }).update({ details: JSON.stringify({ ...JSON.parse(row.details), outcome: 'forged' }) });
      const report = await verifyHistory(db.knex);
      const edited = { ...row, details: JSON.stringify({ ...JSON.parse(row.details), outcome: 'forged' }) };
      expect(report.broken).toEqual({
        dossierId: victim,
        dossierCode: expect.any(String),
        seq: row.seq,
        kind: 'hash',
        expected: eventHash(rows[0].hash, edited as ChainedEventRow),
        found: row.hash,
      });
      // Put back, the chain holds again.
      await db.knex('events').where({ id: row.id }).update({ details: row.details });
      expect((await verifyHistory(db.knex)).broken).toBeNull();
    });

    it('reports a row cut off the end of a history, and one taken from the middle', async () => {
      const victim = ids[2];
      const rows = await rowsOf(victim);
      const last = rows[rows.length - 1];
      await db.knex('events').where({ id: last.id }).delete();
      expect((await verifyHistory(db.knex)).broken).toMatchObject({ dossierId: victim, seq: last.seq - 1, kind: 'head', expected: last.hash, found: rows[rows.length - 2].hash });
      const { id: _id, ...content } = last;
      await db.knex('events').insert(content);

      await db.knex('events').where({ id: rows[1].id }).delete();
      expect((await verifyHistory(db.knex)).broken).toMatchObject({ dossierId: victim, seq: rows[2].seq, kind: 'hash', found: rows[2].hash });
    });

    it('npm run verify-history says where, and exits non-zero', async () => {
      if (target.kind !== 'sqlite') return; // one process run is enough; the walk is the same code on both
      const { spawnSync } = await import('node:child_process');
      const run = spawnSync('npx', ['tsx', 'server/cli/verifyHistory.ts'], { env: { ...process.env, DATABASE_URL: db.url }, encoding: 'utf8' });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain(ids[2]);
      expect(run.stderr).toMatch(/seq \d+/);
      expect(run.stderr).toMatch(/expected [0-9a-f]{64}/);
    });
  });
});
