// Tables the HTTP API needs beyond the foundation: failed logins (throttling) and
// idempotent replies. Both live in the database, not in memory, because several server
// processes share one database and a client's retry may land on another process.
// Same conventions as the foundation: instants are fixed-width ISO strings, JSON is text.
import type { Knex } from 'knex';

const INSTANT = 32;

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('login_failures', (t) => {
    t.increments('id');
    // Lower-cased as typed, whether or not such an account exists: guessing at unknown
    // usernames is throttled the same way.
    t.string('username', 128).notNullable();
    t.string('ip', 64).notNullable();
    t.string('at', INSTANT).notNullable();
    // The throttle counts one (username, ip) pair's failures in a recent window.
    t.index(['username', 'ip', 'at'], 'login_failures_username_ip_at');
    // Old rows are purged by age.
    t.index(['at'], 'login_failures_at');
  });

  await knex.schema.createTable('idempotency_keys', (t) => {
    // The key is the client's, so it is only unique per user.
    t.integer('user_id').notNullable();
    t.string('key', 255).notNullable();
    // sha256 of method, path and body: a reuse with another request is refused.
    t.string('fingerprint', 64).notNullable();
    t.string('method', 8).notNullable();
    t.string('path', 500).notNullable();
    // null while the first request is still running.
    t.integer('status').nullable();
    t.text('response').nullable();
    t.string('created_at', INSTANT).notNullable();
    t.primary(['user_id', 'key']);
    t.index(['created_at'], 'idempotency_keys_created_at');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('idempotency_keys');
  await knex.schema.dropTableIfExists('login_failures');
}
