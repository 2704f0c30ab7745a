// Tried as a new user would (issue 13): `NODE_ENV=production npm start` without an admin
// password, or with the documented default, refuses to start with a clear message and a
// non-zero exit before listening; with a strong one it starts, and no demo account exists.
// The real entry point (server/main.ts) in a child process, on a fresh SQLite file.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_ADMIN_PASSWORD, DEMO_PASSWORD } from '../../server/seed/demoData.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const dir = mkdtempSync(path.join(tmpdir(), 'motcua-production-'));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Starts `tsx server/main.ts` in production; resolves at exit, or once it says it runs (then `stop` ends it). */
function start(env: Record<string, string | undefined>, database: string) {
  const child = spawn(TSX, ['server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production', PORT: '0', DATABASE_URL: path.join(dir, database), MOTCUA_ADMIN_PASSWORD: undefined, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<Run>((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
  const running = new Promise<string | null>((resolve) => {
    child.stdout.on('data', () => {
      const match = /running on (http:\/\/\S+)/.exec(stdout);
      if (match) resolve(match[1]);
    });
    void exited.then(() => resolve(null));
  });
  return { child, exited, running };
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('NODE_ENV=production, started as an operator would', () => {
  it('refuses to start without MOTCUA_ADMIN_PASSWORD, saying so, before listening', async () => {
    const run = await start({}, 'none.db').exited;
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('MOTCUA_ADMIN_PASSWORD is not set; the server does not start');
    expect(run.stderr).toContain('chưa đặt MOTCUA_ADMIN_PASSWORD');
    expect(run.stdout).not.toMatch(/running on/);
  });

  it('refuses the documented default password and a weak one', async () => {
    const byDefault = await start({ MOTCUA_ADMIN_PASSWORD: DEFAULT_ADMIN_PASSWORD }, 'default.db').exited;
    expect(byDefault.code).not.toBe(0);
    expect(byDefault.stderr).toContain('MOTCUA_ADMIN_PASSWORD is the documented default');
    const weak = await start({ MOTCUA_ADMIN_PASSWORD: 'admin123' }, 'weak.db').exited;
    expect(weak.code).not.toBe(0);
    expect(weak.stderr).toContain('MOTCUA_ADMIN_PASSWORD is too weak');
  });

  it('with a strong password starts with only the admin: no demo agency, no demo account', async () => {
    const password = 'Mot-mat-khau-that-manh-2026';
    const server = start({ MOTCUA_ADMIN_PASSWORD: password }, 'fresh.db');
    try {
      const url = await server.running;
      expect(url, (await Promise.race([server.exited, Promise.resolve(null)]))?.stderr).toBeTruthy();
      const base = url!.replace('localhost', '127.0.0.1');
      const login = (username: string, pw: string) =>
        fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: pw }) });
      expect((await login('admin', DEFAULT_ADMIN_PASSWORD)).status).toBe(401);
      for (const demo of ['commune.reception', 'district.head', 'tax.specialist']) expect((await login(demo, DEMO_PASSWORD)).status, demo).toBe(401);
      const admin = await login('admin', password);
      expect(admin.status).toBe(200);
      const token = ((await admin.json()) as { token: string }).token;
      const get = async (p: string) => (await fetch(`${base}/api${p}`, { headers: { authorization: `Bearer ${token}` } })).json() as Promise<{ items: Array<{ username?: string; code?: string }> }>;
      expect((await get('/users')).items.map((u) => u.username)).toEqual(['admin']);
      expect((await get('/agencies')).items.map((a) => a.code)).toEqual(['quan-tri']);
      // A new account must have a strong password in production.
      const weak = await fetch(`${base}/api/users`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ username: 'clerk.one', password: 'demo123', fullName: 'Clerk', agencyCode: 'quan-tri', roles: ['reception'] }),
      });
      expect(weak.status).toBe(422);
      expect(((await weak.json()) as { error: { code: string } }).error.code).toBe('WEAK_PASSWORD');
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  }, 240_000);
});
