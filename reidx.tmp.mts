import { openDatabase } from './server/store/index.js';
import * as m from './migrations/20261122020000_reporting.js';
const knex = await openDatabase(process.argv[2], process.argv[3] ? { schema: process.argv[3] } : {});
for (const i of ['dossiers_closed_at','dossiers_received_at','dossiers_open_receiving_received','dossiers_open_appointment_at','tasks_completed_at']) await knex.raw(`drop index if exists ${i}`);
await m.up(knex);
await knex.raw('analyze');
await knex.destroy();
