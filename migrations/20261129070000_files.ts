// Documents (issue 16, CONTRACT.md §6.3): the files of a dossier — scans of its
// components taken at the desk (số hóa), working files, the result and its signed
// electronic copy — and the checklist of components the desk received.
//
// A file row never changes and is never deleted: the bytes live in the file store
// (server/files), content-addressed by their SHA-256 (`sha256`), so an upload never
// overwrites anything and the same scan twice is stored once. A signed result is a new
// row (`source_file_id` = the PDF it was signed from). Same conventions as the
// foundation: instants are fixed-width ISO strings.
import type { Knex } from 'knex';

const INSTANT = 32;

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('files', (t) => {
    // The order files arrived in (the business clock may stand still in a demo).
    t.increments('seq');
    t.string('id', 64).notNullable().unique();
    t.string('dossier_id', 64).notNullable();
    t.string('name', 255).notNullable();
    t.string('media_type', 64).notNullable();
    t.bigInteger('size').notNullable();
    t.string('sha256', 64).notNullable();
    // A component key of the procedure (a scan of it), or null for working files and results.
    t.string('component', 64).nullable();
    // `component`, `working` or `result`.
    t.string('purpose', 16).notNullable();
    t.string('uploaded_by', 128).notNullable();
    t.string('uploaded_at', INSTANT).notNullable();
    // A signed electronic result (PAdES): who signed (the certificate's subject) and when.
    t.boolean('signed').notNullable().defaultTo(false);
    t.string('signer', 500).nullable();
    t.string('signed_at', INSTANT).nullable();
    t.string('source_file_id', 64).nullable();
    t.index(['dossier_id', 'uploaded_at'], 'files_dossier');
  });

  await knex.schema.createTable('dossier_components', (t) => {
    t.string('dossier_id', 64).notNullable();
    t.string('component_key', 64).notNullable();
    t.string('received_by', 128).notNullable();
    t.string('received_at', INSTANT).notNullable();
    t.primary(['dossier_id', 'component_key']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('dossier_components');
  await knex.schema.dropTableIfExists('files');
}
