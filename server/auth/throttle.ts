// Failed logins are throttled per (username, IP): after `maxFailures` failures within
// `window`, that pair is refused until the oldest of them leaves the window. Counted in
// the database, not in memory, so several server processes behind one address share the
// count and a restart does not reset it; timed with the session clock it is given (real
// time in production, never the manual business clock: a security matter, CONTRACT §6.1).
//
// Per pair rather than per username alone: a stranger hammering `admin` from one
// address must not lock the real admin out of the office next door.

import type { Knex } from 'knex';
import type { Clock } from '../clock.js';

export interface ThrottlePolicy {
  maxFailures: number;
  windowMinutes: number;
}

/** Policy default: 5 failures in 15 minutes, the usual figure for staff logins (OWASP). */
export const DEFAULT_THROTTLE: ThrottlePolicy = { maxFailures: 5, windowMinutes: 15 };

export interface ThrottleVerdict {
  allowed: boolean;
  /** Seconds until the next attempt is accepted (0 when allowed). */
  retryAfterSeconds: number;
}

/** Usernames are matched case-insensitively here, so `Admin` and `admin` share one count. */
const normalize = (username: string): string => username.trim().toLowerCase().slice(0, 128);

export class LoginThrottle {
  constructor(
    private readonly knex: Knex,
    private readonly clock: Clock,
    private readonly policy: ThrottlePolicy = DEFAULT_THROTTLE,
  ) {}

  private windowStart(now: Date): string {
    return new Date(now.getTime() - this.policy.windowMinutes * 60_000).toISOString();
  }

  /** May this pair try a password now? Asked before the password is checked, so a throttled guess learns nothing. */
  async check(username: string, ip: string): Promise<ThrottleVerdict> {
    const now = this.clock.now();
    const recent = await this.knex('login_failures')
      .where({ username: normalize(username), ip })
      .where('at', '>', this.windowStart(now))
      .orderBy('at', 'desc')
      .limit(this.policy.maxFailures)
      .select('at');
    if (recent.length < this.policy.maxFailures) return { allowed: true, retryAfterSeconds: 0 };
    // The pair is let in again once the oldest of the last `maxFailures` failures ages out.
    const oldest = new Date(recent[recent.length - 1].at).getTime();
    const freeAt = oldest + this.policy.windowMinutes * 60_000;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((freeAt - now.getTime()) / 1000)) };
  }

  async recordFailure(username: string, ip: string): Promise<void> {
    const now = this.clock.now();
    await this.knex('login_failures').insert({ username: normalize(username), ip, at: now.toISOString() });
    // Rows older than the window never count again; dropping them here keeps the table
    // small without a separate job.
    await this.knex('login_failures').where('at', '<=', this.windowStart(now)).delete();
  }

  /** A successful login clears the pair's failures: a typo this morning must not count this afternoon. */
  async reset(username: string, ip: string): Promise<void> {
    await this.knex('login_failures').where({ username: normalize(username), ip }).delete();
  }
}
