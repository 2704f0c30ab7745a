// A migrated database holding the small province of the engine tests: what every
// integration test starts from.
import { createAgency, migrate } from '../../server/store/index.js';
import type { DatabaseTarget, TestDatabase } from '../support/databases.js';
import { agencies } from '../engine/dossier/support.js';

export async function openProvince(target: DatabaseTarget): Promise<TestDatabase> {
  const db = await target.open();
  await migrate(db.knex);
  for (const a of agencies) await createAgency(db.knex, { ...a, nameEn: null }, '2026-01-01T00:00:00.000Z');
  return db;
}
