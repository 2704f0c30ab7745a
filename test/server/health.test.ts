import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../server/app.js';
import { DEMO_PASSWORD, DEMO_USERS } from '../../server/seed/demoData.js';
import { verifyPassword } from '../../server/auth/passwords.js';
import { agencyTree, findUserByUsername, listUsers } from '../../server/store/index.js';
import { databaseTargets, type TestDatabase } from '../support/databases.js';

const NOW = new Date('2026-11-12T02:00:00.000Z');

describe.each(databaseTargets)('the server on $kind', (target) => {
  let db: TestDatabase;
  let running: RunningServer;
  beforeAll(async () => {
    db = await target.open();
    running = await startServer({
      port: 0,
      host: '127.0.0.1',
      databaseUrl: db.url,
      database: db.options,
      clock: { now: () => NOW },
      adminPassword: 'a long test password',
    });
  });
  afterAll(async () => {
    await running?.close();
    await db?.cleanup();
  });

  it('answers /api/health after pinging the database, with the injected clock', async () => {
    const res = await fetch(`${running.url}/api/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, database: target.kind, now: '2026-11-12T02:00:00.000Z' });
  });

  it('stamps every API answer, refusals too, with the injected clock in X-Server-Time (the web app counts down from it)', async () => {
    const health = await fetch(`${running.url}/api/health`);
    expect(health.headers.get('x-server-time')).toBe('2026-11-12T02:00:00.000Z');
    const refused = await fetch(`${running.url}/api/tasks`);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('x-server-time')).toBe('2026-11-12T02:00:00.000Z');
  });

  it('serves the web app at / (or, before its first build, a notice) and a JSON 404 for unknown API routes', async () => {
    const page = await fetch(`${running.url}/`);
    expect(page.status).toBe(200);
    const html = await page.text();
    // The built index.html, or the plain notice a server started without a build gives.
    expect(html.includes('<div id="root"></div>') || html.includes('the web app is not built')).toBe(true);
    const missing = await fetch(`${running.url}/api/nothing-here`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('seeded the empty database once: agencies, admin with the given password, demo accounts', async () => {
    expect((await agencyTree(running.knex)).map((a) => a.code)).toContain('000.00.23.H40');
    const admin = await findUserByUsername(running.knex, 'admin');
    expect(admin?.roles).toEqual(['admin']);
    expect(await verifyPassword('a long test password', admin!.passwordHash)).toBe(true);
    expect(await verifyPassword('motcua-admin', admin!.passwordHash)).toBe(false);
    expect(admin!.passwordHash).toMatch(/^scrypt\$16384\$8\$1\$[\w-]+\$[\w-]+$/);
    const clerk = await findUserByUsername(running.knex, 'tax.specialist');
    expect(await verifyPassword(DEMO_PASSWORD, clerk!.passwordHash)).toBe(true);
    expect(await listUsers(running.knex)).toHaveLength(DEMO_USERS.length + 1);
  });

  it('does not seed again on restart, and reports 503 once the database is gone', async () => {
    const again = await startServer({ port: 0, host: '127.0.0.1', databaseUrl: db.url, database: db.options, clock: { now: () => NOW } });
    try {
      expect(await listUsers(again.knex)).toHaveLength(DEMO_USERS.length + 1);
    } finally {
      await again.close();
    }
    // A closed pool stands in for an unreachable database.
    const down = await startServer({ port: 0, host: '127.0.0.1', databaseUrl: db.url, database: db.options, clock: { now: () => NOW } });
    await down.knex.destroy();
    const res = await fetch(`${down.url}/api/health`);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ ok: false, database: target.kind, error: { code: 'DATABASE_UNAVAILABLE' } });
    // Stop its scheduler and publisher too, or they would keep retrying into later tests.
    await down.close();
  });
});
