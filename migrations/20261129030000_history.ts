// The history is append-only in the database itself and tamper-evident (issue 13):
// - `events.hash`: SHA-256 of the previous row's hash of the same dossier and this row's
//   canonical content (the rule: server/store/history.ts); `dossiers.last_event_hash`:
//   the hash of the dossier's last event, read with the dossier and written in the same
//   UPDATE as its new version, so the write path chains without a read of its own and a
//   row cut off the end of a history shows.
// - Rows of older databases are hashed here, in (dossier, seq) order, before the triggers.
// - Triggers refuse UPDATE and DELETE on `events` (and TRUNCATE on PostgreSQL): nothing
//   of the application changes history, so whoever tries is stopped by the database.
//   Dropping the table (a rollback, a restore with --force) is still possible for the
//   owner of the schema: the triggers guard against mistakes and the application, the
//   chain against the rest (`npm run verify-history`).
import type { Knex } from 'knex';
import { backfillHistoryHashes } from '../server/store/history.js';

const HASH = 64;
const APPEND_ONLY = 'history is append-only: events rows cannot be updated or deleted';

const isPostgres = (knex: Knex) => ['pg', 'postgres', 'postgresql'].includes(String(knex.client.config.client));

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('events', (t) => {
    t.string('hash', HASH).nullable();
  });
  await knex.schema.alterTable('dossiers', (t) => {
    t.string('last_event_hash', HASH).nullable();
  });
  await backfillHistoryHashes(knex);
  if (isPostgres(knex)) {
    await knex.raw(`
      create or replace function events_append_only() returns trigger language plpgsql as $$
      begin
        raise exception '${APPEND_ONLY}' using errcode = 'P0001', hint = 'HISTORY_APPEND_ONLY';
      end
      $$`);
    await knex.raw('create trigger events_append_only before update or delete on events for each row execute function events_append_only()');
    await knex.raw('create trigger events_append_only_truncate before truncate on events for each statement execute function events_append_only()');
  } else {
    await knex.raw(`create trigger events_append_only_update before update on events begin select raise(abort, '${APPEND_ONLY}'); end`);
    await knex.raw(`create trigger events_append_only_delete before delete on events begin select raise(abort, '${APPEND_ONLY}'); end`);
  }
}

export async function down(knex: Knex): Promise<void> {
  if (isPostgres(knex)) {
    await knex.raw('drop trigger if exists events_append_only_truncate on events');
    await knex.raw('drop trigger if exists events_append_only on events');
    await knex.raw('drop function if exists events_append_only()');
  } else {
    await knex.raw('drop trigger if exists events_append_only_update');
    await knex.raw('drop trigger if exists events_append_only_delete');
  }
  // Plain ALTER TABLE … DROP COLUMN on both (SQLite ≥ 3.35): knex's SQLite fallback
  // would copy the whole table.
  await knex.raw('alter table dossiers drop column last_event_hash');
  await knex.raw('alter table events drop column hash');
}
