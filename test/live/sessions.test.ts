// Sign-in sessions (CONTRACT.md §6.1): they run on real time, never on the manual
// business clock, so moving the demo clock days ahead logs nobody out; a token lives two
// hours and is renewed while the user works, up to twelve hours after the login; a live
// socket is warned before its token expires and lives on with the renewed one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/app.js';
import { FixedClock } from '../../server/clock.js';
import { databaseTargets, type TestDatabase } from '../support/databases.js';
import { ADMIN_PASSWORD, Listener, api, startLiveServer, vn } from './support.js';

const sqlite = databaseTargets.find((t) => t.kind === 'sqlite')!;

async function loginReply(running: RunningServer, username: string, password = 'demo123') {
  const res = await fetch(`${running.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { token: string; expiresAt: string; sessionEndsAt: string };
}

describe('sessions under the manual business clock (real session time, as in production)', () => {
  let db: TestDatabase;
  let running: RunningServer;
  beforeAll(async () => {
    db = await sqlite.open();
    // Thursday 12 Feb 2026, the eve of the Tết break: a demo in the past.
    running = await startLiveServer(db, { initial: vn('2026-02-12 09:00') });
  });
  afterAll(async () => {
    await running?.close();
    await db?.cleanup();
  });

  it('keeps everyone logged in while the demo clock moves a week across Tết', async () => {
    const before = Date.now();
    const clerk = await loginReply(running, 'commune.reception');
    // The token's life is counted on the real clock, not from 12 Feb 2026.
    const expires = new Date(clerk.expiresAt).getTime();
    expect(expires).toBeGreaterThanOrEqual(before + 2 * 3600_000 - 2000);
    expect(expires).toBeLessThanOrEqual(Date.now() + 2 * 3600_000 + 2000);
    const listener = await Listener.connect(running, clerk.token, 'clerk');
    try {
      const admin = (await loginReply(running, 'admin', ADMIN_PASSWORD)).token;
      expect((await api(running, 'POST', '/admin/clock', admin, { advance: 'P2D' })).status).toBe(200);
      expect((await api(running, 'POST', '/admin/clock', admin, { now: '2026-02-23T09:00:00+07:00' })).status).toBe(200);
      expect((await api(running, 'GET', '/auth/me', clerk.token)).status).toBe(200);
      expect((await api(running, 'GET', '/tasks', clerk.token)).status).toBe(200);
      expect(running.context.live!.closeExpired()).toBe(0);
      expect(listener.socket.connected).toBe(true);
      expect(listener.of('session:expired')).toEqual([]);
    } finally {
      listener.close();
    }
  });
});

describe('renewing a session while in use', () => {
  let db: TestDatabase;
  let running: RunningServer;
  /** 07:30 on an office morning, on the session clock the test moves. */
  const sessionClock = new FixedClock(vn('2026-11-30 07:30'));
  beforeAll(async () => {
    db = await sqlite.open();
    running = await startLiveServer(db, { initial: vn('2026-11-30 07:30'), sessionClock });
  });
  afterAll(async () => {
    await running?.close();
    await db?.cleanup();
  });

  it('renews every two hours through a whole office day, and never past twelve hours from the login', async () => {
    sessionClock.set(vn('2026-11-30 07:30'));
    const first = await loginReply(running, 'commune.specialist');
    expect(first.expiresAt).toBe(vn('2026-11-30 09:30').toISOString());
    expect(first.sessionEndsAt).toBe(vn('2026-11-30 19:30').toISOString());
    let token = first.token;
    // Working all day, the page renews whenever it has been in use; 17:00 comes and goes.
    for (const at of ['09:00', '10:45', '12:30', '14:15', '16:00', '17:30', '19:00']) {
      sessionClock.set(vn(`2026-11-30 ${at}`));
      const renewed = await api(running, 'POST', '/auth/refresh', token);
      expect(renewed.status, at).toBe(200);
      expect(renewed.body.sessionEndsAt).toBe(first.sessionEndsAt);
      token = renewed.body.token;
    }
    // At 19:00 the renewal reaches only to the cap.
    expect((await api(running, 'GET', '/auth/me', token)).status).toBe(200);
    sessionClock.set(vn('2026-11-30 19:29'));
    const last = await api(running, 'POST', '/auth/refresh', token);
    expect(last.body.expiresAt).toBe(vn('2026-11-30 19:30').toISOString());
    sessionClock.set(vn('2026-11-30 19:31'));
    const after = await api(running, 'GET', '/tasks', last.body.token);
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('INVALID_TOKEN');
  });

  it('lets an idle token expire: no renewal two hours after the last one', async () => {
    sessionClock.set(vn('2026-11-30 08:00'));
    const { token } = await loginReply(running, 'commune.head');
    sessionClock.set(vn('2026-11-30 10:01'));
    const refused = await api(running, 'POST', '/auth/refresh', token);
    expect(refused.status).toBe(401);
  });

  it('refuses to renew the session of an account disabled meanwhile', async () => {
    sessionClock.set(vn('2026-11-30 08:00'));
    const { token } = await loginReply(running, 'commune.leader');
    await running.knex('users').where({ username: 'commune.leader' }).update({ active: false });
    const refused = await api(running, 'POST', '/auth/refresh', token);
    expect(refused).toMatchObject({ status: 401, body: { error: { code: 'INVALID_TOKEN' } } });
    await running.knex('users').where({ username: 'commune.leader' }).update({ active: true });
  });

  it('warns a live socket five minutes before its token expires, and keeps it with the renewed token', async () => {
    sessionClock.set(vn('2026-11-30 08:00'));
    const { token } = await loginReply(running, 'commune.reception');
    const listener = await Listener.connect(running, token, 'desk');
    try {
      const live = running.context.live!;
      sessionClock.set(vn('2026-11-30 09:50'));
      expect(live.closeExpired()).toBe(0);
      expect(listener.of('session:expiring')).toEqual([]);
      sessionClock.set(vn('2026-11-30 09:56'));
      live.closeExpired();
      const warning = await listener.waitFor('session:expiring');
      expect(warning).toEqual({
        expiresAt: vn('2026-11-30 10:00').toISOString(),
        sessionEndsAt: vn('2026-11-30 20:00').toISOString(),
        renewable: true,
      });
      live.closeExpired();
      // Told once, not every sweep.
      await new Promise((r) => setTimeout(r, 100));
      expect(listener.of('session:expiring')).toHaveLength(1);

      const renewed = await api(running, 'POST', '/auth/refresh', token);
      const ack = await listener.socket.timeout(2000).emitWithAck('session:renew', { token: renewed.body.token });
      expect(ack).toEqual({ ok: true, expiresAt: vn('2026-11-30 11:56').toISOString(), sessionEndsAt: vn('2026-11-30 20:00').toISOString() });
      // Another user's token does not renew this socket.
      const other = await loginReply(running, 'commune.specialist');
      expect(await listener.socket.timeout(2000).emitWithAck('session:renew', { token: other.token })).toEqual({ ok: false, code: 'INVALID_TOKEN' });

      sessionClock.set(vn('2026-11-30 10:30'));
      expect(live.closeExpired()).toBe(0);
      expect(listener.socket.connected).toBe(true);
      sessionClock.set(vn('2026-11-30 11:57'));
      expect(live.closeExpired()).toBe(1);
      await expect.poll(() => listener.socket.connected).toBe(false);
    } finally {
      listener.close();
    }
  });
});
