// Real servers for the citizens' tests (issue 17): an SMTP server (smtp-server) that keeps
// what it receives, a webhook receiver that fails as told, a payment gateway double — all
// real local HTTP/SMTP servers — and MộtCửa started against them.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { startServer, type RunningServer } from '../../server/app.js';
import { FixedClock } from '../../server/clock.js';
import { DEMO_PASSWORD } from '../../server/seed/demoData.js';
import { sign } from '../../server/citizens/signature.js';
import type { DatabaseTarget, TestDatabase } from '../support/databases.js';

export const ADMIN_PASSWORD = 'mat-khau-quan-tri-thu-nghiem';
export const PAYMENT_SECRET = 'payment-gateway-shared-secret';
export const PORTAL_SECRET = 'national-portal-shared-secret';
export const vn = (local: string): Date => new Date(`${local.replace(' ', 'T')}:00+07:00`);
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function until<T>(what: string, probe: () => Promise<T | null | undefined | false> | T | null | undefined | false, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

export interface Mail {
  to: string;
  raw: string;
  subject: string;
  text: string;
}

function decodeMail(raw: string): { subject: string; text: string } {
  const [head, ...rest] = raw.split(/\r?\n\r?\n/);
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  const subjectLine = /^Subject: (.*)$/im.exec(unfolded)?.[1] ?? '';
  const subject = subjectLine.replace(/=\?utf-8\?([BQ])\?([^?]*)\?=\s*/gi, (_m, enc: string, data: string) =>
    enc.toUpperCase() === 'B' ? Buffer.from(data, 'base64').toString('utf8') : Buffer.from(data.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_x, h) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'),
  );
  let body = rest.join('\n\n');
  if (/Content-Transfer-Encoding: quoted-printable/i.test(unfolded)) {
    body = Buffer.from(body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_x, h) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
  } else if (/Content-Transfer-Encoding: base64/i.test(unfolded)) {
    body = Buffer.from(body.replace(/\s/g, ''), 'base64').toString('utf8');
  }
  return { subject, text: body };
}

export async function startSmtp(): Promise<{ port: number; mails: Mail[]; close(): Promise<void> }> {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        for (const rcpt of session.envelope.rcptTo) mails.push({ to: rcpt.address, raw, ...decodeMail(raw) });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { port, mails, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

export interface Received {
  body: string;
  json: any;
  headers: IncomingMessage['headers'];
}

/** A real HTTP server; `answer` decides each reply's status (and body). */
export async function startHttp(answer: (req: Received, n: number) => { status: number; body?: unknown }): Promise<{ url: string; received: Received[]; close(): Promise<void>; server: Server }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const entry = { body, json: body ? JSON.parse(body) : null, headers: req.headers };
      received.push(entry);
      const reply = answer(entry, received.length);
      res.writeHead(reply.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(reply.body ?? {}));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, received, server, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

export class Api {
  constructor(
    readonly base: string,
    readonly token: string | null = null,
  ) {}
  async call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}, raw?: string) {
    const res = await fetch(`${this.base}/api${path}`, {
      method,
      headers: { ...(this.token ? { authorization: `Bearer ${this.token}` } : {}), ...(body !== undefined || raw !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
    });
    const text = await res.text();
    return { status: res.status, body: text && (res.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : text };
  }
  get = (path: string) => this.call('GET', path);
  post = (path: string, body: unknown = {}, headers?: Record<string, string>) => this.call('POST', path, body, headers);
  /** A signed POST, as the portal or the gateway sends it. */
  signed = (path: string, secret: string, body: unknown) => {
    const raw = JSON.stringify(body);
    return this.call('POST', path, undefined, { 'x-motcua-signature': sign(secret, raw) }, raw);
  };
}

export interface World {
  db: TestDatabase;
  running: RunningServer;
  clock: FixedClock;
  anonymous: Api;
  as(username: string): Promise<Api>;
  smtp: Awaited<ReturnType<typeof startSmtp>>;
  gateway: Awaited<ReturnType<typeof startHttp>>;
  close(): Promise<void>;
}

export async function startWorld(target: DatabaseTarget, now = vn('2026-11-16 08:00')): Promise<World> {
  const db = await target.open();
  const smtp = await startSmtp();
  const gateway = await startHttp((req) => ({ status: 200, body: { payUrl: `https://pay.example.vn/checkout/${req.json.paymentId}`, reference: `GW-${req.json.paymentId.slice(0, 8)}` } }));
  const clock = new FixedClock(now);
  const running = await startServer({
    port: 0,
    host: '127.0.0.1',
    databaseUrl: db.url,
    database: db.options,
    clock,
    adminPassword: ADMIN_PASSWORD,
    live: { publisher: { intervalMs: 50, backlogGraceMs: 0 } },
    integrations: {
      webhookAllow: ['127.0.0.1'],
      smtp: { url: `smtp://127.0.0.1:${smtp.port}`, from: 'MộtCửa <no-reply@motcua.test>' },
      payment: { url: `${gateway.url}/payments`, secret: PAYMENT_SECRET },
      portal: { secret: PORTAL_SECRET },
      publicUrl: 'https://motcua.test',
      delivery: { backoffMs: 60, attempts: 5, intervalMs: 40, leaseMs: 10_000, timeoutMs: 3_000 },
    },
  });
  const base = `http://127.0.0.1:${running.port}`;
  const tokens = new Map<string, Api>();
  return {
    db,
    running,
    clock,
    smtp,
    gateway,
    anonymous: new Api(base),
    async as(username) {
      const known = tokens.get(username);
      if (known) return known;
      const login = await new Api(base).post('/auth/login', { username, password: username === 'admin' ? ADMIN_PASSWORD : DEMO_PASSWORD });
      if (login.status !== 200) throw new Error(`login ${username}: ${login.status}`);
      const api = new Api(base, login.body.token);
      tokens.set(username, api);
      return api;
    },
    async close() {
      await running.close();
      await Promise.all([smtp.close(), gateway.close()]);
      await db.cleanup();
    },
  };
}
