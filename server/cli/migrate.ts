// `npm run migrate`: apply pending migrations to DATABASE_URL (default the SQLite file).
import { migrate, openDatabase } from '../store/index.js';

const knex = await openDatabase(process.env.DATABASE_URL || undefined);
try {
  const applied = await migrate(knex);
  console.log(applied.length > 0 ? `applied: ${applied.join(', ')}` : 'database is up to date');
} finally {
  await knex.destroy();
}
