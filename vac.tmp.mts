import { openDatabase } from './server/store/index.js';
const knex = await openDatabase(process.argv[2], { schema: process.argv[3] });
await knex.raw('vacuum analyze dossiers'); await knex.raw('vacuum analyze tasks');
await knex.destroy();
