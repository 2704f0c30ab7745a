// One escalation reaching 1,000 connected sockets: the real server (own process, fresh
// SQLite, MOTCUA_CLOCK=manual from a Tuesday 09:00), 1,000 socket.io-client connections
// authenticated with tokens of the accounts who hear `task:overdue` of a step at the
// commune (the step's role room, the head, the dashboards of the commune's managers and
// leaders, the admin's), one dossier whose first step is due Wednesday 09:00. The clock
// is moved to a minute before (the due-soon warning goes out and is waited out), then,
// from t0, past the due instant through POST /api/admin/clock: the scheduler raises
// level 1, the outbox publisher sends it. Latency = arrival at each socket − t0.
import { io as connectSocket, type Socket } from 'socket.io-client';
import { DEMO_PASSWORD } from '../../server/seed/demoData.js';
import { call, expectStatus, login } from '../lib/httpClient.js';
import { BENCH_NOW, PERMIT_KEY, applicant, permitXml } from '../lib/permit.js';
import { tempFile } from '../lib/province.js';
import { ADMIN_PASSWORD, ServerProcess } from '../lib/serverProcess.js';
import { nowMs, percentile, say, sleep } from '../lib/stats.js';

const LISTENERS = ['commune.specialist', 'commune.head', 'commune.manager', 'commune.leader', 'district.manager', 'district.leader', 'admin'];

export interface SocketResult {
  sockets: number;
  received: number;
  p50: number;
  p99: number;
  max: number;
  /** Last arrival − first arrival: the fan-out itself, without the scheduler's pass before it. */
  spread: number;
  /** How long POST /api/admin/clock took to answer (the scheduler's pass included). */
  clockMoveMs: number;
  connectSeconds: number;
}

export async function measureSockets(options: { sockets: number }): Promise<SocketResult> {
  const server = await ServerProcess.start({ databaseUrl: tempFile('sockets.db'), clock: 'manual', now: BENCH_NOW.toISOString() });
  const sockets: Socket[] = [];
  try {
    const admin = await login(server.url, 'admin', ADMIN_PASSWORD);
    await expectStatus(201, call(server.url, 'POST', '/procedures', admin, permitXml, 'application/xml'), 'deploy');
    const tokens = new Map<string, string>();
    for (const u of [...LISTENERS, 'commune.reception']) tokens.set(u, u === 'admin' ? admin : await login(server.url, u, DEMO_PASSWORD));
    const received = await expectStatus(
      201,
      call(server.url, 'POST', '/dossiers', tokens.get('commune.reception')!, { procedureKey: PERMIT_KEY, applicant: applicant(1), channel: 'desk' }),
      'receive',
    );
    // The desk's receipt completes the reception step (issue 20): the first open step is the examination.
    const task = received.body.tasks.find((t: { state: string }) => t.state === 'open');
    const dueAt = new Date(task.dueAt).getTime();

    const arrivals = new Map<number, number>();
    let t0 = Number.POSITIVE_INFINITY;
    let connected = 0;
    const c0 = nowMs();
    const connectOne = (n: number) =>
      new Promise<void>((resolve, reject) => {
        const user = LISTENERS[n % LISTENERS.length];
        const socket = connectSocket(server.url, { auth: { token: tokens.get(user) }, transports: ['websocket'], reconnection: false, forceNew: true });
        sockets.push(socket);
        socket.on('task:overdue', (payload: { taskId?: string }) => {
          if (payload.taskId === task.id && !arrivals.has(n)) arrivals.set(n, nowMs() - t0);
        });
        socket.once('connect', () => {
          connected += 1;
          resolve();
        });
        socket.once('connect_error', reject);
      });
    // 50 handshakes at a time: a crowd arriving, not a stampede.
    for (let n = 0; n < options.sockets; n += 50) {
      await Promise.all(Array.from({ length: Math.min(50, options.sockets - n) }, (_, k) => connectOne(n + k)));
    }
    const connectSeconds = (nowMs() - c0) / 1000;
    say(`sockets: ${connected} connected in ${connectSeconds.toFixed(1)} s`);

    // A minute before the due instant: the due-soon warning is raised and published now.
    await expectStatus(200, call(server.url, 'POST', '/admin/clock', admin, { now: new Date(dueAt - 60_000).toISOString() }), 'clock');
    await sleep(1500);
    if (arrivals.size > 0) throw new Error('task:overdue before the due instant');
    t0 = nowMs();
    const moved = await expectStatus(200, call(server.url, 'POST', '/admin/clock', admin, { now: new Date(dueAt + 60_000).toISOString() }), 'clock');
    const deadline = nowMs() + 30_000;
    while (arrivals.size < options.sockets && nowMs() < deadline) await sleep(5);
    const latencies = [...arrivals.values()];
    say(`sockets: ${latencies.length}/${options.sockets} got task:overdue (clock move answered in ${moved.ms.toFixed(0)} ms)`);
    return {
      sockets: options.sockets,
      received: latencies.length,
      p50: percentile(latencies, 50),
      p99: latencies.length < options.sockets ? Number.POSITIVE_INFINITY : percentile(latencies, 99),
      max: Math.max(...latencies),
      spread: Math.max(...latencies) - Math.min(...latencies),
      clockMoveMs: moved.ms,
      connectSeconds,
    };
  } finally {
    for (const s of sockets) s.disconnect();
    await server.stop();
  }
}
