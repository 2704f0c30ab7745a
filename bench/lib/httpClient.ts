// A small JSON client over node:http with keep-alive (lighter than fetch, so the clients
// take as little as possible of the core the server does not use). Each call is timed.
import http from 'node:http';
import { nowMs } from './stats.js';

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

export interface Reply<T = any> {
  status: number;
  body: T;
  ms: number;
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    what: string,
  ) {
    super(`${what}: ${status} ${JSON.stringify(body).slice(0, 300)}`);
  }
}

export function call<T = any>(baseUrl: string, method: string, path: string, token: string | null, body?: unknown, contentType = 'application/json'): Promise<Reply<T>> {
  const url = new URL(`/api${path}`, baseUrl);
  const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  const headers: Record<string, string> = {};
  if (payload !== undefined) {
    headers['content-type'] = contentType;
    headers['content-length'] = String(Buffer.byteLength(payload));
  }
  if (token) headers.authorization = `Bearer ${token}`;
  const at = nowMs();
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const type = String(res.headers['content-type'] ?? '');
        let parsed: unknown = text;
        if (type.includes('json') && text) parsed = JSON.parse(text);
        resolve({ status: res.statusCode ?? 0, body: parsed as T, ms: nowMs() - at });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

/** Calls and insists on the status. */
export async function expectStatus<T = any>(status: number, reply: Promise<Reply<T>>, what: string): Promise<Reply<T>> {
  const r = await reply;
  if (r.status !== status) throw new HttpError(r.status, r.body, what);
  return r;
}

export async function login(baseUrl: string, username: string, password: string): Promise<string> {
  const r = await expectStatus(200, call(baseUrl, 'POST', '/auth/login', null, { username, password }), `login ${username}`);
  return r.body.token as string;
}
