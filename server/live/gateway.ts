// The socket.io side of the server (CONTRACT.md §4): attached to the HTTP server,
// every handshake authenticated with the same bearer token as the REST API, each socket
// put in its rooms, and the outbox publisher sending into those rooms.
import type { Server as HttpServer } from 'node:http';
import type { Knex } from 'knex';
import { Server, type DefaultEventsMap } from 'socket.io';
import { describeMessage, type SessionExpiredPayload } from '../../contract/index.js';
import { judge, type AccountStates } from '../auth/accountState.js';
import { visibleAgencies } from '../auth/permissions.js';
import type { AuthUser, TokenService } from '../auth/tokens.js';
import type { Clock } from '../clock.js';
import type { Emission } from './events.js';
import { postgresAdapter, type AttachedAdapter, type PostgresAdapterConfig } from './postgresAdapter.js';
import { OutboxPublisher, type PublisherOptions } from './publisher.js';
import { roomsOf } from './rooms.js';

export interface LiveOptions {
  /** socket.io's path (default `/socket.io`). */
  path?: string;
  /** Share events with the other processes on this PostgreSQL database; null/absent on SQLite. */
  postgres?: PostgresAdapterConfig | null;
  publisher?: PublisherOptions;
}

/** What a socket's handshake established; `socket.data.user` on the server side. */
export interface SocketData {
  user: AuthUser;
  /** The rooms it joins: decided at the handshake, where the database may be read. */
  rooms: string[];
  /** When its token expires (ms, session clock): the socket is closed then, as the REST API would refuse it. */
  expiresAt: number;
  /** When its session ends whatever renewals (ms). */
  sessionEndsAt: number;
  /** `session:expiring` was sent for the current expiry. */
  warned: boolean;
  /** The account's token version the socket's token was signed at (server/auth/accountState.ts). */
  tokenVersion: number;
}

/** How often open sockets are checked against their tokens' expiry (session clock). */
const EXPIRY_SWEEP_MS = 30_000;

/**
 * How often open sockets are checked against their accounts (disabled, re-roled,
 * re-passworded: CONTRACT.md §6.3 asks for 5 s). With the accounts' cache of at most
 * ACCOUNT_STATE_TTL_MS (2 s) a change made on any process closes the sockets within ~3 s.
 */
export const REVOCATION_SWEEP_MS = 1_000;

/** Sockets whose token expires within this are told (`session:expiring`) so the page can renew or warn. */
export const EXPIRY_WARNING_MS = 5 * 60_000;

/** The error a refused handshake carries: the client sees `connect_error` with this message and `data.code`. */
function unauthenticated(key: 'UNAUTHENTICATED.socket' | 'UNAUTHENTICATED.invalidToken'): Error {
  const error = new Error('UNAUTHENTICATED') as Error & { data?: unknown };
  error.data = { code: 'UNAUTHENTICATED', ...describeMessage(key) };
  return error;
}

function bearer(auth: unknown): string | null {
  const token = (auth as { token?: unknown } | null)?.token;
  if (typeof token !== 'string' || token.length === 0) return null;
  // Accept what the REST client already holds, with or without its scheme.
  return token.replace(/^Bearer\s+/i, '');
}

/** What the gateway needs of the server's context (a part of ServerContext, named here so live/ does not import the context that holds it). */
export interface GatewayContext {
  knex: Knex;
  /** Stamps published events (business time). */
  clock: Clock;
  /** Token expiry (real time). */
  sessionClock: Clock;
  tokens: TokenService;
  /** Whether a token's account is still active and at its version. */
  accounts: AccountStates;
}

type LiveServer = Server<DefaultEventsMap, DefaultEventsMap, DefaultEventsMap, SocketData>;

export class LiveGateway {
  private closing: Promise<void> | null = null;
  private sweeper: NodeJS.Timeout | null = null;
  private revocationSweeper: NodeJS.Timeout | null = null;
  private sweepingRevoked = false;

  private constructor(
    readonly io: LiveServer,
    readonly publisher: OutboxPublisher,
    private readonly adapter: AttachedAdapter | null,
    private readonly ctx: GatewayContext,
  ) {}

