// Indexes for the Decision 766 index (GET /api/index766, issue 18) at a million dossiers.
//
// The index judges a dossier when it is *finished* — the first of result ready
// (resolved_at), returned or closed otherwise (closed_at; a return closes too) — and an
// open one at the period's end. Both are ranges of one expression, "finished at":
//
//   coalesce(resolved_at, closed_at, '9999-12-31T23:59:59.999Z')
//
// an open dossier sorting last. Finished in the period = a range [from, to); open at the
// period's end = a range [asOf, end of time] (open now, or finished since). An index on
// the expression serves both, for all agencies and led by the receiving agency, covering
// what the buckets read (procedure, received_at, appointment_at, status, id), so neither
// query visits a table row. The store writes the same expression (FINISHED_AT below, the
// one home of its text: SQLite and PostgreSQL use an expression index only for the same
// expression), so no column has to be kept in step by the write path.
//
// The index's late rules read two kinds of history rows, partial indexes over each type:
// supplement requests (more than one is late; one asked after the due instant was
// already late), apology slips (late, policy default) — both by dossier and instant.
import type { Knex } from 'knex';

/** An open dossier's "finished at": after every instant. */
export const NEVER_FINISHED = '9999-12-31T23:59:59.999Z';

/** The expression the indexes below are built on; `alias` is the dossiers table's alias in a query. */
export const finishedAtSql = (alias?: string): string => {
  const c = (name: string) => (alias ? `${alias}.${name}` : name);
  return `coalesce(${c('resolved_at')}, ${c('closed_at')}, '${NEVER_FINISHED}')`;
};

// Every column the buckets read, so the range never visits a table row.
const COVER = 'procedure_key, received_at, appointment_at, status, resolved_at, closed_at, id';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`create index dossiers_index766_finished on dossiers ((${finishedAtSql()}), receiving_agency, ${COVER})`);
  await knex.raw(`create index dossiers_index766_agency_finished on dossiers (receiving_agency, (${finishedAtSql()}), ${COVER})`);
  await knex.schema.alterTable('events', (t) => {
    t.index(['dossier_id', 'at'], 'events_index766_supplements', { predicate: knex.whereRaw("type = 'supplementRequested'") });
    t.index(['dossier_id', 'at'], 'events_index766_apologies', { predicate: knex.whereRaw("type = 'apologized'") });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('events', (t) => {
    t.dropIndex([], 'events_index766_apologies');
    t.dropIndex([], 'events_index766_supplements');
  });
  await knex.raw('drop index dossiers_index766_agency_finished');
  await knex.raw('drop index dossiers_index766_finished');
}
