// The register (Sổ theo dõi hồ sơ, Mẫu 06): staff search every dossier they may see by
// code, applicant name, ID number or phone. `search_text` holds those, folded (lower case,
// no diacritics: server/store/searchText.ts), written once when a dossier is inserted —
// the code and the applicant never change afterwards. Older rows are filled here.
// No index of its own: the date range and the order use the existing ones on received_at
// (a write-path cost the register does not need; a contained LIKE reads rows anyway).
import type { Knex } from 'knex';
import { dossierSearchText } from '../server/store/searchText.js';

const BATCH = 500;

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('dossiers', (t) => {
    t.text('search_text').nullable();
  });
  let after = '';
  for (;;) {
    const rows: Array<{ id: string; code: string; applicant: string }> = await knex('dossiers')
      .where('id', '>', after)
      .orderBy('id')
      .limit(BATCH)
      .select('id', 'code', 'applicant');
    if (rows.length === 0) break;
    for (const row of rows) {
      const applicant = typeof row.applicant === 'string' ? JSON.parse(row.applicant) : row.applicant;
      await knex('dossiers').where({ id: row.id }).update({ search_text: dossierSearchText(row.code, applicant ?? {}) });
    }
    after = rows[rows.length - 1].id;
  }
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('dossiers', (t) => {
    t.dropColumn('search_text');
  });
}
