import { openDatabase } from './server/store/index.js';
const knex = await openDatabase(process.argv[2]);
await knex.raw('create index if not exists dossiers_received_at on dossiers (received_at)');
await knex.raw('analyze');
await knex.destroy();
