// Indexes for the reporting form (DOMAIN.md, "What managers watch") and its drill-down,
// so GET /api/dashboard reads index ranges, never the whole table, at a million dossiers.
//
// The foundation already indexes (receiving_agency, received_at) for "received in the
// period" by agency, (returned_at) for "resolved in the period" and the open tasks by
// due_at for the scheduler. What the form also needs:
// - "open at an instant" (carried over at `from`, in progress at `to`) = open now (a
//   few percent of the table: a partial index over `closed_at is null`, covering what the
//   counters read so the database never visits the rows) or closed since that instant
//   (a range of closed_at). Without these the query would walk every dossier received
//   before `from`, i.e. the whole history.
// - withdrawn and rejected in the period: a range of closed_at.
// - received in the period across all agencies (an admin, a province): a range of
//   received_at; (receiving_agency, received_at) only serves a list of agencies.
// - apology slips (Mẫu 04) keep a dossier late: the few apologized dossiers, as one set.
// - per officer: steps done in the period (a range of tasks.completed_at, covering the
//   grouped columns) and open steps past due (the open tasks by due_at, covering).
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('dossiers', (t) => {
    // Partial on `is not null`: the open ones have their own index below; comparisons
    // on closed_at imply `is not null`, so both databases use it for ranges.
    t.index(['closed_at'], 'dossiers_closed_at', { predicate: knex.whereRaw('closed_at is not null') });
    t.index(['received_at', 'receiving_agency', 'procedure_key', 'channel'], 'dossiers_received_at');
    t.index(['receiving_agency', 'procedure_key', 'received_at', 'appointment_at', 'status', 'id'], 'dossiers_open', {
      predicate: knex.whereRaw('closed_at is null'),
    });
  });
  await knex.schema.alterTable('events', (t) => {
    // Apology slips (Mẫu 04) are rare; the dashboard reads them as one set.
    t.index(['dossier_id', 'appointment_before'], 'events_apologized', { predicate: knex.whereRaw("type = 'apologized'") });
  });
  await knex.schema.alterTable('tasks', (t) => {
    // Done and cancelled steps both carry completed_at: "open at an instant" needs both.
    t.index(['completed_at', 'agency_code', 'completed_by', 'verdict', 'state'], 'tasks_completed_at');
    t.index(['due_at', 'agency_code', 'assignee', 'started_at', 'dossier_id'], 'tasks_open_due_cover', {
      predicate: knex.whereRaw("state = 'open'"),
    });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('events', (t) => {
    t.dropIndex([], 'events_apologized');
  });
  await knex.schema.alterTable('tasks', (t) => {
    t.dropIndex([], 'tasks_open_due_cover');
    t.dropIndex([], 'tasks_completed_at');
  });
  await knex.schema.alterTable('dossiers', (t) => {
    t.dropIndex([], 'dossiers_open');
    t.dropIndex([], 'dossiers_received_at');
    t.dropIndex([], 'dossiers_closed_at');
  });
}
