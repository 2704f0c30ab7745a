// The reform officer's day in the designer (issue 20): a draft of a procedure kept on the
// server per procedure key and officer (not lost with the browser tab), and what each
// deployed version carries for the record — the change note, the number and effective
// date of the decision that approved it, and the reason an over-long procedure was
// deployed all the same.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('procedure_drafts', (t) => {
    // A procedure's key, or `new:<…>` for one not deployed yet.
    t.string('procedure_key', 128).notNullable();
    t.string('username', 64).notNullable();
    t.text('xml').notNullable();
    // The version it was drawn from (null for a new procedure or a file).
    t.integer('base_version');
    t.string('saved_at', 30).notNullable();
    t.primary(['procedure_key', 'username']);
  });
  await knex.schema.alterTable('procedure_versions', (t) => {
    t.text('change_note');
    t.string('decision_number', 128);
    // A local date `YYYY-MM-DD`: the day the approving decision takes effect.
    t.string('effective_from', 10);
    t.text('over_limit_reason');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('procedure_versions', (t) => {
    t.dropColumn('over_limit_reason');
    t.dropColumn('effective_from');
    t.dropColumn('decision_number');
    t.dropColumn('change_note');
  });
  await knex.schema.dropTable('procedure_drafts');
}
