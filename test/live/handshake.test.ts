// The socket handshake and the rooms it puts a socket in (CONTRACT.md §4), and the
// clock routes of a server on the real clock.
import { io as connectSocket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/app.js';
import { FixedClock } from '../../server/clock.js';
import { findUserByUsername } from '../../server/store/index.js';
import { databaseTargets, type TestDatabase } from '../support/databases.js';
import { CITY, CITY_TAX, COMMUNE, Listener, api, login, moveClock, startLiveServer, vn } from './support.js';

const sqlite = databaseTargets.find((t) => t.kind === 'sqlite')!;

/** The error a refused handshake reports to the client. */
async function refusal(running: RunningServer, auth: Record<string, unknown>): Promise<{ message: string; data: unknown }> {
  const socket = connectSocket(running.url, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
  try {
    return await new Promise((resolve, reject) => {
      socket.once('connect', () => reject(new Error('the handshake was accepted')));
      socket.once('connect_error', (error: Error & { data?: unknown }) => resolve({ message: error.message, data: error.data }));
    });
  } finally {
    socket.close();
  }
}

describe('the socket handshake', () => {
  let db: TestDatabase;
  let running: RunningServer;
  /** Token expiry runs on its own clock (real time in production); this one the test moves. */
  const sessionClock = new FixedClock('2026-11-29T02:00:00Z');
  beforeAll(async () => {
    db = await sqlite.open();
    running = await startLiveServer(db, { initial: vn('2026-11-12 09:00'), sessionClock });
  });
  afterAll(async () => {
    await running?.close();
    await db?.cleanup();
  });

  it('refuses a socket without a token, with a forged one and with one expired on the session clock', async () => {
    expect(await refusal(running, {})).toEqual({
      message: 'UNAUTHENTICATED',
      data: expect.objectContaining({ code: 'UNAUTHENTICATED', messageKey: 'UNAUTHENTICATED.socket', messageEn: expect.stringContaining('auth.token') }),
    });
    expect((await refusal(running, { token: 'not.a.token' })).message).toBe('UNAUTHENTICATED');
    const good = await login(running, 'commune.specialist');
    expect((await refusal(running, { token: `${good.slice(0, -4)}AAAA` })).message).toBe('UNAUTHENTICATED');
    // Signed three hours before the session clock's now: past the 2-hour lifetime.
    const user = (await findUserByUsername(running.knex, 'commune.specialist'))!;
    const { token: stale } = (await running.context.tokens.sign(user, new Date(sessionClock.now().getTime() - 3 * 3600_000)))!;
    expect((await refusal(running, { token: stale })).message).toBe('UNAUTHENTICATED');
    expect(await running.context.live!.io.fetchSockets()).toHaveLength(0);
  });

  it('closes a live socket when its token expires on the server clock, saying why', async () => {
    const token = await login(running, 'commune.head');
    const listener = await Listener.connect(running, token, 'head');
    const expired = new Promise((resolve) => listener.socket.once('session:expired', resolve));
    expect(running.context.live!.closeExpired()).toBe(0);
    sessionClock.advanceMinutes(121);
    expect(running.context.live!.closeExpired()).toBe(1);
    expect(await expired).toMatchObject({
      code: 'INVALID_TOKEN',
      message: expect.stringContaining('hết hạn'),
      messageEn: expect.stringContaining('expired'),
      messageKey: 'INVALID_TOKEN.expired',
    });
    await expect.poll(() => listener.socket.connected).toBe(false);
  });

  it('accepts the token POST /api/auth/login gave, with or without its Bearer scheme', async () => {
    const token = await login(running, 'tax.specialist');
    const plain = await Listener.connect(running, token, 'plain');
    const prefixed = await Listener.connect(running, `Bearer ${token}`, 'prefixed');
    expect(plain.socket.connected && prefixed.socket.connected).toBe(true);
    plain.close();
    prefixed.close();
  });

  it('puts each socket in its user, agency and role-in-agency rooms, and a manager in the dashboards of the agencies they oversee', async () => {
    const listeners = await Promise.all(
      ['commune.specialist', 'commune.manager', 'commune.leader', 'district.manager', 'tax.head', 'admin'].map((u) => Listener.as(running, u)),
    );
    try {
      const sockets = await running.context.live!.io.fetchSockets();
      const roomsOf = (username: string) => {
        const socket = sockets.find((s) => s.data.user.username === username)!;
        return [...socket.rooms].filter((r) => r !== socket.id).sort();
      };
      expect(roomsOf('commune.specialist')).toEqual([`agency:${COMMUNE}`, `role:${COMMUNE}:specialist`, 'user:commune.specialist']);
      expect(roomsOf('commune.manager')).toEqual([
        `agency:${COMMUNE}`,
        `dashboard:${COMMUNE}`,
        `role:${COMMUNE}:manager`,
        'user:commune.manager',
      ]);
      expect(roomsOf('commune.leader')).toContain(`dashboard:${COMMUNE}`);
      // The city's manager oversees the city and every agency below it, not another district.
      const city = roomsOf('district.manager').filter((r) => r.startsWith('dashboard'));
      expect(city).toEqual(expect.arrayContaining([`dashboard:${CITY}`, `dashboard:${COMMUNE}`, `dashboard:${CITY_TAX}`]));
      expect(city).not.toContain('dashboard:000.00.25.H40');
      expect(city).not.toContain('dashboard');
      expect(roomsOf('tax.head')).toEqual([`agency:${CITY_TAX}`, `role:${CITY_TAX}:head`, 'user:tax.head']);
      // Admins watch every agency.
      expect(roomsOf('admin')).toContain('dashboard');
    } finally {
      listeners.forEach((l) => l.close());
    }
  });
});

describe('a server on the real clock', () => {
  let db: TestDatabase;
  let running: RunningServer;
  beforeAll(async () => {
    db = await sqlite.open();
    running = await startLiveServer(db, { manualClock: false });
  });
  afterAll(async () => {
    await running?.close();
    await db?.cleanup();
  });

  it('answers 404 CLOCK_NOT_MANUAL on /api/admin/clock, to an admin and to anyone', async () => {
    const admin = await login(running, 'admin');
    for (const [method, token, body] of [
      ['GET', admin, undefined],
      ['POST', admin, { advance: 'PT2H' }],
      ['GET', null, undefined],
      ['POST', null, { now: '2030-01-01T00:00:00Z' }],
    ] as const) {
      const res = await api(running, method, '/admin/clock', token, body);
      expect(res, `${method} ${token ? 'admin' : 'anonymous'}`).toMatchObject({ status: 404, body: { error: { code: 'CLOCK_NOT_MANUAL' } } });
    }
    expect(await running.knex('settings').where({ key: 'manual_clock' }).first()).toBeUndefined();
  });
});
