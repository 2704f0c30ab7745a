// API tests drive the real server: `startServer` on port 0 over a fresh SQLite file or
// a fresh PostgreSQL schema, seeded with the README's demo agencies and accounts, with
// a FixedClock the test moves. Requests go through `fetch`, exactly as a client's would.
import { readFileSync } from 'node:fs';
import { startServer, type RunningServer, type StartServerOptions } from '../../server/app.js';
import { FixedClock } from '../../server/clock.js';
import { DEMO_PASSWORD } from '../../server/seed/demoData.js';
import type { DatabaseTarget, TestDatabase } from '../support/databases.js';

export const ADMIN_PASSWORD = 'mat-khau-quan-tri-thu-nghiem';

/** The README's agencies. */
export const COMMUNE = '000.01.23.H40';
export const SECOND_COMMUNE = '000.02.23.H40';
export const CITY = '000.00.23.H40';
export const TAX = '000.51.23.H40';

export const landTransferXml = readFileSync(new URL('../engine/dossier/fixtures/land-transfer.bpmn', import.meta.url), 'utf8');

export const interopXml = (name: string): string =>
  readFileSync(new URL(`../engine/bpmn/fixtures/interop/${name}.bpmn`, import.meta.url), 'utf8');

/** A Vietnamese wall-clock time: `vn('2026-11-12 09:00')`. */
export const vn = (local: string): Date => new Date(`${local.replace(' ', 'T')}:00+07:00`);

/** An instant printed back in Vietnamese wall-clock time, for assertions to the minute. */
export function local(iso: string | null | undefined): string | null {
  if (!iso) return null;
  const d = new Date(new Date(iso).getTime() + 7 * 3600_000);
  return d.toISOString().slice(0, 16).replace('T', ' ');
}

export interface Reply<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface RequestOptions {
  body?: unknown;
  /** Sent as is (with `contentType`), not as JSON. */
  raw?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

/** A logged-in (or anonymous) caller of the API. */
export class Caller {
  constructor(
    readonly baseUrl: string,
    readonly token: string | null,
    readonly username: string | null = null,
  ) {}

  async request<T = any>(method: string, path: string, options: RequestOptions = {}): Promise<Reply<T>> {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    let body: string | undefined;
    if (options.raw !== undefined) {
      body = options.raw;
      headers['content-type'] = options.contentType ?? 'application/xml';
    } else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] = 'application/json';
    }
    const res = await fetch(`${this.baseUrl}/api${path}`, { method, headers, body });
    const text = await res.text();
    const type = res.headers.get('content-type') ?? '';
    return { status: res.status, body: type.includes('json') && text ? JSON.parse(text) : text, headers: res.headers } as Reply<T>;
  }

  get<T = any>(path: string, options?: RequestOptions) {
    return this.request<T>('GET', path, options);
  }
  post<T = any>(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('POST', path, { body: body ?? {}, headers });
  }
  put<T = any>(path: string, body?: unknown) {
    return this.request<T>('PUT', path, { body });
  }
}

export interface ApiServer {
  running: RunningServer;
  db: TestDatabase;
  clock: FixedClock;
  url: string;
  anonymous: Caller;
  /** Logs in (once per username) with the README password. */
  as(username: string, password?: string): Promise<Caller>;
  close(): Promise<void>;
}

export async function login(url: string, username: string, password: string): Promise<Reply> {
  return new Caller(url, null).post('/auth/login', { username, password });
}

export async function startApi(target: DatabaseTarget, now: Date | string = vn('2026-11-12 08:00'), extra: Partial<StartServerOptions> = {}): Promise<ApiServer> {
  const db = await target.open();
  const clock = new FixedClock(now);
  const running = await startServer({
    port: 0,
    host: '127.0.0.1',
    databaseUrl: db.url,
    database: db.options,
    clock,
    // The API tests walk one fixed clock through days, throttling windows and token
    // lifetimes alike; test/live/sessions.test.ts shows sessions on real time by default.
    sessionClock: clock,
    adminPassword: ADMIN_PASSWORD,
    ...extra,
  });
  const url = `http://127.0.0.1:${running.port}`;
  // Tokens age with the test's clock (2 h without renewal), so a walk across hours logs in again.
  const callers = new Map<string, { caller: Caller; expiresAt: number }>();
  return {
    running,
    db,
    clock,
    url,
    anonymous: new Caller(url, null),
    async as(username, password) {
      const known = callers.get(username);
      if (known && password === undefined && known.expiresAt > clock.now().getTime()) return known.caller;
      const reply = await login(url, username, password ?? (username === 'admin' ? ADMIN_PASSWORD : DEMO_PASSWORD));
      if (reply.status !== 200) throw new Error(`login ${username}: ${reply.status} ${JSON.stringify(reply.body)}`);
      const caller = new Caller(url, reply.body.token, username);
      callers.set(username, { caller, expiresAt: new Date(reply.body.expiresAt).getTime() });
      return caller;
    },
    async close() {
      await running.close();
      await db.cleanup();
    },
  };
}

/** The applicant of the walk-through: a citizen transferring land use rights. */
export const APPLICANT = { name: 'Nguyễn Văn An', idNumber: '062090001234', phone: '0905123456', email: 'an.nguyen@example.vn' };

/** The open task of a step in a dossier. */
export function openTask(dossier: { tasks: Array<{ stepId: string; state: string; id: string }> }, stepId: string) {
  const task = dossier.tasks.find((t) => t.stepId === stepId && t.state === 'open');
  if (!task) throw new Error(`no open ${stepId}: ${dossier.tasks.map((t) => `${t.stepId}/${t.state}`).join(', ')}`);
  return task as any;
}
