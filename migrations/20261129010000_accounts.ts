// Accounts that can be taken back (issue 13, CONTRACT.md §6.3): every user carries a
// token version, written into each token it signs; disabling, re-roling or re-passwording
// the user raises it, and a token of an older version is refused by every server process
// on the database within a few seconds (server/auth/accountState.ts). The throttle counts
// failed logins per address as well as per (username, address): an index for that.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.integer('token_version').notNullable().defaultTo(0);
  });
  await knex.schema.alterTable('login_failures', (t) => {
    t.index(['ip', 'at'], 'login_failures_ip_at');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('login_failures', (t) => {
    t.dropIndex(['ip', 'at'], 'login_failures_ip_at');
  });
  await knex.schema.alterTable('users', (t) => {
    t.dropColumn('token_version');
  });
}
