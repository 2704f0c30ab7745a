// A million dossiers: bulk-loaded (lib/millionLoader.ts), then
// - the scheduler's idle tick, in-process on the file: what one wake-up costs when
//   nothing is due — DossierService.runDue(100) (due timers, due tasks: both empty) and
//   nextDueAfter (server/scheduler/nextDue.ts), exactly the Scheduler's pass + arm;
// - over HTTP against the real server on that file (own process, FixedClock at "now",
//   one client, requests one after another): GET /api/tasks for clerks, GET
//   /api/dashboard for the current month for one agency and for the whole province, and
//   GET /api/index766 (the Decision 766 index) for the same views.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FixedClock } from '../../server/clock.js';
import { DEMO_PASSWORD } from '../../server/seed/demoData.js';
import { nextDueAfter } from '../../server/scheduler/nextDue.js';
import { DossierService } from '../../server/services/dossierService.js';
import { openDatabase } from '../../server/store/index.js';
import { call, expectStatus, login } from '../lib/httpClient.js';
import { MILLION_NOW, loadMillion, type MillionInfo } from '../lib/millionLoader.js';
import { tempFile } from '../lib/province.js';
import { ADMIN_PASSWORD, ServerProcess } from '../lib/serverProcess.js';
import { median, nowMs, percentile, say } from '../lib/stats.js';

export interface Timing {
  p50: number;
  p95: number;
  max: number;
  n: number;
  /** Answer size (items of the inbox, bytes of the dashboard). */
  size: number;
}

export interface MillionResult {
  info: MillionInfo;
  reused: boolean;
  tick: { median: number; p95: number; runDue: number; nextDue: number; n: number };
  inbox: Record<string, Timing>;
  dashboard: Record<string, Timing>;
  /** GET /api/index766, the same month and views as the dashboard (issue 18). */
  index766: Record<string, Timing>;
  avgStateBytes: number;
}

/** The sources the file is made from: a cached file is reused only while they are unchanged. */
function sourceHash(total: number): string {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const files = [
    ...readdirSync(path.join(root, 'migrations')).map((f) => `migrations/${f}`),
    ...readdirSync(path.join(root, 'procedures/truoc-2025')).filter((f) => f.endsWith('.bpmn')).map((f) => `procedures/truoc-2025/${f}`),
    'bench/lib/millionLoader.ts',
    'bench/lib/templates.ts',
    'bench/lib/bigProvince.ts',
    'bench/fixtures/permit.bpmn',
    'server/seed/demoData.ts',
  ];
  const hash = createHash('sha256').update(String(total));
  for (const f of files.sort()) hash.update(f).update(readFileSync(path.join(root, f)));
  return hash.digest('hex').slice(0, 16);
}

async function timed(n: number, warm: number, fn: () => Promise<number>): Promise<Timing> {
  let size = 0;
  for (let i = 0; i < warm; i++) size = await fn();
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = nowMs();
    size = await fn();
    samples.push(nowMs() - t);
  }
  return { p50: percentile(samples, 50), p95: percentile(samples, 95), max: Math.max(...samples), n, size };
}

