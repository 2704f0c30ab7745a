// Operations (issue 13): what keeps one dossier's failure from stopping the scheduler for
// everyone, and what a retried action needs to answer once it is committed.
//
// - `incidents`: scheduled work (a timer, a deadline check) that failed for one dossier.
//   One open row per dossier (resolved_at null), counting its attempts; the scheduler
//   leaves the dossier alone until `retry_at` (exponential backoff, bounded) while every
//   other dossier carries on. `GET /api/admin/incidents`, `POST …/:id/retry`.
// - `idempotency_keys.committed_at`: the action of this key was committed but its answer
//   could not be made; a retry rebuilds the answer and never runs the action again.
// Instants as in the foundation: ISO 8601 UTC strings of one shape, string(32).
import type { Knex } from 'knex';

const INSTANT = 32;

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('incidents', (t) => {
    t.increments('id');
    t.string('dossier_id', 64).notNullable();
    // What failed: `timer` (with the timer id in `ref`) or `deadlines` (due-soon, escalation).
    t.string('kind', 32).notNullable();
    t.string('ref', 96).nullable();
    // The error's code (a DomainError's, or INTERNAL) and its message (server side only).
    t.string('code', 64).notNullable();
    t.text('message').notNullable();
    t.integer('attempts').notNullable();
    t.string('first_failed_at', INSTANT).notNullable();
    t.string('last_failed_at', INSTANT).notNullable();
    t.string('retry_at', INSTANT).notNullable();
    t.string('resolved_at', INSTANT).nullable();
    // `scheduler` (a later pass succeeded) or the admin who retried it.
    t.string('resolved_by', 64).nullable();
    t.index(['dossier_id'], 'incidents_dossier_id');
    t.index(['retry_at'], 'incidents_open_retry_at', { predicate: knex.whereRaw('resolved_at is null') });
  });
  // One open incident per dossier, also with several server processes recording at once.
  await knex.raw('create unique index incidents_one_open on incidents (dossier_id) where resolved_at is null');
  await knex.schema.alterTable('idempotency_keys', (t) => {
    t.string('committed_at', INSTANT).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('idempotency_keys', (t) => {
    t.dropColumn('committed_at');
  });
  await knex.schema.dropTableIfExists('incidents');
}
