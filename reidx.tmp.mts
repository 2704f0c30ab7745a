import { openDatabase } from './server/store/index.js';
import * as m from './migrations/20261122020000_reporting.js';
const url = process.argv[2];
const knex = await openDatabase(url, process.argv[3] ? { schema: process.argv[3] } : {});
for (const i of ['dossiers_closed_at','dossiers_received_at','dossiers_open','dossiers_open_appointment_at','tasks_completed_at','tasks_open_due_cover','events_apologized']) await knex.raw(`drop index if exists ${i}`);
await m.up(knex);
await knex.raw(url.startsWith('postgres') ? 'vacuum analyze' : 'analyze');
await knex.destroy();