export async function measureMillion(options: {
  dossiers: number;
  ticks: number;
  inboxRequests: number;
  dashboardRequests: number;
  /** BENCH_CACHE_DIR: keep the loaded file there and reuse it while its sources are unchanged. */
  cacheDir?: string;
}): Promise<MillionResult> {
  const file = tempFile('million.db');
  let info: MillionInfo;
  let reused = false;
  const cached = options.cacheDir ? path.join(options.cacheDir, `million-${sourceHash(options.dossiers)}.db`) : null;
  if (cached && existsSync(cached) && existsSync(`${cached}.json`)) {
    say(`1M: reusing ${cached}`);
    copyFileSync(cached, file);
    info = { ...(JSON.parse(readFileSync(`${cached}.json`, 'utf8')) as MillionInfo), file };
    reused = true;
  } else {
    info = await loadMillion(file, options.dossiers);
    if (cached) {
      mkdirSync(path.dirname(cached), { recursive: true });
      copyFileSync(file, cached);
      const { writeFileSync } = await import('node:fs');
      writeFileSync(`${cached}.json`, JSON.stringify(info));
    }
  }
  say(`1M: ${info.dossiers} dossiers, ${info.tasks} tasks (${info.openTasks} open), ${(statSync(file).size / 2 ** 30).toFixed(2)} GiB, loaded in ${info.seconds.toFixed(0)} s`);

  // The scheduler's idle tick, in-process.
  const knex = await openDatabase(file);
  const service = new DossierService(knex, new FixedClock(MILLION_NOW));
  const tick = async () => {
    const a = nowMs();
    const due = await service.runDue(100);
    const b = nowMs();
    const next = await nextDueAfter(knex, MILLION_NOW);
    const c = nowMs();
    if (due.length > 0) throw new Error(`idle tick found ${due.length} due actions`);
    if (!next || next.getTime() <= MILLION_NOW.getTime()) throw new Error('no next due instant after now');
    return [b - a, c - b];
  };
  for (let i = 0; i < 5; i++) await tick();
  const totals: number[] = [];
  const runDues: number[] = [];
  const nextDues: number[] = [];
  for (let i = 0; i < options.ticks; i++) {
    const [r, n] = await tick();
    runDues.push(r);
    nextDues.push(n);
    totals.push(r + n);
  }
  const avg = await knex('dossiers').avg({ n: knex.raw('length(state)') }).first();
  await knex.destroy();
  const tickResult = { median: median(totals), p95: percentile(totals, 95), runDue: median(runDues), nextDue: median(nextDues), n: options.ticks };
  say(`1M: idle tick median ${tickResult.median.toFixed(2)} ms (runDue ${tickResult.runDue.toFixed(2)}, nextDueAfter ${tickResult.nextDue.toFixed(2)})`);

  // The real server on the file.
  const server = await ServerProcess.start({ databaseUrl: file, clock: 'fixed', now: MILLION_NOW.toISOString() });
  try {
    const token = async (u: string) => login(server.url, u, u === 'admin' ? ADMIN_PASSWORD : DEMO_PASSWORD);
    const inbox: Record<string, Timing> = {};
    for (const clerk of ['district.specialist', 'tax.specialist', 'commune.specialist']) {
      const t = await token(clerk);
      inbox[clerk] = await timed(options.inboxRequests, 3, async () => {
        const r = await expectStatus(200, call(server.url, 'GET', '/tasks', t), `inbox ${clerk}`);
        return r.body.total as number;
      });
      say(`1M: GET /tasks as ${clerk} (${inbox[clerk].size} tasks): p95 ${inbox[clerk].p95.toFixed(1)} ms`);
    }
    const dashboard: Record<string, Timing> = {};
    const month = { from: '2026-11-01', to: '2026-11-30' };
    const views: Array<[name: string, user: string, query: string]> = [
      ['agency', 'district.manager', `?from=${month.from}&to=${month.to}&agency=000.00.23.H40`],
      ['province', 'admin', `?from=${month.from}&to=${month.to}`],
      ['commune', 'commune.manager', `?from=${month.from}&to=${month.to}`],
    ];
    for (const [name, user, query] of views) {
      const t = await token(user);
      // A slow view is sampled less (the budget of the whole run): 5 times past 5 s, 10 past 1.5 s.
      const probe = nowMs();
      await expectStatus(200, call(server.url, 'GET', `/dashboard${query}`, t), `dashboard ${name}`);
      const first = nowMs() - probe;
      const n = first > 5000 ? Math.min(options.dashboardRequests, 5) : first > 1500 ? Math.min(options.dashboardRequests, 10) : options.dashboardRequests;
      dashboard[name] = await timed(n, 2, async () => {
        const r = await expectStatus(200, call(server.url, 'GET', `/dashboard${query}`, t), `dashboard ${name}`);
        return JSON.stringify(r.body).length;
      });
      say(`1M: GET /dashboard ${name} (${user}${query}): p95 ${dashboard[name].p95.toFixed(1)} ms over ${n}`);
    }
    // The Decision 766 index: the same month and views, sampled the same way.
    const index766: Record<string, Timing> = {};
    for (const [name, user, query] of views) {
      const t = await token(user);
      const probe = nowMs();
      await expectStatus(200, call(server.url, 'GET', `/index766${query}`, t), `index766 ${name}`);
      const first = nowMs() - probe;
      const n = first > 5000 ? Math.min(options.dashboardRequests, 5) : first > 1500 ? Math.min(options.dashboardRequests, 10) : options.dashboardRequests;
      index766[name] = await timed(n, 2, async () => {
        const r = await expectStatus(200, call(server.url, 'GET', `/index766${query}`, t), `index766 ${name}`);
        return JSON.stringify(r.body).length;
      });
      say(`1M: GET /index766 ${name} (${user}${query}): p95 ${index766[name].p95.toFixed(1)} ms over ${n}`);
    }
    return { info, reused, tick: tickResult, inbox, dashboard, index766, avgStateBytes: Number(avg?.n ?? 0) };
  } finally {
    await server.stop();
  }
}
