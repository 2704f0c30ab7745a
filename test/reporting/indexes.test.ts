// The reporting migration's indexes: what keeps GET /api/dashboard on index ranges at a
// million dossiers (see migrations/20261122020000_reporting.ts). Partial where they must
// be, and gone again on rollback.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, rollbackAll } from '../../server/store/index.js';
import { databaseTargets, type TestDatabase } from '../support/databases.js';

const REPORTING_INDEXES = [
  'dossiers_closed_at',
  'dossiers_received_at',
  'dossiers_open',
  'events_apologized',
  'tasks_completed_at',
  'tasks_open_due_cover',
];

describe.each(databaseTargets)('reporting indexes on $kind', (target) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await target.open();
  });
  afterAll(async () => {
    await db?.cleanup();
  });

  async function definitions(): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    if (target.kind === 'sqlite') {
      const rows = await db.knex('sqlite_master').where({ type: 'index' }).whereNotNull('sql').select('name', 'sql');
      for (const row of rows) found.set(row.name, row.sql);
    } else {
      const rows = await db.knex('pg_indexes').where({ schemaname: db.options.schema }).select('indexname', 'indexdef');
      for (const row of rows) found.set(row.indexname, row.indexdef);
    }
    return found;
  }

  it('indexes open dossiers, apologies and open steps partially, and the rest by range', async () => {
    const applied = await migrate(db.knex);
    expect(applied).toContain('20261122020000_reporting');
    const defs = await definitions();
    for (const name of REPORTING_INDEXES) expect(defs.has(name), name).toBe(true);
    expect(defs.get('dossiers_open')).toMatch(/where.*closed_at.*is null/i);
    expect(defs.get('dossiers_closed_at')).toMatch(/where.*closed_at.*is not null/i);
    expect(defs.get('events_apologized')).toMatch(/where.*type.*=\s*'apologized'/i);
    expect(defs.get('tasks_open_due_cover')).toMatch(/where.*state.*=\s*'open'/i);
  });

  it('drops them on rollback and creates them again', async () => {
    await rollbackAll(db.knex);
    const gone = await definitions();
    for (const name of REPORTING_INDEXES) expect(gone.has(name), name).toBe(false);
    await migrate(db.knex);
    const back = await definitions();
    for (const name of REPORTING_INDEXES) expect(back.has(name), name).toBe(true);
  });
});
