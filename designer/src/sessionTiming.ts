// When the page should renew its sign-in and when it should warn (CONTRACT.md §6.1:
// sessions run on real time; server/auth/tokens.ts: a token lives a while and is renewed
// while in use, up to a hard cap after the login). Pure: the browser's clock comes in as
// an argument, so the rules are tested without waiting.

/** A token's instants as the server signed them, moved onto the browser's clock. */
export interface SessionTiming {
  /** Browser-clock ms at which the token stops working. */
  expiresAt: number;
  /** Browser-clock ms at which the session ends whatever renewals. */
  endsAt: number;
  /** The token's lifetime when issued (ms). */
  lifetime: number;
  /** Browser-clock ms at which this token was received. */
  receivedAt: number;
}

/** Warn this long before the token (or the session) ends. */
export const WARN_BEFORE_MS = 5 * 60_000;

/** The `iat`/`exp`/`ses` claims of a JWT, read without checking it (the server checks). */
function claims(token: string): { iat: number; exp: number } | null {
  try {
    const part = token.split('.')[1];
    const json = atob(part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '='));
    const payload = JSON.parse(json) as { iat?: unknown; exp?: unknown };
    return typeof payload.iat === 'number' && typeof payload.exp === 'number' ? { iat: payload.iat, exp: payload.exp } : null;
  } catch {
    return null;
  }
}

/**
 * The timing of a token received at `receivedAt` (browser ms). Counted from the token's
 * own issue instant, so a browser clock set wrong by minutes does not matter: what counts
 * is how long the server gave, not which hour it thinks it is.
 */
export function timingOf(token: string, sessionEndsAt: string | undefined, receivedAt: number): SessionTiming | null {
  const c = claims(token);
  if (!c) return null;
  const issued = c.iat * 1000;
  const lifetime = c.exp * 1000 - issued;
  const ends = sessionEndsAt ? new Date(sessionEndsAt).getTime() : c.exp * 1000;
  return { expiresAt: receivedAt + lifetime, endsAt: receivedAt + Math.max(0, ends - issued), lifetime, receivedAt };
}

export type SessionAdvice =
  | { kind: 'ok' }
  /** Renew now: the user has worked since the token came and half its life is gone. */
  | { kind: 'renew' }
  /** Tell the user: the token ends at `at` (renewable by a click), or the session does (`final`). */
  | { kind: 'warn'; at: number; final: boolean }
  | { kind: 'expired' };

export function adviseSession(timing: SessionTiming, now: number, lastActivity: number): SessionAdvice {
  if (now >= timing.expiresAt) return { kind: 'expired' };
  const final = timing.expiresAt >= timing.endsAt;
  const active = lastActivity > timing.receivedAt;
  if (!final && active && now - timing.receivedAt >= timing.lifetime / 2) return { kind: 'renew' };
  if (timing.expiresAt - now <= WARN_BEFORE_MS) return { kind: 'warn', at: timing.expiresAt, final };
  return { kind: 'ok' };
}
