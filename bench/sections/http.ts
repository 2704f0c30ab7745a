// Over HTTP: the real server (server/app.ts startServer, in its own process, a fresh
// SQLite file, port 0, a FixedClock on a Tuesday morning), the demo accounts logged in
// once each, and N concurrent clients each driving dossiers through the REST API:
// POST /dossiers, then per step POST /tasks/:id/claim and POST /tasks/:id/complete.
// Every request is one action; its latency is measured at the client.
import { DEMO_PASSWORD } from '../../server/seed/demoData.js';
import { call, expectStatus, login } from '../lib/httpClient.js';
import { ACTIONS_PER_DOSSIER, BENCH_NOW, PERMIT_KEY, STEPS, applicant, permitXml } from '../lib/permit.js';
import { tempFile } from '../lib/province.js';
import { ADMIN_PASSWORD, ServerProcess } from '../lib/serverProcess.js';
import { nowMs, percentile, say, sleep } from '../lib/stats.js';

type Tokens = Map<string, string>;

interface Driver {
  url: string;
  tokens: Tokens;
  latencies: number[];
  /** Called around each request (the profile labels it). */
  around?: (label: string, fn: () => Promise<void>) => Promise<void>;
}

const plain = async (_label: string, fn: () => Promise<void>) => fn();

async function driveOverHttp(d: Driver, i: number): Promise<void> {
  const around = d.around ?? plain;
  const reception = d.tokens.get('commune.reception')!;
  let taskId = '';
  let stepId = '';
  await around('POST /dossiers', async () => {
    const r = await expectStatus(201, call(d.url, 'POST', '/dossiers', reception, { procedureKey: PERMIT_KEY, applicant: applicant(i), channel: 'desk' }), 'receive');
    d.latencies.push(r.ms);
    // A desk receipt completes the reception step itself (issue 20): the first open step is the next one.
    const open = r.body.tasks.find((t: { stepId: string; state: string }) => t.state === 'open');
    taskId = open.id;
    stepId = open.stepId;
  });
  let status = '';
  for (const [n, step] of STEPS.entries()) {
    if (step.stepId !== stepId) continue;
    const token = d.tokens.get(step.actor.username)!;
    await around('POST /tasks/:id/claim', async () => {
      const r = await expectStatus(200, call(d.url, 'POST', `/tasks/${encodeURIComponent(taskId)}/claim`, token, {}), `claim ${step.stepId}`);
      d.latencies.push(r.ms);
    });
    await around('POST /tasks/:id/complete', async () => {
      const body = step.outcome ? { outcome: step.outcome } : {};
      const r = await expectStatus(200, call(d.url, 'POST', `/tasks/${encodeURIComponent(taskId)}/complete`, token, body), `complete ${step.stepId}`);
      d.latencies.push(r.ms);
      status = r.body.dossier.status;
      if (n < STEPS.length - 1) {
        taskId = r.body.nextTasks[0].id;
        stepId = r.body.nextTasks[0].stepId;
      }
    });
  }
  if (status !== 'returned') throw new Error(`HTTP dossier ended ${status}`);
}

export interface HttpLoad {
  clients: number;
  actionsPerSecond: number;
  p50: number;
  p95: number;
  p99: number;
  requests: number;
  seconds: number;
}

async function load(url: string, tokens: Tokens, clients: number, dossiersPerClient: number, base: number): Promise<HttpLoad> {
  const latencies: number[] = [];
  const t0 = nowMs();
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      const d: Driver = { url, tokens, latencies };
      for (let k = 0; k < dossiersPerClient; k++) await driveOverHttp(d, base + c * 10_000 + k);
    }),
  );
  const seconds = (nowMs() - t0) / 1000;
  const requests = clients * dossiersPerClient * ACTIONS_PER_DOSSIER;
  return {
    clients,
    actionsPerSecond: requests / seconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    requests,
    seconds,
  };
}

export interface HttpResult {
  one: HttpLoad;
  many: HttpLoad;
  profileText: string;
  statementsPerRequest: number;
}

export async function measureHttp(options: { clients: number; dossiersPerClient: number; oneClientDossiers: number; profileDossiers: number }): Promise<HttpResult> {
  const server = await ServerProcess.start({ databaseUrl: tempFile('http.db'), clock: 'fixed', now: BENCH_NOW.toISOString(), profile: true });
  try {
    const admin = await login(server.url, 'admin', ADMIN_PASSWORD);
    await expectStatus(201, call(server.url, 'POST', '/procedures', admin, permitXml, 'application/xml'), 'deploy');
    const tokens: Tokens = new Map();
    for (const step of STEPS) {
      if (!tokens.has(step.actor.username)) tokens.set(step.actor.username, await login(server.url, step.actor.username, DEMO_PASSWORD));
    }
    // Warm-up: compile, JIT, the server's caches, the clients' keep-alive connections.
    await load(server.url, tokens, options.clients, 1, 900_000);

    // Where the statements go: a few dossiers one request at a time, each request labelled;
    // the pause lets the outbox publisher and the scheduler nudge (set off by the commit)
    // finish inside the request's label.
    for (let i = 0; i < options.profileDossiers; i++) {
      await driveOverHttp({ url: server.url, tokens, latencies: [] , around: async (label, fn) => {
        server.send({ type: 'profile', label });
        await fn();
        await sleep(25);
        server.send({ type: 'profile-end' });
      } }, 800_000 + i);
    }
    const report = await server.request<{ text: string; statementsPerAction: number }>({ type: 'profile-report' }, 'report');

    say(`HTTP: 1 client, ${options.oneClientDossiers} dossiers`);
    const one = await load(server.url, tokens, 1, options.oneClientDossiers, 0);
    say(`HTTP: ${options.clients} clients × ${options.dossiersPerClient} dossiers`);
    const many = await load(server.url, tokens, options.clients, options.dossiersPerClient, 100_000);
    return { one, many, profileText: report.text, statementsPerRequest: report.statementsPerAction };
  } finally {
    await server.stop();
  }
}
