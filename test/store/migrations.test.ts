import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate, rollbackAll } from '../../server/store/index.js';
import { databaseTargets, type TestDatabase } from '../support/databases.js';

const TABLES = [
  'agencies',
  'users',
  'user_roles',
  'procedures',
  'procedure_versions',
  'dossiers',
  'tasks',
  'timers',
  'events',
  'outbox',
  'calendar_overrides',
  'dossier_sequences',
  'escalations',
  'settings',
];

it('lists every file of migrations/ in the store, so none is silently skipped', async () => {
  const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../migrations');
  const files = (await readdir(dir)).filter((f) => f.endsWith('.ts')).map((f) => f.replace(/\.ts$/, '')).sort();
  expect(MIGRATIONS.map(([name]) => name)).toEqual(files);
});

describe.each(databaseTargets)('migrations on $kind', (target) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await target.open();
  });
  afterAll(async () => {
    await db?.cleanup();
  });

  it('migrates up, down and up again, creating and dropping every table', async () => {
    const all = MIGRATIONS.map(([name]) => name);
    expect(await migrate(db.knex)).toEqual(all);
    for (const table of TABLES) expect(await db.knex.schema.hasTable(table), table).toBe(true);
    // Already at the latest: nothing more to do.
    expect(await migrate(db.knex)).toEqual([]);

    expect(await rollbackAll(db.knex)).toEqual([...all].reverse());
    for (const table of TABLES) expect(await db.knex.schema.hasTable(table), table).toBe(false);

    expect(await migrate(db.knex)).toEqual(all);
    for (const table of TABLES) expect(await db.knex.schema.hasTable(table), table).toBe(true);
  });

  it('creates the scheduler indexes as partial indexes over open tasks and pending timers', async () => {
    await migrate(db.knex);
    const definitions = new Map<string, string>();
    if (target.kind === 'sqlite') {
      const rows = await db.knex('sqlite_master').where({ type: 'index' }).whereNotNull('sql').select('name', 'sql');
      for (const row of rows) definitions.set(row.name, row.sql);
    } else {
      const rows = await db.knex('pg_indexes').where({ schemaname: db.options.schema }).select('indexname', 'indexdef');
      for (const row of rows) definitions.set(row.indexname, row.indexdef);
    }
    expect(definitions.get('tasks_open_due_at')).toMatch(/where.*state.*=\s*'open'/i);
    expect(definitions.get('tasks_open_wake_at')).toMatch(/where.*state.*=\s*'open'/i);
    expect(definitions.get('timers_pending_due_at')).toMatch(/where.*fired_at.*is null/i);
    for (const name of [
      'dossiers_receiving_received',
      'dossiers_procedure_received',
      'dossiers_status',
      'dossiers_holding_status',
      'tasks_agency_role_state',
      'tasks_assignee_state',
      'tasks_dossier_id',
      'outbox_published_id',
      'events_dossier_seq_unique',
    ]) {
      expect(definitions.has(name), name).toBe(true);
    }
  });
});
