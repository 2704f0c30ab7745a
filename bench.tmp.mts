// Scratch: a million dossiers, then the dashboard's queries, timed and explained.
import { openDatabase, migrate, databaseKind } from './server/store/index.js';
import { buildDashboard } from './server/services/dashboard.js';
import { WorkingCalendar } from './engine/index.js';
import { randomBytes } from 'node:crypto';

const url = process.argv[2];
const N = Number(process.argv[3] ?? 1_000_000);
const schema = process.env.SCHEMA ?? `bench_${randomBytes(4).toString('hex')}`;
const knex = await openDatabase(url, url.startsWith('postgres') ? { schema } : {});
const kind = databaseKind(knex);
await migrate(knex);
const agencies = Array.from({ length: 50 }, (_, i) => `A${String(i).padStart(2, '0')}`);
if (process.argv[4] !== 'reuse') {
const now = '2026-01-01T00:00:00.000Z';
await knex('agencies').insert({ code: 'P', name: 'Province', level: 'province', created_at: now });
await knex('agencies').insert(agencies.map((code) => ({ code, name: code, level: 'commune', parent_code: 'P', created_at: now })));
for (let p = 0; p < 20; p++) {
  await knex('procedures').insert({ key: `p${p}`, name: `Thủ tục ${p}`, latest_version: 1, created_at: now });
  await knex('procedure_versions').insert({ procedure_key: `p${p}`, version: 1, xml: '', model: '{}', deployed_by: 'x', deployed_at: now, warnings: '[]' });
}
}
const t0 = Date.now();
if (process.argv[4] !== 'reuse') {
// n → received over 3 years (2024-01-01 + n * ~94 s); 97% closed within ~10 days; appointment +7 days.
if (kind === 'sqlite') {
  await knex.raw(`
  with recursive seq(n) as (select 1 union all select n + 1 from seq where n < ${N})
  insert into dossiers (id, code, lookup_secret, procedure_key, procedure_version, status, result, channel, receiving_agency, holding_agency,
    applicant, received_at, appointment_at, original_appointment_at, paused_minutes, returned_at, closed_at, state, version, created_at, updated_at)
  select 'd' || n, 'c' || n, 'S', 'p' || (n % 20), 1,
    case when n % 33 = 0 then 'processing' when n % 50 = 1 then 'withdrawn' when n % 50 = 2 then 'rejected' else 'returned' end,
    case when n % 33 = 0 or n % 50 in (1,2) then null when n % 3 = 0 then 'early' when n % 3 = 1 then 'onTime' else 'late' end,
    case n % 3 when 0 then 'desk' when 1 then 'online' else 'post' end,
    'A' || printf('%02d', n % 50), 'A' || printf('%02d', n % 50), '{}',
    strftime('%Y-%m-%dT%H:%M:%fZ', 1704067200 + n * 94, 'unixepoch'),
    strftime('%Y-%m-%dT%H:%M:%fZ', 1704067200 + n * 94 + 7 * 86400, 'unixepoch'),
    strftime('%Y-%m-%dT%H:%M:%fZ', 1704067200 + n * 94 + 7 * 86400, 'unixepoch'), 0,
    case when n % 33 = 0 or n % 50 in (1,2) then null else strftime('%Y-%m-%dT%H:%M:%fZ', 1704067200 + n * 94 + (n % 10) * 86400, 'unixepoch') end,
    case when n % 33 = 0 then null else strftime('%Y-%m-%dT%H:%M:%fZ', 1704067200 + n * 94 + (n % 10) * 86400, 'unixepoch') end,
    '{}', 1, '', ''
  from seq`);
  await knex.raw(`
  with recursive seq(n) as (select 1 union all select n + 1 from seq where n < ${N})
  insert into tasks (id, dossier_id, step_id, name, role, agency_code, assignee, state, started_at, due_at, completed_at, completed_by, verdict)
  select 'd' || n || '.' || k, 'd' || n, 'S' || k, 'Bước', 'specialist', 'A' || printf('%02d', n % 50), 'u' || (n % 500),
    case when n % 33 = 0 and k = 2 then 'open' else 'done' end,
    strftime('%Y-%m-%dT%H:%M:%fZ', 1704067200 + n * 94 + (k - 1) * 86400, 'unixepoch'),
    strftime('%Y-%m-%dT%H:%M:%fZ', 1704067200 + n * 94 + k * 86400, 'unixepoch'),
    case when n % 33 = 0 and k = 2 then null else strftime('%Y-%m-%dT%H:%M:%fZ', 1704067200 + n * 94 + k * 80000 + (n % 7) * 20000, 'unixepoch') end,
    case when n % 33 = 0 and k = 2 then null else 'u' || (n % 500) end,
    case when n % 33 = 0 and k = 2 then null when n % 7 >= 5 then 'late' else 'onTime' end
  from seq, (select 1 as k union all select 2)`);
  await knex.raw('analyze');
} else {
  const ts = (e: string) => `to_char(to_timestamp(${e}) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
  await knex.raw(`
  insert into dossiers (id, code, lookup_secret, procedure_key, procedure_version, status, result, channel, receiving_agency, holding_agency,
    applicant, received_at, appointment_at, original_appointment_at, paused_minutes, returned_at, closed_at, state, version, created_at, updated_at)
  select 'd' || n, 'c' || n, 'S', 'p' || (n % 20), 1,
    case when n % 33 = 0 then 'processing' when n % 50 = 1 then 'withdrawn' when n % 50 = 2 then 'rejected' else 'returned' end,
    case when n % 33 = 0 or n % 50 in (1,2) then null when n % 3 = 0 then 'early' when n % 3 = 1 then 'onTime' else 'late' end,
    case n % 3 when 0 then 'desk' when 1 then 'online' else 'post' end,
    'A' || lpad((n % 50)::text, 2, '0'), 'A' || lpad((n % 50)::text, 2, '0'), '{}',
    ${ts('1704067200 + n * 94')}, ${ts('1704067200 + n * 94 + 7 * 86400')}, ${ts('1704067200 + n * 94 + 7 * 86400')}, 0,
    case when n % 33 = 0 or n % 50 in (1,2) then null else ${ts('1704067200 + n * 94 + (n % 10) * 86400')} end,
    case when n % 33 = 0 then null else ${ts('1704067200 + n * 94 + (n % 10) * 86400')} end,
    '{}', 1, '', ''
  from generate_series(1, ${N}) n`);
  await knex.raw(`
  insert into tasks (id, dossier_id, step_id, name, role, agency_code, assignee, state, started_at, due_at, completed_at, completed_by, verdict)
  select 'd' || n || '.' || k, 'd' || n, 'S' || k, 'Bước', 'specialist', 'A' || lpad((n % 50)::text, 2, '0'), 'u' || (n % 500),
    case when n % 33 = 0 and k = 2 then 'open' else 'done' end,
    ${ts('1704067200 + n * 94 + (k - 1) * 86400')}, ${ts('1704067200 + n * 94 + k * 86400')},
    case when n % 33 = 0 and k = 2 then null else ${ts('1704067200 + n * 94 + k * 80000 + (n % 7) * 20000')} end,
    case when n % 33 = 0 and k = 2 then null else 'u' || (n % 500) end,
    case when n % 33 = 0 and k = 2 then null when n % 7 >= 5 then 'late' else 'onTime' end
  from generate_series(1, ${N}) n, generate_series(1, 2) k`);
  await knex.raw('analyze');
}
}
console.log(`${kind}: loaded ${N} dossiers in ${Date.now() - t0} ms`);
const cal = new WorkingCalendar();
const admin = { id: 1, username: 'admin', fullName: 'a', agencyCode: 'P', roles: ['admin'] };
const manager = { id: 2, username: 'm', fullName: 'm', agencyCode: 'A07', roles: ['manager'] };
const nowD = new Date('2026-11-15T03:00:00Z');
for (const [label, user, q] of [
  ['admin, this month', admin, {}],
  ['admin, Nov 2025', admin, { from: '2025-11-01', to: '2025-11-30' }],
  ['admin, year 2025', admin, { from: '2025-01-01', to: '2025-12-31' }],
  ['commune manager, this month', manager, {}],
  ['admin, one procedure, last quarter', admin, { from: '2026-08-01', to: '2026-10-31', procedure: 'p3' }],
] as const) {
  for (let i = 0; i < 2; i++) {
    const t = Date.now();
    const d = await buildDashboard(knex, cal, user as any, nowD, q as any);
    if (i === 1) console.log(`${label}: ${Date.now() - t} ms  received=${d.totals.received} carried=${d.totals.carriedOver} inProgress=${d.totals.inProgress} officers=${d.byOfficer.length} overdue=${JSON.stringify(d.overdueTotal)}`);
  }
}
if (url.startsWith('postgres') && !process.env.KEEP) await knex.raw('drop schema ?? cascade', [schema]); else console.log('schema', schema);
await knex.destroy();
