// The reporting migration's indexes: what keeps GET /api/dashboard on index ranges at a
// million dossiers (see migrations/20261122020000_reporting.ts). Partial where they must
// be, and gone again on rollback.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, rollbackAll } from '../../server/store/index.js';
import * as reporting from '../../server/store/reporting.js';
import { databaseTargets, type TestDatabase } from '../support/databases.js';

const REPORTING_INDEXES = [
  'dossiers_closed_cover',
  'dossiers_received_at',
  'dossiers_open',
  'events_apologized',
  'tasks_completed_at',
  'tasks_open_due_cover',
  // migrations/20261129000000_dashboard_indexes.ts: agency first, then the period.
  'dossiers_agency_returned',
  'dossiers_returned_cover',
  'dossiers_closed_status',
  'dossiers_agency_closed',
  'dossiers_open_due',
  'tasks_agency_completed',
  'tasks_agency_state_due',
  // 20261129100000: the province's open dossiers by appointment.
  'dossiers_open_appointment',
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
    expect(defs.get('dossiers_closed_cover')).toMatch(/where.*closed_at.*is not null/i);
    expect(defs.get('dossiers_agency_closed')).toMatch(/where.*closed_at.*is not null/i);
    expect(defs.get('dossiers_open_due')).toMatch(/where.*closed_at.*is null/i);
    expect(defs.has('dossiers_closed_at'), 'replaced by dossiers_closed_cover').toBe(false);
    expect(defs.has('dossiers_returned_at'), 'replaced by dossiers_returned_cover').toBe(false);
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
  // SQLite has no statistics in production (nobody runs ANALYZE), so its choice among
  // indexes is the same heuristic on this small file as on the benchmark's million rows:
  // with an agency filter the period's range must still be an index term (before
  // 20261129000000 it walked every task or dossier the agency ever had).
  it.runIf(target.kind === 'sqlite')('takes the agency-and-period indexes for one agency, and ranges for the province', async () => {
    const plans = async (run: () => Promise<unknown>): Promise<string> => {
      const statements: Array<{ sql: string; bindings: readonly unknown[] }> = [];
      const listen = (q: { sql: string; bindings: readonly unknown[] }) => statements.push(q);
      db.knex.on('query', listen);
      try {
        await run();
      } finally {
        db.knex.removeListener('query', listen);
      }
      const lines: string[] = [];
      for (const q of statements) {
        const plan: Array<{ detail: string }> = await db.knex.raw(`explain query plan ${q.sql}`, q.bindings as never);
        lines.push(...plan.map((p) => p.detail));
      }
      return lines.join('\n');
    };
    const agency: reporting.ReportScope = { agencies: ['000.00.23.H40'], procedure: null };
    const province: reporting.ReportScope = { agencies: 'all', procedure: null };
    const [from, to, asOf, soon] = ['2026-10-31T17:00:00.000Z', '2026-11-29T17:00:00.000Z', '2026-11-20T03:00:00.000Z', '2026-11-21T03:00:00.000Z'];
    expect(await plans(() => reporting.resolvedIn(db.knex, agency, from, to))).toMatch(/dossiers_agency_returned \(receiving_agency=\? AND returned_at>\? AND returned_at<\?\)/);
    expect(await plans(() => reporting.stepsDone(db.knex, agency, from, to))).toMatch(/tasks_agency_completed \(agency_code=\? AND completed_at>\? AND completed_at<\?\)/);
    expect(await plans(() => reporting.openAt(db.knex, agency, from, false))).toMatch(/dossiers_agency_closed \(receiving_agency=\? AND closed_at>\? AND closed_at<\?\)/);
    expect(await plans(() => reporting.openAt(db.knex, province, from, false))).toMatch(/dossiers_closed_cover \(closed_at>\? AND closed_at<\?\)/);
    expect(await plans(() => reporting.closedOtherwiseIn(db.knex, province, from, to))).toMatch(/dossiers_closed_status/);
    const drill = await plans(() => reporting.drillDownRows(db.knex, agency, asOf, soon, 10));
    expect(drill).toMatch(/tasks_agency_state_due \(agency_code=\? AND state=\? AND due_at<\?\)/);
    expect(drill).toMatch(/dossiers_open_due \(receiving_agency=\? AND appointment_at>\? AND appointment_at<\?\)/);
    expect(drill).not.toMatch(/tasks_agency_role_state|dossiers_receiving_received/);
    // The province's open dossiers: a range of the open ones, never a scan of an index over all.
    const provinceDrill = await plans(() => reporting.drillDownRows(db.knex, province, asOf, soon, 10));
    expect(provinceDrill).toMatch(/dossiers_open_appointment \(appointment_at/);
    expect(provinceDrill).not.toMatch(/SCAN d USING COVERING INDEX dossiers_index766/);
  });
});
