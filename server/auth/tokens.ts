// Signed bearer tokens (HS256 with jose) carrying who the user is. The signing secret is
// MOTCUA_SECRET, or one generated once and kept in the database's settings table, so
// every server process on one database accepts every other's tokens.
//
// Sessions are a security matter and run on real time (CONTRACT.md §6.1): the `now`
// given here comes from the server's session clock, never the manual business clock an
// admin moves in a demo. A token lives `idle` seconds; the web app renews it while the
// user works (POST /api/auth/refresh), up to `max` seconds after the login — so a clerk
// who logs in at 07:30 works through 17:00, and a stolen token dies within `idle`.

import { randomBytes } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';
import type { Knex } from 'knex';

export interface AuthUser {
  id: number;
  username: string;
  fullName: string;
  agencyCode: string;
  roles: string[];
}

/** A verified token: who, and the session it belongs to. */
export interface Session {
  user: AuthUser;
  /** When the user logged in (the hard cap counts from here). */
  startedAt: Date;
  /** When this token stops working unless renewed. */
  expiresAt: Date;
  /** When the session ends whatever renewals: startedAt + the policy's max. */
  endsAt: Date;
  /** The account's token version when the token was signed (server/auth/accountState.ts); 0 in tokens from before versions. */
  tokenVersion: number;
}

export interface SessionPolicy {
  /** Seconds a token lives without renewal (policy default 2 hours: a lunch break, not a night). */
  idleSeconds: number;
  /** Seconds from login after which no renewal is given (policy default 12 hours: a long office day). */
  maxSeconds: number;
}

export const DEFAULT_SESSION_POLICY: Readonly<SessionPolicy> = Object.freeze({
  idleSeconds: 2 * 60 * 60,
  maxSeconds: 12 * 60 * 60,
});

/** The policy from MOTCUA_SESSION_IDLE_MINUTES / MOTCUA_SESSION_MAX_HOURS, else the defaults. */
export function sessionPolicyFromEnv(env: NodeJS.ProcessEnv = process.env): SessionPolicy {
  const number = (name: string, value: string | undefined, fallback: number, unit: number): number => {
    if (value === undefined || value.trim() === '') return fallback;
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0) throw new RangeError(`${name} must be a positive number, got "${value}"`);
    return Math.round(n * unit);
  };
  const idleSeconds = number('MOTCUA_SESSION_IDLE_MINUTES', env.MOTCUA_SESSION_IDLE_MINUTES, DEFAULT_SESSION_POLICY.idleSeconds, 60);
  const maxSeconds = number('MOTCUA_SESSION_MAX_HOURS', env.MOTCUA_SESSION_MAX_HOURS, DEFAULT_SESSION_POLICY.maxSeconds, 3600);
  return { idleSeconds: Math.min(idleSeconds, maxSeconds), maxSeconds };
}

export interface SignedToken {
  token: string;
  expiresAt: string;
  /** The hard cap of the session: no renewal reaches past it. */
  sessionEndsAt: string;
}

const seconds = (d: Date) => Math.floor(d.getTime() / 1000);

export class TokenService {
  private constructor(
    private readonly key: Uint8Array,
    readonly policy: SessionPolicy,
  ) {}

  static async create(knex: Knex, secret = process.env.MOTCUA_SECRET, policy: SessionPolicy = sessionPolicyFromEnv()): Promise<TokenService> {
    if (secret) return new TokenService(new TextEncoder().encode(secret), policy);
    const fresh = randomBytes(32).toString('base64url');
    await knex('settings').insert({ key: 'token_secret', value: fresh }).onConflict('key').ignore();
    const row = await knex('settings').where({ key: 'token_secret' }).first();
    return new TokenService(new TextEncoder().encode(String(row.value)), policy);
  }

  /**
   * A token for `user` at `now` (the session clock). `sessionStartedAt` is the login of a
   * session being renewed; a fresh login starts one. Returns null when the session has
   * reached its hard cap.
   */
  async sign(user: AuthUser & { tokenVersion?: number }, now: Date, sessionStartedAt: Date = now): Promise<SignedToken | null> {
    const iat = seconds(now);
    const start = seconds(sessionStartedAt);
    const end = start + this.policy.maxSeconds;
    if (iat >= end) return null;
    const exp = Math.min(iat + this.policy.idleSeconds, end);
    const token = await new SignJWT({ u: user.username, n: user.fullName, a: user.agencyCode, r: user.roles, ses: start, tv: user.tokenVersion ?? 0 })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(String(user.id))
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .sign(this.key);
    return { token, expiresAt: new Date(exp * 1000).toISOString(), sessionEndsAt: new Date(end * 1000).toISOString() };
  }

  /** The session, or null for a token that is malformed, forged or expired at `now` (the session clock). */
  async verify(token: string, now: Date): Promise<Session | null> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: ['HS256'],
        currentDate: now,
      });
      const start = typeof payload.ses === 'number' ? payload.ses : (payload.iat ?? 0);
      return {
        user: {
          id: Number(payload.sub),
          username: String(payload.u),
          fullName: String(payload.n ?? ''),
          agencyCode: String(payload.a),
          roles: Array.isArray(payload.r) ? payload.r.map(String) : [],
        },
        startedAt: new Date(start * 1000),
        expiresAt: new Date((payload.exp ?? 0) * 1000),
        endsAt: new Date((start + this.policy.maxSeconds) * 1000),
        tokenVersion: typeof payload.tv === 'number' ? payload.tv : 0,
      };
    } catch {
      return null;
    }
  }
}
