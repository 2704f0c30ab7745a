// The foundation schema. One file runs unchanged on SQLite and PostgreSQL, so it uses
// only what both understand through knex:
//
// - Instants are ISO 8601 UTC strings of one fixed shape, `YYYY-MM-DDTHH:mm:ss.sssZ`
//   (24 characters, what `Date#toISOString()` prints), in `string(32)` columns. The store
//   normalises every instant to that shape before writing (`dbInstant` in
//   server/store/db.ts). Fixed width with the separators in the same places means plain
//   string comparison = chronological order, and equal instants are equal strings, on
//   both databases and under any collation. timestamptz would not survive SQLite, which
//   has no date type and would hand back whatever text it was given.
// - JSON is `text` (SQLite has no json type; PostgreSQL's json would change equality and
//   key order). The store serialises and parses.
// - Booleans are knex booleans: SQLite stores 0/1, the store maps them back.
// - Partial indexes are expressed with knex's `predicate`, which both dialects compile
//   to `create index … where …`.
import type { Knex } from 'knex';

// Long enough for `toISOString()` (24) and for an offset form if one ever slips through.
const INSTANT = 32;

function instant(table: Knex.CreateTableBuilder, name: string): Knex.ColumnBuilder {
  return table.string(name, INSTANT);
}

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('agencies', (t) => {
    // Decision 20/2020/QĐ-TTg identifiers, e.g. `000.00.23.H40`.
    t.string('code', 64).primary();
    t.string('name', 255).notNullable();
    t.string('name_en', 255).nullable();
    t.string('level', 16).notNullable().checkIn(['commune', 'district', 'province']);
    // Matched by `mc:agency="kind:<kind>"` (e.g. `tax`, `land-office`).
    t.string('kind', 64).nullable();
    t.string('parent_code', 64).nullable().references('code').inTable('agencies');
    instant(t, 'created_at').notNullable();
    t.index(['parent_code'], 'agencies_parent_code');
  });

  await knex.schema.createTable('users', (t) => {
    t.increments('id');
    t.string('username', 64).notNullable().unique({ indexName: 'users_username_unique' });
    t.string('password_hash', 255).notNullable();
    t.string('full_name', 255).notNullable();
    t.string('agency_code', 64).notNullable().references('code').inTable('agencies');
    t.boolean('active').notNullable().defaultTo(true);
    instant(t, 'created_at').notNullable();
    t.index(['agency_code'], 'users_agency_code');
  });

  await knex.schema.createTable('user_roles', (t) => {
    t.integer('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE');
    t.string('role', 64).notNullable();
    t.primary(['user_id', 'role']);
  });

  await knex.schema.createTable('procedures', (t) => {
    // The BPMN process id: stable across versions.
    t.string('key', 128).primary();
    t.string('code', 64).nullable();
    t.string('name', 500).notNullable();
    t.integer('latest_version').notNullable();
    instant(t, 'created_at').notNullable();
  });

  await knex.schema.createTable('procedure_versions', (t) => {
    t.string('procedure_key', 128).notNullable().references('key').inTable('procedures');
    t.integer('version').notNullable();
    // Deployed versions are immutable: running dossiers keep the version they started on.
    t.text('xml').notNullable();
    t.text('model').notNullable();
    t.string('time_limit', 64).nullable();
    t.string('level', 16).nullable();
    t.string('deployed_by', 64).notNullable();
    instant(t, 'deployed_at').notNullable();
    t.text('warnings').notNullable();
    t.primary(['procedure_key', 'version']);
  });

  await knex.schema.createTable('dossiers', (t) => {
    t.string('id', 64).primary();
    t.string('code', 64).notNullable().unique({ indexName: 'dossiers_code_unique' });
    t.string('lookup_secret', 16).notNullable();
    t.string('procedure_key', 128).notNullable();
    t.integer('procedure_version').notNullable();
    t.foreign(['procedure_key', 'procedure_version'])
      .references(['procedure_key', 'version'])
      .inTable('procedure_versions');
    t.string('status', 32).notNullable();
    t.string('result', 16).nullable();
    t.string('channel', 16).notNullable();
    t.string('receiving_agency', 64).notNullable().references('code').inTable('agencies');
    t.string('holding_agency', 64).notNullable().references('code').inTable('agencies');
    t.text('applicant').notNullable();
    instant(t, 'received_at').notNullable();
    instant(t, 'appointment_at').notNullable();
    instant(t, 'original_appointment_at').notNullable();
    t.integer('paused_minutes').notNullable().defaultTo(0);
    instant(t, 'resolved_at').nullable();
    instant(t, 'returned_at').nullable();
    instant(t, 'closed_at').nullable();
    // The whole engine DossierState; the columns above are its queryable projection.
    t.text('state').notNullable();
    // Optimistic concurrency: every save is `where version = <the version loaded>`.
    t.integer('version').notNullable();
    instant(t, 'created_at').notNullable();
    instant(t, 'updated_at').notNullable();
    // The reporting form (DOMAIN.md, "What managers watch") slices by agency,
    // procedure and period, and counts what is still open or returned in the period.
    t.index(['receiving_agency', 'received_at'], 'dossiers_receiving_received');
    t.index(['procedure_key', 'received_at'], 'dossiers_procedure_received');
    t.index(['status'], 'dossiers_status');
    t.index(['holding_agency', 'status'], 'dossiers_holding_status');
    t.index(['returned_at'], 'dossiers_returned_at');
  });

  await knex.schema.createTable('tasks', (t) => {
    // `<dossierId>.<n>`, minted by the engine.
    t.string('id', 96).primary();
    t.string('dossier_id', 64).notNullable().references('id').inTable('dossiers');
    t.string('step_id', 128).notNullable();
    t.string('name', 500).notNullable();
    t.string('role', 64).notNullable();
    t.string('agency_code', 64).notNullable().references('code').inTable('agencies');
    t.string('assignee', 64).nullable();
    t.string('state', 16).notNullable().checkIn(['open', 'done', 'cancelled']);
    instant(t, 'started_at').notNullable();
    t.string('allotted', 64).nullable();
    instant(t, 'due_at').nullable();
    instant(t, 'due_soon_at').nullable();
    t.boolean('due_soon_notified').notNullable().defaultTo(false);
    // The next instant the scheduler must look at this task (decided by the engine);
    // null = nothing pending. Lets the scheduler sleep until the earliest one instead
    // of polling every dossier.
    instant(t, 'wake_at').nullable();
    t.integer('escalation_level').notNullable().defaultTo(0);
    instant(t, 'completed_at').nullable();
    t.string('completed_by', 64).nullable();
    t.string('outcome', 128).nullable();
    t.text('comment').nullable();
    t.string('verdict', 16).nullable();
    // Only open tasks are ever due; closed ones pile up forever and must not bloat
    // the indexes the scheduler reads.
    t.index(['due_at'], 'tasks_open_due_at', { predicate: knex.whereRaw("state = 'open'") });
    t.index(['wake_at'], 'tasks_open_wake_at', { predicate: knex.whereRaw("state = 'open'") });
    t.index(['agency_code', 'role', 'state'], 'tasks_agency_role_state');
    t.index(['assignee', 'state'], 'tasks_assignee_state');
    t.index(['dossier_id'], 'tasks_dossier_id');
  });

  await knex.schema.createTable('timers', (t) => {
    t.string('id', 96).primary();
    t.string('dossier_id', 64).notNullable().references('id').inTable('dossiers');
    t.string('node_id', 128).notNullable();
    t.string('kind', 32).notNullable();
    instant(t, 'due_at').notNullable();
    t.string('task_id', 96).nullable();
    t.integer('repeats_left').nullable();
    instant(t, 'fired_at').nullable();
    t.index(['due_at'], 'timers_pending_due_at', { predicate: knex.whereRaw('fired_at is null') });
    t.index(['dossier_id'], 'timers_dossier_id');
  });

  await knex.schema.createTable('events', (t) => {
    t.increments('id');
    t.string('dossier_id', 64).notNullable().references('id').inTable('dossiers');
    // Position in the dossier's history; the unique key makes a second writer with a
    // stale view fail instead of interleaving.
    t.integer('seq').notNullable();
    t.string('type', 32).notNullable();
    t.string('actor', 64).nullable();
    t.string('task_id', 96).nullable();
    t.string('step_id', 128).nullable();
    instant(t, 'at').notNullable();
    t.text('details').notNullable();
    instant(t, 'appointment_before').nullable();
    instant(t, 'appointment_after').nullable();
    t.unique(['dossier_id', 'seq'], { indexName: 'events_dossier_seq_unique' });
  });

  await knex.schema.createTable('outbox', (t) => {
    t.increments('id');
    t.string('dossier_id', 64).nullable().references('id').inTable('dossiers');
    t.string('topic', 64).notNullable();
    t.text('payload').notNullable();
    instant(t, 'created_at').notNullable();
    instant(t, 'published_at').nullable();
    t.index(['published_at', 'id'], 'outbox_published_id');
  });

  await knex.schema.createTable('calendar_overrides', (t) => {
    t.integer('year').primary();
    t.text('holidays').notNullable();
    t.text('working_days').notNullable();
    t.string('updated_by', 64).notNullable();
    instant(t, 'updated_at').notNullable();
  });

  await knex.schema.createTable('dossier_sequences', (t) => {
    t.string('agency_code', 64).notNullable();
    // YYMMDD of the local (Asia/Ho_Chi_Minh) day, as printed in the dossier code.
    t.string('day', 6).notNullable();
    t.integer('last').notNullable();
    t.primary(['agency_code', 'day']);
  });

  await knex.schema.createTable('escalations', (t) => {
    // One row per (task, level): a second attempt to raise the same level, from a
    // restarted or a parallel scheduler, hits the primary key and rolls back.
    t.string('task_id', 96).notNullable().references('id').inTable('tasks');
    t.integer('level').notNullable();
    t.string('dossier_id', 64).notNullable().references('id').inTable('dossiers');
    instant(t, 'at').notNullable();
    t.primary(['task_id', 'level']);
  });

  await knex.schema.createTable('settings', (t) => {
    t.string('key', 128).primary();
    t.text('value').notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  // Children before parents, so the foreign keys never block a drop.
  for (const table of [
    'settings',
    'escalations',
    'dossier_sequences',
    'calendar_overrides',
    'outbox',
    'events',
    'timers',
    'tasks',
    'dossiers',
    'procedure_versions',
    'procedures',
    'user_roles',
    'users',
    'agencies',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
}