  static async attach(httpServer: HttpServer, ctx: GatewayContext, options: LiveOptions = {}): Promise<LiveGateway> {
    const adapter = options.postgres ? await postgresAdapter(options.postgres) : null;
    const io: LiveServer = new Server(httpServer, {
      path: options.path ?? '/socket.io',
      serveClient: false,
      ...(adapter ? { adapter: adapter.adapter } : {}),
    });

    io.use((socket, next) => {
      void (async () => {
        const token = bearer(socket.handshake.auth);
        if (!token) return next(unauthenticated('UNAUTHENTICATED.socket'));
        // Sessions run on real time (the session clock), never on the manual business clock.
        const session = await ctx.tokens.verify(token, ctx.sessionClock.now());
        if (!session || (await ctx.accounts.refusal(session))) return next(unauthenticated('UNAUTHENTICATED.invalidToken'));
        socket.data.user = session.user;
        socket.data.tokenVersion = session.tokenVersion;
        socket.data.expiresAt = session.expiresAt.getTime();
        socket.data.sessionEndsAt = session.endsAt.getTime();
        socket.data.warned = false;
        socket.data.rooms = roomsOf(session.user, await visibleAgencies(ctx.knex, session.user));
        next();
      })().catch((error) => next(error instanceof Error ? error : new Error(String(error))));
    });

    io.on('connection', (socket) => {
      // Joined before the client sees `connect`: nothing sent after that can miss it.
      void socket.join(socket.data.rooms);
      // The page renewed its token (POST /api/auth/refresh): the live feed lives on with it.
      socket.on('session:renew', (payload: unknown, ack?: unknown) => {
        const reply = typeof ack === 'function' ? (ack as (answer: unknown) => void) : () => {};
        const token = bearer(payload);
        void (async () => {
          const session = token ? await ctx.tokens.verify(token, ctx.sessionClock.now()) : null;
          if (!session || session.user.id !== socket.data.user.id || (await ctx.accounts.refusal(session))) {
            return reply({ ok: false, code: 'INVALID_TOKEN' });
          }
          socket.data.tokenVersion = session.tokenVersion;
          socket.data.expiresAt = session.expiresAt.getTime();
          socket.data.sessionEndsAt = session.endsAt.getTime();
          socket.data.warned = false;
          reply({ ok: true, expiresAt: session.expiresAt.toISOString(), sessionEndsAt: session.endsAt.toISOString() });
        })().catch(() => reply({ ok: false, code: 'INTERNAL' }));
      });
    });

    const send = (emission: Emission) => {
      // io.to([]) would mean everyone: an event with nobody to address goes nowhere.
      if (emission.rooms.length === 0) return;
      io.to(emission.rooms).emit(emission.event, emission.payload);
    };
    const publisher = new OutboxPublisher(ctx.knex, ctx.clock, send, options.publisher);
    const gateway = new LiveGateway(io, publisher, adapter, ctx);
    gateway.sweeper = setInterval(() => gateway.closeExpired(), EXPIRY_SWEEP_MS);
    gateway.sweeper.unref();
    gateway.revocationSweeper = setInterval(() => void gateway.closeRevoked().catch((error) => console.error('socket revocation sweep:', error)), REVOCATION_SWEEP_MS);
    gateway.revocationSweeper.unref();
    return gateway;
  }

  /**
   * Closes the sockets whose token has expired by the session clock (real time, not the
   * manual business clock), after telling them why: a live feed must not outlive the
   * login that opened it. Sockets within EXPIRY_WARNING_MS of expiry are told once
   * (`session:expiring`), so the page renews or warns before anything is dropped.
   * Returns how many were closed.
   */
  closeExpired(): number {
    const now = this.ctx.sessionClock.now().getTime();
    let closed = 0;
    for (const socket of this.io.of('/').sockets.values()) {
      if (!socket.data.expiresAt) continue;
      if (now < socket.data.expiresAt) {
        if (!socket.data.warned && socket.data.expiresAt - now <= EXPIRY_WARNING_MS) {
          socket.data.warned = true;
          socket.emit('session:expiring', {
            expiresAt: new Date(socket.data.expiresAt).toISOString(),
            sessionEndsAt: new Date(socket.data.sessionEndsAt).toISOString(),
            renewable: socket.data.expiresAt < socket.data.sessionEndsAt,
          });
        }
        continue;
      }
      socket.emit('session:expired', { code: 'INVALID_TOKEN', ...describeMessage('INVALID_TOKEN.expired') } satisfies SessionExpiredPayload);
      socket.disconnect(true);
      closed += 1;
    }
    return closed;
  }

  /**
   * Closes the sockets whose account was disabled, removed, or changed (its token version
   * moved on) since their token was signed, telling them why with `session:expired`.
   * Reads the accounts through the short-lived cache (one query for all of them).
   * Returns how many were closed.
   */
  async closeRevoked(): Promise<number> {
    if (this.sweepingRevoked) return 0;
    this.sweepingRevoked = true;
    try {
      const sockets = [...this.io.of('/').sockets.values()].filter((socket) => socket.data.user);
      if (sockets.length === 0) return 0;
      const states = await this.ctx.accounts.states(sockets.map((socket) => socket.data.user.id));
      let closed = 0;
      for (const socket of sockets) {
        const refusal = judge(states.get(socket.data.user.id) ?? null, socket.data.tokenVersion ?? 0);
        if (!refusal || !socket.connected) continue;
        socket.emit('session:expired', { code: 'INVALID_TOKEN', ...describeMessage(refusal) } satisfies SessionExpiredPayload);
        socket.disconnect(true);
        closed += 1;
      }
      return closed;
    } finally {
      this.sweepingRevoked = false;
    }
  }

  /** Starts publishing the outbox (the backlog first held back; see PublisherOptions). */
  start(): Promise<void> {
    return this.publisher.start();
  }

  /** A commit happened: publish it now. */
  nudge(): void {
    this.publisher.nudge();
  }

  /** Publishes everything committed so far; resolves once it is sent. */
  flush(): Promise<number> {
    return this.publisher.flush();
  }

  /** Server processes sharing events (1 without the PostgreSQL adapter). */
  serverCount(): Promise<number> {
    return this.io.of('/').adapter.serverCount();
  }

  /**
   * Publishes what is committed, disconnects every socket and closes the socket.io
   * server — which also closes the HTTP server it is attached to.
   */
  close(): Promise<void> {
    return (this.closing ??= (async () => {
      if (this.sweeper) clearInterval(this.sweeper);
      if (this.revocationSweeper) clearInterval(this.revocationSweeper);
      await this.publisher.stop();
      await this.io.close();
      await this.adapter?.close();
    })());
  }
}
