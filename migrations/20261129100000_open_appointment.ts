// The drill-down's open dossiers for the whole province, by appointment (overdue, due soon).
// With the Decision 766 index's covering expression indexes over all dossiers
// (20261129080000_index766), SQLite — no statistics, every index taken for the same size —
// scanned one of those million-entry indexes for "open and overdue" instead of the few
// open dossiers (~400 ms at 1M). A partial index over the open ones, led by the
// appointment, gives the range it can search (server/store/reporting.ts adds the
// always-true upper bound that makes it a range for the OR'ed overdue condition too).
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('dossiers', (t) => {
    t.index(['appointment_at', 'status', 'receiving_agency', 'procedure_key', 'holding_agency', 'code', 'id'], 'dossiers_open_appointment', {
      predicate: knex.whereRaw('closed_at is null'),
    });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('dossiers', (t) => {
    t.dropIndex([], 'dossiers_open_appointment');
  });
}
