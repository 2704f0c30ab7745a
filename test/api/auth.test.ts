// Logging in as the README's accounts, refusing bad passwords, throttling guessers (per
// username and address, counted in the database so every server process agrees), and
// refusing requests without a valid token.
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../server/app.js';
import { DEMO_PASSWORD, DEMO_USERS } from '../../server/seed/demoData.js';
import { databaseTargets } from '../support/databases.js';
import { ADMIN_PASSWORD, COMMUNE, Caller, login, startApi, vn, type ApiServer } from './support.js';

describe.each(databaseTargets)('logging in on $kind', (target) => {
  let api: ApiServer;
  beforeAll(async () => {
    api = await startApi(target, vn('2026-11-12 08:00'));
  });
  afterAll(async () => {
    await api?.close();
  });

  it('logs in every README account with its password and tells each who they are', async () => {
    // Every account once (on SQLite); on PostgreSQL one agency's worth is enough to show the same code path.
    const demo = target.kind === 'sqlite' ? DEMO_USERS : DEMO_USERS.filter((u) => u.username.startsWith('tax.'));
    for (const account of [{ username: 'admin', agencyCode: '000.00.00.H40', roles: ['admin'] }, ...demo]) {
      const reply = await login(api.url, account.username, account.username === 'admin' ? ADMIN_PASSWORD : DEMO_PASSWORD);
      expect(reply.status, account.username).toBe(200);
      expect(reply.body.user).toMatchObject({ username: account.username, agencyCode: account.agencyCode, roles: account.roles, active: true });
      expect(reply.body.user).not.toHaveProperty('passwordHash');
      // Two hours unless renewed while in use, and never past twelve hours from the login.
      expect(reply.body.expiresAt).toBe('2026-11-12T03:00:00.000Z');
      expect(reply.body.sessionEndsAt).toBe('2026-11-12T13:00:00.000Z');
    }
    const me = await (await api.as('commune.reception')).get('/auth/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ username: 'commune.reception', agencyCode: COMMUNE, agency: { name: 'UBND phường Quyết Thắng', level: 'commune' } });
    expect(me.body.permissions).toContain('dossier.receive');
    expect(me.body.permissions).not.toContain('procedure.deploy');
  });

  it('answers a wrong password and an unknown username alike: 401 INVALID_CREDENTIALS', async () => {
    const wrong = await login(api.url, 'commune.head', 'not-the-password');
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('INVALID_CREDENTIALS');
    const unknown = await login(api.url, 'nobody.here', 'whatever');
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
  });

  it('refuses the sixth try within 15 minutes with 429 and Retry-After, even with the right password, until the window passes', async () => {
    for (let i = 0; i < 5; i++) {
      api.clock.set(vn(`2026-11-12 08:0${i}`));
      expect((await login(api.url, 'district.leader', `guess-${i}`)).status).toBe(401);
    }
    api.clock.set(vn('2026-11-12 08:10'));
    const throttled = await login(api.url, 'district.leader', DEMO_PASSWORD);
    expect(throttled.status).toBe(429);
    expect(throttled.body.error.code).toBe('TOO_MANY_ATTEMPTS');
    // The first failure (08:00) leaves the window at 08:15: five minutes from now.
    expect(throttled.headers.get('retry-after')).toBe('300');
    // Another account from the same address is not affected.
    expect((await login(api.url, 'district.head', DEMO_PASSWORD)).status).toBe(200);

    api.clock.set(vn('2026-11-12 08:16'));
    expect((await login(api.url, 'district.leader', DEMO_PASSWORD)).status).toBe(200);
  });

  it('counts failures in the database, so another server process on the same database refuses the guesser too', async () => {
    api.clock.set(vn('2026-11-12 09:00'));
    for (let i = 0; i < 5; i++) expect((await login(api.url, 'land.head', `guess-${i}`)).status).toBe(401);
    const second = await startServer({ port: 0, host: '127.0.0.1', databaseUrl: api.db.url, database: api.db.options, clock: api.clock, sessionClock: api.clock });
    try {
      const reply = await login(`http://127.0.0.1:${second.port}`, 'land.head', DEMO_PASSWORD);
      expect(reply.status).toBe(429);
    } finally {
      await second.close();
    }
  });

  it('refuses a disabled account even with the right password', async () => {
    api.clock.set(vn('2026-11-12 10:00'));
    const admin = await api.as('admin');
    const created = await admin.post('/users', {
      username: 'nghi.viec',
      password: 'mat-khau-cu',
      fullName: 'Cán bộ đã nghỉ việc',
      agencyCode: COMMUNE,
      roles: ['specialist'],
      active: false,
    });
    expect(created.status).toBe(201);
    const reply = await login(api.url, 'nghi.viec', 'mat-khau-cu');
    expect(reply.status).toBe(403);
    expect(reply.body.error.code).toBe('ACCOUNT_DISABLED');
  });

  it('answers 401 without a token, with an expired one, a forged one or a garbled one', async () => {
    api.clock.set(vn('2026-11-12 10:00'));
    const none = await api.anonymous.get('/tasks');
    expect(none.status).toBe(401);
    expect(none.body.error.code).toBe('UNAUTHENTICATED');

    const fresh = await login(api.url, 'commune.specialist', DEMO_PASSWORD);
    const clerk = new Caller(api.url, fresh.body.token);
    expect((await clerk.get('/tasks')).status).toBe(200);
    // Two hours and a minute later, not renewed, the token has expired.
    api.clock.set(vn('2026-11-12 12:01'));
    const expired = await clerk.get('/tasks');
    expect(expired.status).toBe(401);
    expect(expired.body.error.code).toBe('INVALID_TOKEN');

    // Same claims, signed with a key the server never had.
    const forged = await new SignJWT({ u: 'admin', n: 'Kẻ mạo danh', a: '000.00.00.H40', r: ['admin'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('1')
      .setIssuedAt(Math.floor(vn('2026-11-12 18:00').getTime() / 1000))
      .setExpirationTime(Math.floor(vn('2026-11-12 23:00').getTime() / 1000))
      .sign(new TextEncoder().encode('a secret of my own making, 32 bytes+'));
    const forgedReply = await new Caller(api.url, forged).get('/users');
    expect(forgedReply.status).toBe(401);
    expect(forgedReply.body).not.toHaveProperty('items');
    expect((await new Caller(api.url, 'not.a.token').get('/tasks')).status).toBe(401);
  });
});
