// Shared set-up for the live tests: a real server on a random port with the manual
// clock, real logins, real socket.io clients that record what they receive.
import { readFileSync } from 'node:fs';
import { io as connectSocket, type Socket } from 'socket.io-client';
import { startServer, type RunningServer, type StartServerOptions } from '../../server/app.js';
import { CITY, CITY_TAX, COMMUNE, DEMO_PASSWORD } from '../../server/seed/demoData.js';
import type { Actor } from '../../engine/index.js';
import type { TestDatabase } from '../support/databases.js';

export { COMMUNE, CITY, CITY_TAX };
export const ADMIN_PASSWORD = 'a long live-test password';

export const landXml = readFileSync(new URL('../engine/dossier/fixtures/land-transfer.bpmn', import.meta.url), 'utf8');

/** A Vietnamese wall-clock time: `vn('2026-11-12 09:00')`. */
export const vn = (local: string): Date => new Date(`${local.replace(' ', 'T')}:00+07:00`);

/** An instant printed back in Vietnamese wall-clock time. */
export function local(iso: string | null | undefined): string | null {
  if (!iso) return null;
  return new Date(new Date(iso).getTime() + 7 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The demo accounts that act in these tests (server/seed/demoData.ts). */
export const actors = {
  reception: { username: 'commune.reception', agencyCode: COMMUNE, roles: ['reception'] },
  specialist: { username: 'commune.specialist', agencyCode: COMMUNE, roles: ['specialist'] },
  head: { username: 'commune.head', agencyCode: COMMUNE, roles: ['head'] },
  taxSpecialist: { username: 'tax.specialist', agencyCode: CITY_TAX, roles: ['specialist'] },
} satisfies Record<string, Actor>;

export interface LiveServerOptions {
  /** Where the manual clock starts on a fresh database. */
  initial?: Date;
  port?: number;
  backlogGraceMs?: number;
  /** The publisher's safety interval (default 200 ms here). */
  publishIntervalMs?: number;
  scheduler?: StartServerOptions['scheduler'];
  manualClock?: boolean;
  /** Token expiry's clock (default: the real one, as in production). */
  sessionClock?: StartServerOptions['sessionClock'];
}

export function startLiveServer(db: TestDatabase, options: LiveServerOptions = {}): Promise<RunningServer> {
  return startServer({
    port: options.port ?? 0,
    host: '127.0.0.1',
    databaseUrl: db.url,
    database: db.options,
    adminPassword: ADMIN_PASSWORD,
    manualClock: options.manualClock === false ? false : { initial: options.initial ?? vn('2026-11-12 09:00') },
    live: { publisher: { intervalMs: options.publishIntervalMs ?? 200, backlogGraceMs: options.backlogGraceMs ?? 0 }, heartbeatIntervalMs: 300 },
    scheduler: options.scheduler,
    sessionClock: options.sessionClock,
  });
}

/** A bearer token through POST /api/auth/login, as a client gets one. */
export async function login(running: RunningServer, username: string, password = username === 'admin' ? ADMIN_PASSWORD : DEMO_PASSWORD): Promise<string> {
  const res = await fetch(`${running.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

export async function api(running: RunningServer, method: string, path: string, token: string | null, body?: unknown) {
  const res = await fetch(`${running.url}/api${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as any) : null };
}

/**
 * Moves the manual clock as an admin. A fresh login each time: the manual clock also
 * ages tokens, and a move of days outlives an 8-hour token.
 */
export async function moveClock(running: RunningServer, body: { now: string } | { advance: string }) {
  const res = await api(running, 'POST', '/admin/clock', await login(running, 'admin'), body);
  if (res.status !== 200) throw new Error(`clock move: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { now: string; from: string; steps: string[]; actions: number; direction: 'forward' | 'back'; notice?: string; noticeEn?: string };
}

export interface Received {
  event: string;
  payload: any;
}

/** A real socket.io client that keeps everything it receives. */
export class Listener {
  readonly received: Received[] = [];

  private constructor(
    readonly name: string,
    readonly socket: Socket,
  ) {
    socket.onAny((event: string, payload: unknown) => this.received.push({ event, payload }));
  }

  static async connect(running: RunningServer, token: string, name = 'socket'): Promise<Listener> {
    const socket = connectSocket(running.url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', (error) => reject(error));
    });
    return new Listener(name, socket);
  }

  static async as(running: RunningServer, username: string): Promise<Listener> {
    return Listener.connect(running, await login(running, username), username);
  }

  of(event: string, where: (payload: any) => boolean = () => true): any[] {
    return this.received.filter((r) => r.event === event && where(r.payload)).map((r) => r.payload);
  }

  events(): string[] {
    return this.received.map((r) => r.event);
  }

  /** Resolves with the first matching payload received (already or within the time limit). */
  async waitFor(event: string, where: (payload: any) => boolean = () => true, timeoutMs = 5_000): Promise<any> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.of(event, where);
      if (found.length > 0) return found[0];
      if (Date.now() > deadline) {
        throw new Error(`${this.name} did not receive ${event} within ${timeoutMs} ms; got ${JSON.stringify(this.events())}`);
      }
      await sleep(20);
    }
  }

  clear(): void {
    this.received.length = 0;
  }

  close(): void {
    this.socket.close();
  }
}

/**
 * Waits until nothing more is on its way: the outbox is drained and sent, then a moment
 * for the socket frames (and, on PostgreSQL, the NOTIFY round trip) to land.
 */
export async function settle(running: RunningServer, ms = 250): Promise<void> {
  await running.context.live?.flush();
  await sleep(ms);
}
