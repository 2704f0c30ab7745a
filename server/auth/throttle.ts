// Failed logins are throttled per (username, address) and per address: after
// `maxFailures` failures of one pair within `window`, that pair is refused until the
// oldest of them leaves the window; after `maxFailuresPerAddress` failures from one
// address (whatever the usernames: credential stuffing), the address is. Counted in the
// database, not in memory, so several server processes behind one address share the
// count and a restart does not reset it; timed with the session clock it is given (real
// time in production, never the manual business clock: a security matter, CONTRACT §6.1).
//
// Per pair first: a stranger hammering `admin` from one address must not lock the real
// admin out of the office next door. The per-address limit is far higher, so a whole
// office behind one NAT address is not locked out by a few typos.
//
// Atomic without a lock: an attempt first *reserves* its place — a row inserted before the
// password is checked — and only then counts. Of N parallel guesses the k-th to insert
// sees at least k rows, so at most `maxFailures` of them are ever let through to the
// password check, on SQLite and on PostgreSQL with several processes alike. A refused
// attempt takes its row back; a failed one leaves it as the failure; a success clears
// the pair.
//
// Addresses: IPv4 as is; IPv6 grouped by its /64 (one customer's whole prefix, which an
// attacker can rotate through freely); IPv4-mapped IPv6 as the IPv4 address.

import { isIPv4, isIPv6 } from 'node:net';
import type { Knex } from 'knex';
import type { Clock } from '../clock.js';

export interface ThrottlePolicy {
  maxFailures: number;
  windowMinutes: number;
  /** Failures from one address (IPv6: one /64) for any usernames within the window. */
  maxFailuresPerAddress: number;
}

/** Policy default: 5 failures in 15 minutes per account and address (OWASP); 30 per address. */
export const DEFAULT_THROTTLE: ThrottlePolicy = { maxFailures: 5, windowMinutes: 15, maxFailuresPerAddress: 30 };

export interface ThrottleVerdict {
  allowed: boolean;
  /** Seconds until the next attempt is accepted (0 when allowed). */
  retryAfterSeconds: number;
  /** What is throttled: the (username, address) pair or the whole address. */
  scope?: 'pair' | 'address';
}

/** An attempt that got its place: settle it with `failed` or `succeeded`. */
export interface Attempt {
  id: number;
  username: string;
  address: string;
}

/** Usernames are matched case-insensitively here, so `Admin` and `admin` share one count. */
const normalize = (username: string): string => username.trim().toLowerCase().slice(0, 128);

/** The key an address is counted under: IPv4 as is, IPv6 by its /64. */
export function addressKey(ip: string): string {
  const bare = ip.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
  if (mapped && isIPv4(mapped[1])) return mapped[1];
  if (isIPv4(bare)) return bare;
  if (!isIPv6(bare)) return bare.slice(0, 64) || 'unknown';
  const [head, tail = ''] = bare.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  // An embedded IPv4 tail (::1.2.3.4) only touches the last 32 bits: not the /64.
  const missing = 8 - left.length - right.length;
  const groups = bare.includes('::') ? [...left, ...Array(Math.max(0, missing)).fill('0'), ...right] : left;
  return `${groups.slice(0, 4).map((g) => g.padStart(4, '0')).join(':')}::/64`;
}

export class LoginThrottle {
  constructor(
    private readonly knex: Knex,
    private readonly clock: Clock,
    private readonly policy: ThrottlePolicy = DEFAULT_THROTTLE,
  ) {}

  private windowStart(now: Date): string {
    return new Date(now.getTime() - this.policy.windowMinutes * 60_000).toISOString();
  }

  /**
   * Reserves a try for this pair before its password is checked, or refuses it (then
   * nothing is kept and the password must not be checked: a throttled guess learns nothing).
   */
  async attempt(username: string, ip: string): Promise<{ verdict: ThrottleVerdict; attempt: Attempt | null }> {
    const now = this.clock.now();
    const name = normalize(username);
    const address = addressKey(ip);
    const [inserted] = await this.knex('login_failures').insert({ username: name, ip: address, at: now.toISOString() }).returning('id');
    const id = Number(typeof inserted === 'object' ? inserted.id : inserted);
    const since = this.windowStart(now);
    const pair = await this.countSince(since, { username: name, ip: address });
    const atAddress = pair > this.policy.maxFailures ? 0 : await this.countSince(since, { ip: address });
    const scope = pair > this.policy.maxFailures ? 'pair' : atAddress > this.policy.maxFailuresPerAddress ? 'address' : null;
    if (!scope) return { verdict: { allowed: true, retryAfterSeconds: 0 }, attempt: { id, username: name, address } };
    await this.knex('login_failures').where({ id }).delete();
    const limit = scope === 'pair' ? this.policy.maxFailures : this.policy.maxFailuresPerAddress;
    const where = scope === 'pair' ? { username: name, ip: address } : { ip: address };
    // Let in again once the oldest of the last `limit` failures ages out.
    const recent = await this.knex('login_failures').where(where).where('at', '>', since).orderBy('at', 'desc').limit(limit).select('at');
    const oldest = recent.length > 0 ? new Date(recent[recent.length - 1].at).getTime() : now.getTime();
    const freeAt = oldest + this.policy.windowMinutes * 60_000;
    return {
      verdict: { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((freeAt - now.getTime()) / 1000)), scope },
      attempt: null,
    };
  }

  /** The password was wrong: the reserved row stays as the failure. Rows older than the window are dropped here. */
  async failed(_attempt: Attempt): Promise<void> {
    await this.knex('login_failures').where('at', '<=', this.windowStart(this.clock.now())).delete();
  }

  /** A successful login clears the pair's failures: a typo this morning must not count this afternoon. */
  async succeeded(attempt: Attempt): Promise<void> {
    await this.knex('login_failures').where({ username: attempt.username, ip: attempt.address }).delete();
  }

  /** The check could not be made (the server was busy): the try does not count. */
  async abandoned(attempt: Attempt): Promise<void> {
    await this.knex('login_failures').where({ id: attempt.id }).delete();
  }

  private async countSince(since: string, where: Record<string, string>): Promise<number> {
    const row = await this.knex('login_failures').where(where).where('at', '>', since).count({ n: '*' }).first();
    return Number(row?.n ?? 0);
  }
}
