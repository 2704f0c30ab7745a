// Indexes for the reporting form (DOMAIN.md, "What managers watch") and its drill-down,
// so GET /api/dashboard reads index ranges, never the whole table, at a million dossiers.
//
// The foundation already indexes (receiving_agency, received_at) for "received in the
// period", (returned_at) for "resolved in the period" and the open tasks by due_at. What
// the form also needs:
// - "open at an instant" (carried over at `from`, in progress at `to`) = still open
//   (closed_at is null: a small, partial slice of the table) or closed after that
//   instant (a range of closed_at). Without these the query would walk every dossier
//   received before `from`, i.e. the whole history.
// - withdrawn and rejected in the period: a range of closed_at.
// - steps done in the period, per officer: a range of tasks.completed_at.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('dossiers', (t) => {
    t.index(['closed_at'], 'dossiers_closed_at');
    // Open dossiers only: closed ones pile up forever and must not bloat these.
    t.index(['receiving_agency', 'received_at'], 'dossiers_open_receiving_received', {
      predicate: knex.whereRaw('closed_at is null'),
    });
    t.index(['appointment_at'], 'dossiers_open_appointment_at', { predicate: knex.whereRaw('closed_at is null') });
  });
  await knex.schema.alterTable('tasks', (t) => {
    // Done and cancelled steps both carry completed_at: "open at an instant" needs both.
    t.index(['completed_at'], 'tasks_completed_at');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('tasks', (t) => {
    t.dropIndex(['completed_at'], 'tasks_completed_at');
  });
  await knex.schema.alterTable('dossiers', (t) => {
    t.dropIndex(['appointment_at'], 'dossiers_open_appointment_at');
    t.dropIndex(['receiving_agency', 'received_at'], 'dossiers_open_receiving_received');
    t.dropIndex(['closed_at'], 'dossiers_closed_at');
  });
}
