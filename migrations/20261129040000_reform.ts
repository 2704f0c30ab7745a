// The 2025 reform (issue 15; DOMAIN.md "Since 1 July 2025"; Decree 118/2025/NĐ-CP):
// - `dossiers.competent_agency`, `dossiers.return_at`: the agency competent to decide and
//   the return place (an agency code or `post`), chosen at intake — province-wide intake
//   makes the receiving center, the competent agency and the return place three things.
//   Projections of the engine state like holding_agency; records, never rewritten. Rows
//   of older databases get the receiving agency for both: what they meant.
// - `agencies.merged_into`, `agencies.merged_at`: an agency merged into another stays (its
//   code is in dossier codes, history and statistics, its name on old papers) but takes
//   nothing new; work goes to its successor.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('agencies', (t) => {
    t.string('merged_into', 64).nullable();
    t.string('merged_at', 32).nullable();
    t.index(['merged_into'], 'agencies_merged_into');
  });
  await knex.schema.alterTable('dossiers', (t) => {
    t.string('competent_agency', 64).nullable();
    t.string('return_at', 64).nullable();
  });
  await knex('dossiers').whereNull('competent_agency').update({ competent_agency: knex.ref('receiving_agency') });
  await knex('dossiers').whereNull('return_at').update({ return_at: knex.ref('receiving_agency') });
  // Who may see a dossier (server/auth/permissions.ts) asks for the competent agency's.
  await knex.schema.alterTable('dossiers', (t) => {
    t.index(['competent_agency', 'received_at'], 'dossiers_competent_received');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('dossiers', (t) => {
    t.dropIndex([], 'dossiers_competent_received');
  });
  await knex.schema.alterTable('agencies', (t) => {
    t.dropIndex([], 'agencies_merged_into');
  });
  // Plain ALTER TABLE … DROP COLUMN on both (SQLite ≥ 3.35), as the history migration does.
  await knex.raw('alter table dossiers drop column return_at');
  await knex.raw('alter table dossiers drop column competent_agency');
  await knex.raw('alter table agencies drop column merged_at');
  await knex.raw('alter table agencies drop column merged_into');
}
