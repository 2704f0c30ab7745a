// Citizens and the national portal (issue 17): outbound webhooks and their deliveries,
// notifications to citizens (the same delivery table), the per-dossier sync state with the
// national portal (Decision 766 metric 1.4), dossiers handed over by the portal (idempotent
// on its id), payments with electronic receipts, and the citizens' ratings.
//
// Every delivery row is written by the outbox fan-out (server/citizens/fanout.ts) in the
// transaction that marks the outbox row published: a status change becomes its webhooks
// and notifications once, or not at all. The worker (server/citizens/worker.ts) sends them.
import type { Knex } from 'knex';

/** Instants are fixed-width ISO 8601 UTC strings, as everywhere in the store (db.ts dbInstant). */
const instant = (t: Knex.CreateTableBuilder, name: string) => t.string(name, 32);

export async function up(knex: Knex): Promise<void> {
  // Outbound webhooks an admin registered. `portal`: this target is the National Public
  // Service Portal; its deliveries make a dossier's sync state (dossier_sync).
  await knex.schema.createTable('webhooks', (t) => {
    t.string('id', 64).primary();
    t.string('url', 2000).notNullable();
    t.text('events').notNullable(); // JSON array of event names
    t.string('secret', 200).notNullable();
    t.boolean('portal').notNullable().defaultTo(false);
    t.boolean('active').notNullable().defaultTo(true);
    t.string('created_by', 64).notNullable();
    instant(t, 'created_at').notNullable();
  });

  // What goes out: one row per (outbox row, target). kind: webhook | email | sms | zalo.
  // status: pending → sent, or failed after the last attempt. `dedupe_key` makes a second
  // fan-out of the same outbox row a no-op.
  await knex.schema.createTable('deliveries', (t) => {
    t.increments('id');
    t.string('dedupe_key', 200).notNullable().unique();
    t.string('kind', 16).notNullable();
    t.string('webhook_id', 64).nullable().references('id').inTable('webhooks');
    t.string('dossier_id', 64).nullable().references('id').inTable('dossiers');
    t.string('event', 64).notNullable();
    // The webhook URL, the e-mail address or the phone number.
    t.string('target', 2000).notNullable();
    // The exact body a webhook receives (signed as is), or the rendered message.
    t.text('payload').notNullable();
    t.string('status', 16).notNullable();
    t.integer('attempts').notNullable().defaultTo(0);
    instant(t, 'next_attempt_at').notNullable();
    // A worker's lease: another process takes the row only after it lapsed (a crash mid-send).
    instant(t, 'locked_until').nullable();
    t.text('last_error').nullable();
    instant(t, 'created_at').notNullable();
    instant(t, 'sent_at').nullable();
    t.index(['status', 'next_attempt_at'], 'deliveries_due');
    t.index(['dossier_id', 'id'], 'deliveries_dossier');
  });

  // Decision 766 metric 1.4 (synced to the national portal): one row per dossier that has
  // had something to send to a portal webhook. state: pending (something not yet
  // delivered), sent (everything delivered), failed (a delivery gave up after its retries).
  await knex.schema.createTable('dossier_sync', (t) => {
    t.string('dossier_id', 64).primary().references('id').inTable('dossiers');
    t.string('state', 16).notNullable();
    instant(t, 'last_sent_at').nullable();
    t.text('last_error').nullable();
    instant(t, 'updated_at').notNullable();
    t.index(['state'], 'dossier_sync_state');
  });

  // Dossiers filed on the national portal and handed over: its id → ours, once.
  await knex.schema.createTable('inbound_filings', (t) => {
    t.string('source', 32).notNullable();
    t.string('external_id', 128).notNullable();
    t.string('dossier_id', 64).notNullable().references('id').inTable('dossiers');
    instant(t, 'created_at').notNullable();
    t.primary(['source', 'external_id']);
  });

  // Fees: cash at the desk (paid at once, an electronic receipt number) or online through
  // the payment gateway (pending until its signed callback says paid).
  await knex.schema.createTable('payments', (t) => {
    t.string('id', 64).primary();
    t.string('dossier_id', 64).notNullable().references('id').inTable('dossiers');
    t.bigInteger('amount').notNullable();
    t.string('method', 16).notNullable();
    t.string('status', 16).notNullable(); // pending | paid | failed
    t.string('receipt_number', 64).nullable().unique();
    t.string('pay_url', 2000).nullable();
    t.string('gateway_ref', 128).nullable();
    t.string('transaction_id', 128).nullable();
    t.string('agency_code', 64).notNullable();
    t.string('created_by', 64).notNullable();
    instant(t, 'created_at').notNullable();
    instant(t, 'paid_at').nullable();
    t.index(['dossier_id'], 'payments_dossier');
  });

  // A citizen's rating after return: once per dossier (the primary key).
  await knex.schema.createTable('ratings', (t) => {
    t.string('dossier_id', 64).primary().references('id').inTable('dossiers');
    t.integer('score').notNullable(); // 1 not satisfied, 2 satisfied, 3 very satisfied
    t.text('comment').nullable();
    t.string('agency_code', 64).notNullable();
    instant(t, 'rated_at').notNullable();
    t.index(['agency_code', 'rated_at'], 'ratings_agency');
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['ratings', 'payments', 'inbound_filings', 'dossier_sync', 'deliveries', 'webhooks']) {
    await knex.schema.dropTableIfExists(table);
  }
}
