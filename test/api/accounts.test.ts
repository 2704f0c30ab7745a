// Issue 13, attacked over real HTTP: accounts that can be taken back (a disabled,
// re-roled or re-passworded user's tokens and sockets stop within 5 s, also on another
// server process on the same database), one's own password change, guessing passwords in
// parallel, from many usernames, behind a spoofed X-Forwarded-For, a flood that would
// queue password hashing without end, the health route's database error, and a clerk
// moving a colleague's claimed task away.
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../server/app.js';
import { HASHING, PasswordHashingBusy, hashPassword, verifyPassword } from '../../server/auth/passwords.js';
import { addressKey } from '../../server/auth/throttle.js';
import { DEMO_PASSWORD } from '../../server/seed/demoData.js';
import { databaseTargets } from '../support/databases.js';
import { ADMIN_PASSWORD, APPLICANT, COMMUNE, Caller, landTransferXml, login, openTask, startApi, vn, type ApiServer, type Reply } from './support.js';

const LAND = '000.52.23.H40';

const patch = (caller: Caller, username: string, body: unknown): Promise<Reply> => caller.request('PATCH', `/users/${username}`, { body });

/** Polls `probe` until it answers true; how long that took (ms), or Infinity past `limitMs`. */
async function within(limitMs: number, probe: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  while (Date.now() - started <= limitMs) {
    if (await probe()) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return Infinity;
}

describe.each(databaseTargets)('accounts on $kind', (target) => {
  let api: ApiServer;
  /** A second server process on the same database: what it learns of a change, it learns from the database. */
  let second: RunningServer;
  let secondUrl: string;

  beforeAll(async () => {
    api = await startApi(target, vn('2026-11-12 08:00'));
    second = await startServer({ port: 0, host: '127.0.0.1', databaseUrl: api.db.url, database: api.db.options, clock: api.clock, sessionClock: api.clock, seed: false });
    secondUrl = `http://127.0.0.1:${second.port}`;
    expect((await (await api.as('admin')).request('POST', '/procedures', { raw: landTransferXml })).status).toBe(201);
  });
  afterAll(async () => {
    await second?.close();
    await api?.close();
  });

  /** The admin, signed in again whenever the test clock has outlived the token. */
  const adminCaller = () => api.as('admin');

  /** A fresh account of the ward, signed in on the second process. */
  async function clerk(username: string, password = 'mat-khau-rieng-2026') {
    const created = await (await adminCaller()).post('/users', { username, password, fullName: `Cán bộ ${username}`, agencyCode: COMMUNE, roles: ['specialist'] });
    expect(created.status).toBe(201);
    const signed = await login(secondUrl, username, password);
    expect(signed.status).toBe(200);
    return { token: signed.body.token as string, onSecond: new Caller(secondUrl, signed.body.token, username), password };
  }

  it('changes one’s own password: the current one is checked, a weak one refused, the old tokens end at once and the new one works', async () => {
    api.clock.set(vn('2026-11-12 08:00'));
    const me = await clerk('doi.matkhau');
    const here = new Caller(api.url, me.token, 'doi.matkhau');
    const wrong = await here.post('/auth/password', { current: 'not-my-password', next: 'mot-mat-khau-moi-dai' });
    expect(wrong.status).toBe(403);
    expect(wrong.body.error).toMatchObject({ code: 'WRONG_PASSWORD', messageEn: 'The current password is wrong' });
    for (const weak of ['demo123', 'motcua-admin', 'aaaaaaaaaaaa', 'doi.matkhau-2026', 'ngan']) {
      const refused = await here.post('/auth/password', { current: me.password, next: weak });
      expect(refused.status, weak).toBe(422);
      expect(refused.body.error.code, weak).toBe('WEAK_PASSWORD');
      expect(refused.body.error.details[0].field).toBe('body.next');
    }
    const changed = await here.post('/auth/password', { current: me.password, next: 'mot-mat-khau-moi-dai' });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ token: expect.any(String), expiresAt: expect.any(String), sessionEndsAt: expect.any(String) });
    // The old token: refused on this process at once, on the other within 5 s.
    const old = await here.get('/auth/me');
    expect(old.status).toBe(401);
    expect(old.body.error.messageKey).toBe('INVALID_TOKEN.revoked');
    expect(await within(5000, async () => (await me.onSecond.get('/tasks')).status === 401)).toBeLessThan(5000);
    // This session goes on with the fresh token.
    expect((await new Caller(api.url, changed.body.token).get('/auth/me')).status).toBe(200);
    expect((await login(api.url, 'doi.matkhau', me.password)).status).toBe(401);
    expect((await login(api.url, 'doi.matkhau', 'mot-mat-khau-moi-dai')).status).toBe(200);
  });

  it('an admin disables, re-roles and resets a password: the account’s old tokens stop on another process within 5 s', async () => {
    api.clock.set(vn('2026-11-12 09:00'));
    for (const [name, change] of [
      ['bi.khoa', { active: false }],
      ['doi.vaitro', { roles: ['reception'] }],
      ['dat.lai', { password: 'mat-khau-dat-lai-2026' }],
      ['chuyen.coquan', { agencyCode: LAND }],
    ] as const) {
      const user = await clerk(name);
      expect((await user.onSecond.get('/tasks')).status, name).toBe(200);
      const changed = await patch(await adminCaller(), name, change);
      expect(changed.status, name).toBe(200);
      expect(JSON.stringify(changed.body)).not.toMatch(/scrypt|passwordHash|tokenVersion/);
      const took = await within(5000, async () => (await user.onSecond.get('/tasks')).status === 401);
      expect(took, name).toBeLessThan(5000);
      const refused = await user.onSecond.get('/tasks');
      expect(refused.body.error.code).toBe('INVALID_TOKEN');
      // Renewal is no way around it.
      expect((await user.onSecond.post('/auth/refresh')).status, name).toBe(401);
    }
    expect((await login(api.url, 'bi.khoa', 'mat-khau-rieng-2026')).body.error.code).toBe('ACCOUNT_DISABLED');
    expect((await login(api.url, 'dat.lai', 'mat-khau-rieng-2026')).status).toBe(401);
    expect((await login(api.url, 'dat.lai', 'mat-khau-dat-lai-2026')).status).toBe(200);
    const reroled = await login(api.url, 'doi.vaitro', 'mat-khau-rieng-2026');
    expect(reroled.body.user.roles).toEqual(['reception']);
    // Enabled again: a new login works.
    expect((await patch(await adminCaller(), 'bi.khoa', { active: true, fullName: 'Đã mở khoá' })).body).toMatchObject({ active: true, fullName: 'Đã mở khoá' });
    expect((await login(api.url, 'bi.khoa', 'mat-khau-rieng-2026')).status).toBe(200);
  });

  it('closes an open socket of a disabled account within 5 s, saying why with session:expired', async () => {
    api.clock.set(vn('2026-11-12 10:00'));
    const user = await clerk('co.socket');
    const socket: Socket = io(secondUrl, { auth: { token: user.token }, transports: ['websocket'], reconnection: false });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      const expired = new Promise<{ code: string; messageKey: string }>((resolve) => socket.once('session:expired', resolve));
      const gone = new Promise<string>((resolve) => socket.once('disconnect', resolve));
      const started = Date.now();
      expect((await patch(await adminCaller(), 'co.socket', { active: false })).status).toBe(200);
      const payload = await Promise.race([expired, new Promise<null>((resolve) => setTimeout(() => resolve(null), 5000))]);
      expect(payload).toMatchObject({ code: 'INVALID_TOKEN', messageKey: 'INVALID_TOKEN.inactive' });
      expect(await gone).toBe('io server disconnect');
      expect(Date.now() - started).toBeLessThan(5000);
      // And it cannot come back with that token.
      const again: Socket = io(secondUrl, { auth: { token: user.token }, transports: ['websocket'], reconnection: false });
      const refused = await new Promise<Error | null>((resolve) => {
        again.once('connect', () => resolve(null));
        again.once('connect_error', resolve);
      });
      again.close();
      expect(refused?.message).toBe('UNAUTHENTICATED');
    } finally {
      socket.close();
    }
  });

  it('lets only an admin edit accounts, names unknown ones and agencies, and never disables the last admin', async () => {
    api.clock.set(vn('2026-11-12 11:00'));
    const head = await api.as('commune.head');
    expect((await patch(head, 'commune.specialist', { active: false })).status).toBe(403);
    expect((await patch(await adminCaller(), 'nobody.here', { active: false })).body.error).toMatchObject({ code: 'NOT_FOUND', messageKey: 'NOT_FOUND.user' });
    expect((await patch(await adminCaller(), 'commune.specialist', { agencyCode: '999.99.99.X00' })).body.error.code).toBe('AGENCY_NOT_FOUND');
    expect((await patch(await adminCaller(), 'commune.specialist', {})).status).toBe(422);
    expect((await patch(await adminCaller(), 'commune.specialist', { password: 'demo123' })).body.error.code).toBe('WEAK_PASSWORD');
    expect((await patch(await adminCaller(), 'commune.specialist', { tokenVersion: 0 })).status).toBe(422);
    const last = await patch(await adminCaller(), 'admin', { active: false });
    expect(last.status).toBe(409);
    expect(last.body.error.code).toBe('LAST_ADMIN');
    expect((await patch(await adminCaller(), 'admin', { roles: ['manager'] })).body.error.code).toBe('LAST_ADMIN');
    expect((await (await adminCaller()).get('/auth/me')).status).toBe(200);
  });

  it('lets through at most five of twenty parallel wrong passwords for one account, and then not even the right one', async () => {
    api.clock.set(vn('2026-11-12 12:00'));
    const replies = await Promise.all(Array.from({ length: 20 }, (_, i) => login(api.url, 'commune.leader', `guess-${i}`)));
    const statuses = replies.map((r) => r.status);
    // Before the fix all twenty reached the password check (twenty 401s).
    let checked = statuses.filter((s) => s === 401).length;
    expect(checked).toBeLessThanOrEqual(5);
    expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
    // Guessing on one by one: never more than five checked in the window, all told.
    for (let i = 0; i < 10; i++) if ((await login(api.url, 'commune.leader', `more-${i}`)).status === 401) checked += 1;
    expect(checked).toBe(5);
    const right = await login(api.url, 'commune.leader', DEMO_PASSWORD);
    expect(right.status).toBe(429);
    expect(right.body.error.code).toBe('TOO_MANY_ATTEMPTS');
  });

  it('limits one address across usernames, and believes no X-Forwarded-For unless told to', async () => {
    api.clock.set(vn('2026-11-12 13:00'));
    // Four tries per made-up name stay under the per-account limit; the address's 30 do not.
    let last: Reply | null = null;
    for (let i = 0; i < 8 && last?.status !== 429; i++) {
      for (let j = 0; j < 4; j++) {
        last = await new Caller(api.url, null).post('/auth/login', { username: `stuffed-${i}`, password: `p-${j}` }, { 'x-forwarded-for': `203.0.113.${i * 4 + j}` });
      }
    }
    expect(last!.status).toBe(429);
    expect(last!.body.error).toMatchObject({ code: 'TOO_MANY_ATTEMPTS', messageKey: 'TOO_MANY_ATTEMPTS.address' });
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    // A real clerk from that same address is held back too until the window passes.
    expect((await login(api.url, 'commune.return', DEMO_PASSWORD)).status).toBe(429);
    api.clock.set(vn('2026-11-12 13:20'));
    expect((await login(api.url, 'commune.return', DEMO_PASSWORD)).status).toBe(200);
  });

  it('behind a trusted proxy counts the forwarded address, grouping IPv6 by its /64', async () => {
    api.clock.set(vn('2026-11-12 14:00'));
    const proxied = await startServer({ port: 0, host: '127.0.0.1', databaseUrl: api.db.url, database: api.db.options, clock: api.clock, sessionClock: api.clock, seed: false, trustProxy: ['loopback'] });
    const url = `http://127.0.0.1:${proxied.port}`;
    const from = (address: string, password: string) => new Caller(url, null).post('/auth/login', { username: 'district.return', password }, { 'x-forwarded-for': address });
    try {
      for (let i = 1; i <= 5; i++) expect((await from(`2001:db8:1:2::${i}`, 'wrong')).status).toBe(401);
      // Another host of the same /64 is the same customer.
      expect((await from('2001:db8:1:2:ffff:ffff:ffff:ffff', DEMO_PASSWORD)).status).toBe(429);
      // Another /64 is someone else.
      expect((await from('2001:db8:1:3::1', DEMO_PASSWORD)).status).toBe(200);
    } finally {
      await proxied.close();
    }
  });

  it('answers 503 SERVER_BUSY with Retry-After instead of queueing password hashing without end', async () => {
    api.clock.set(vn('2026-11-12 15:00'));
    const proxied = await startServer({ port: 0, host: '127.0.0.1', databaseUrl: api.db.url, database: api.db.options, clock: api.clock, sessionClock: api.clock, seed: false, trustProxy: ['loopback'] });
    const url = `http://127.0.0.1:${proxied.port}`;
    try {
      // Logins from many addresses: the database's pace (one SQLite writer) may keep
      // hashing below its cap, but whatever reaches it is either hashed or refused at once.
      const logins = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          new Caller(url, null).post('/auth/login', { username: `flood-${i}`, password: 'x' }, { 'x-forwarded-for': `198.51.${Math.floor(i / 250)}.${i % 250}` }),
        ),
      );
      expect(logins.every((r) => r.status === 401 || r.status === 503)).toBe(true);
      // Every hashing slot taken by slow work of this same process (p=16: ~16 times the
      // usual cost) and no queue: a login is refused at once with 503 and a code, not
      // queued without end.
      const slow = `scrypt$16384$8$16$${'A'.repeat(22)}$${'A'.repeat(86)}`;
      const saved = { ...HASHING };
      HASHING.queued = 0;
      let busy: Reply;
      try {
        let answered = false;
        // Each hog takes its slot again the moment it frees it, until the login is answered.
        const hog = async () => {
          while (!answered) await verifyPassword('x', slow).catch(() => false);
        };
        const hogs = Array.from({ length: HASHING.concurrent }, hog);
        busy = await new Caller(url, null).post('/auth/login', { username: 'commune.return', password: DEMO_PASSWORD }, { 'x-forwarded-for': '198.51.0.0' });
        answered = true;
        await Promise.all(hogs);
      } finally {
        Object.assign(HASHING, saved);
      }
      expect(busy.status).toBe(503);
      expect(busy.body.error).toMatchObject({ code: 'SERVER_BUSY', messageEn: 'The server is busy checking passwords, try again in a moment' });
      expect(busy.headers.get('retry-after')).toBe('1');
      // A login refused as busy is not counted as a failure of that address or name.
      expect((await new Caller(url, null).post('/auth/login', { username: 'commune.return', password: DEMO_PASSWORD }, { 'x-forwarded-for': '198.51.0.0' })).status).toBe(200);
    } finally {
      await proxied.close();
    }
  });

  it('lets only the claimant, or a head of that agency, transfer a claimed task; a clerk without the step’s role not even an unclaimed one', async () => {
    api.clock.set(vn('2026-11-16 09:00'));
    const colleague = await (await adminCaller()).post('/users', { username: 'commune.specialist2', password: 'mat-khau-dong-nghiep', fullName: 'Đồng nghiệp', agencyCode: COMMUNE, roles: ['specialist'] });
    expect(colleague.status).toBe(201);
    const desk = await api.as('commune.reception');
    const received = (await desk.post('/dossiers', { procedureKey: 'land_test', applicant: APPLICANT })).body;
    // The receipt is the desk's step (issue 20): the examination is open at once.
    const examine = openTask(received, 'Examine');
    // Unclaimed: the reception desk does not hold the step's role.
    const byDesk = await desk.post(`/dossiers/${received.id}/transfer`, { taskId: examine.id, toAgency: LAND });
    expect(byDesk.status).toBe(403);
    expect(byDesk.body.error.code).toBe('ROLE_REQUIRED');
    const owner = await api.as('commune.specialist');
    expect((await owner.post(`/tasks/${examine.id}/claim`)).status).toBe(200);
    const other = await api.as('commune.specialist2', 'mat-khau-dong-nghiep');
    const byColleague = await other.post(`/dossiers/${received.id}/transfer`, { taskId: examine.id, toAgency: LAND });
    expect(byColleague.status).toBe(403);
    expect(byColleague.body.error).toMatchObject({ code: 'NOT_ASSIGNEE', params: { assignee: 'commune.specialist' } });
    // Another agency's clerk neither.
    const outsider = await api.as('district.specialist');
    expect([403, 404]).toContain((await outsider.post(`/dossiers/${received.id}/transfer`, { taskId: examine.id, toAgency: LAND })).status);
    // The head of the ward may (the claimant is away).
    const head = await api.as('commune.head');
    const moved = await head.post(`/dossiers/${received.id}/transfer`, { taskId: examine.id, toAgency: LAND, reason: 'Chuyên viên vắng' });
    expect(moved.status).toBe(200);
    expect(moved.body.tasks.find((t: { id: string }) => t.id === examine.id)).toMatchObject({ agencyCode: LAND, assignee: null });
  });

  it('answers /api/health without the database’s own error text', async () => {
    const down = await startServer({ port: 0, host: '127.0.0.1', databaseUrl: api.db.url, database: api.db.options, clock: api.clock, seed: false });
    await down.knex.destroy();
    try {
      const res = await fetch(`${down.url}/api/health`);
      expect(res.status).toBe(503);
      const body = (await res.json()) as { error: { code: string; params: unknown } };
      expect(body.error).toMatchObject({ code: 'DATABASE_UNAVAILABLE', params: {} });
      expect(JSON.stringify(body.error)).not.toMatch(/acquire|aborted|knex|pool|sqlite|postgres|ECONN|\/tmp\//i);
    } finally {
      // Closing a server whose pool is gone may wait on background work; not this test's matter.
      await Promise.race([down.close(), new Promise((resolve) => setTimeout(resolve, 3000))]);
    }
  });
});

