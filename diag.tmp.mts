import { openDatabase } from './server/store/index.js';
import { buildDashboard } from './server/services/dashboard.js';
import { WorkingCalendar } from './engine/index.js';
const url = process.argv[2];
const knex = await openDatabase(url, process.argv[3] ? { schema: process.argv[3] } : {});
const started = new Map<string, number>();
const log: Array<[number, string, any[]]> = [];
knex.on('query', (q: any) => started.set(q.__knexQueryUid, Date.now()));
knex.on('query-response', (_r: any, q: any) => log.push([Date.now() - started.get(q.__knexQueryUid)!, q.sql, q.bindings]));
const admin = process.env.AS_MANAGER ? { id: 2, username: 'm', fullName: 'm', agencyCode: 'A07', roles: ['manager'] } : { id: 1, username: 'admin', fullName: 'a', agencyCode: 'P', roles: ['admin'] };
const q = JSON.parse(process.argv[4] ?? '{}');
const t = Date.now();
await buildDashboard(knex, new WorkingCalendar(), admin as any, new Date('2026-11-15T03:00:00Z'), q);
console.log('total', Date.now() - t);
for (const [ms, sql, b] of log.sort((a, b) => b[0] - a[0]).slice(0, Number(process.env.TOP ?? 8))) {
  console.log(ms, 'ms:', sql.slice(0, 400));
  if (process.argv[5]) {
    const plan = await knex.raw((url.startsWith('postgres') ? 'explain analyze ' : 'explain query plan ') + sql.replace(/\$\d+/g, '?'), b);
    console.log(JSON.stringify(url.startsWith('postgres') ? plan.rows.map((r: any) => r['QUERY PLAN']) : plan.map((r: any) => r.detail), null, 1));
  }
}
await knex.destroy();
