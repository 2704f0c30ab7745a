// Indexes for the dashboard at a million dossiers (issue "Performance": dashboard p95 ≤
// 200 ms for one agency and for the province). Measured on the benchmark's 1M file, where
// the reporting queries of 20261122020000_reporting.ts were slow for two reasons:
//
// - With an agency filter, SQLite (no statistics: production never runs ANALYZE) takes an
//   equality on an indexed column as ~10 rows, so `receiving_agency in (…)` /
//   `agency_code in (…)` won over the period's range and walked every dossier or task of
//   the agency since it opened (stepsDone 2.4 s, resolvedIn 1.1 s, the drill-down's open
//   steps 1.8 s). An index led by the agency and then the period gives the planner both
//   terms: agency equality + date range, and it takes that one (1–10 ms each).
// - Without one, several counters read table rows for columns the index lacked
//   (resolved by result, closed by status): covering versions answer from the index.
//
// Each extra index costs the write path a little (a receipt inserts into all of them, a
// save touches those whose columns changed); `npm run bench` measures both sides.
//
// Note: a *partial* index (where state = 'open') on tasks led by agency_code made SQLite
// 3.52 fail the drill-down's `agency_code in (…) or dossier_id in (…)` with "internal query
// planner error" (SQLITE_INTERNAL) in its MULTI-INDEX OR plan; tasks_agency_state_due is a
// full index for that reason.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('dossiers', (t) => {
    // Resolved in the period, by result: for an agency, and for all (replaces dossiers_returned_at).
    t.index(['receiving_agency', 'returned_at', 'procedure_key', 'result'], 'dossiers_agency_returned', {
      predicate: knex.whereRaw('returned_at is not null'),
    });
    t.index(['returned_at', 'receiving_agency', 'procedure_key', 'result'], 'dossiers_returned_cover', {
      predicate: knex.whereRaw('returned_at is not null'),
    });
    // Withdrawn and rejected in the period: one range per status, covering.
    t.index(['status', 'closed_at', 'receiving_agency', 'procedure_key'], 'dossiers_closed_status', {
      predicate: knex.whereRaw('closed_at is not null'),
    });
    // "Closed since an instant", the half of "open at an instant" that is history: for an
    // agency, and for all (replaces dossiers_closed_at), covering the buckets' columns.
    t.index(['receiving_agency', 'closed_at', 'procedure_key', 'received_at', 'appointment_at', 'status', 'id'], 'dossiers_agency_closed', {
      predicate: knex.whereRaw('closed_at is not null'),
    });
    t.index(['closed_at', 'receiving_agency', 'procedure_key', 'received_at', 'appointment_at', 'status', 'id'], 'dossiers_closed_cover', {
      predicate: knex.whereRaw('closed_at is not null'),
    });
    // The drill-down's open dossiers of an agency, overdue or due soon by appointment.
    t.index(['receiving_agency', 'appointment_at', 'status', 'procedure_key', 'holding_agency', 'code', 'id'], 'dossiers_open_due', {
      predicate: knex.whereRaw('closed_at is null'),
    });
  });
  await knex.schema.alterTable('dossiers', (t) => {
    t.dropIndex([], 'dossiers_returned_at');
    t.dropIndex([], 'dossiers_closed_at');
  });
  await knex.schema.alterTable('tasks', (t) => {
    // Steps done in the period per officer, and steps closed since an instant that were
    // overdue then — for an agency (tasks_completed_at serves all agencies).
    t.index(['agency_code', 'completed_at', 'state', 'completed_by', 'verdict', 'due_at', 'started_at', 'assignee'], 'tasks_agency_completed', {
      predicate: knex.whereRaw('completed_at is not null'),
    });
    // Open steps of an agency by due instant (drill-down, overdue per officer).
    t.index(['agency_code', 'state', 'due_at'], 'tasks_agency_state_due');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('tasks', (t) => {
    t.dropIndex([], 'tasks_agency_state_due');
    t.dropIndex([], 'tasks_agency_completed');
  });
  await knex.schema.alterTable('dossiers', (t) => {
    t.index(['returned_at'], 'dossiers_returned_at');
    t.index(['closed_at'], 'dossiers_closed_at', { predicate: knex.whereRaw('closed_at is not null') });
  });
  await knex.schema.alterTable('dossiers', (t) => {
    t.dropIndex([], 'dossiers_open_due');
    t.dropIndex([], 'dossiers_closed_cover');
    t.dropIndex([], 'dossiers_agency_closed');
    t.dropIndex([], 'dossiers_closed_status');
    t.dropIndex([], 'dossiers_returned_cover');
    t.dropIndex([], 'dossiers_agency_returned');
  });
}