describe('password hashing and addresses, unit by unit', () => {
  it('runs at most HASHING.concurrent at once, queues HASHING.queued, and refuses the rest at once', async () => {
    const hash = await hashPassword('mot mat khau thu nghiem');
    const results = await Promise.allSettled(Array.from({ length: HASHING.concurrent + HASHING.queued + 10 }, () => verifyPassword('wrong', hash)));
    const refused = results.filter((r) => r.status === 'rejected');
    expect(refused).toHaveLength(10);
    expect(refused.every((r) => (r as PromiseRejectedResult).reason instanceof PasswordHashingBusy)).toBe(true);
    expect(results.filter((r) => r.status === 'fulfilled').every((r) => (r as PromiseFulfilledResult<boolean>).value === false)).toBe(true);
    // Free again afterwards.
    expect(await verifyPassword('mot mat khau thu nghiem', hash)).toBe(true);
  });

  it('groups IPv6 by /64 and reads IPv4-mapped addresses as IPv4', () => {
    expect(addressKey('2001:db8:1:2::1')).toBe('2001:0db8:0001:0002::/64');
    expect(addressKey('2001:db8:1:2:ffff:ffff:ffff:ffff')).toBe('2001:0db8:0001:0002::/64');
    expect(addressKey('2001:db8::1')).toBe('2001:0db8:0000:0000::/64');
    expect(addressKey('::1')).toBe('0000:0000:0000:0000::/64');
    expect(addressKey('::ffff:192.0.2.7')).toBe('192.0.2.7');
    expect(addressKey('192.0.2.7')).toBe('192.0.2.7');
  });
});
