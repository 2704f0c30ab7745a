// Is a signed token still good for its account? A token says who signed in and carries
// the account's token version at signing (server/auth/tokens.ts); disabling, re-roling,
// moving or re-passwording an account raises the version in the database
// (store/users.ts `updateUser`). Every request and every open socket is checked against
// the account's current state, read from the database and kept here at most
// ACCOUNT_STATE_TTL_MS — so a change made through any server process on the database
// takes effect everywhere within that, and a busy server reads each account's row at most
// once per TTL. (Nothing lives only in memory: the process that made the change also
// drops its own copy at once.)
//
// The cache ages on the process's monotonic clock, not the session clock: tests fix the
// session clock, and a cache that never expires would hide a change made elsewhere.
import { performance } from 'node:perf_hooks';
import type { Knex } from 'knex';
import { accountStates } from '../store/index.js';
import type { Session } from './tokens.js';

/** How long one process trusts what it read of an account (the contract allows 5 s). */
export const ACCOUNT_STATE_TTL_MS = 2_000;

export interface AccountState {
  active: boolean;
  tokenVersion: number;
}

/** Why a verified token no longer counts, or null when it does. */
export type Revocation = 'INVALID_TOKEN.inactive' | 'INVALID_TOKEN.revoked';

export class AccountStates {
  private readonly cache = new Map<number, { state: AccountState | null; at: number }>();
  /** One database read for every caller waiting on the same accounts at once. */
  private pending: { ids: Set<number>; done: Promise<void> } | null = null;

  constructor(
    private readonly knex: Knex,
    private readonly ttlMs = ACCOUNT_STATE_TTL_MS,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** The current state of each account (null: no such account), from the cache while fresh. */
  async states(userIds: Iterable<number>): Promise<Map<number, AccountState | null>> {
    const ids = [...new Set(userIds)];
    const stale = ids.filter((id) => !this.fresh(id));
    if (stale.length > 0) await this.load(stale);
    return new Map(ids.map((id) => [id, this.cache.get(id)?.state ?? null]));
  }

  /** Why this session's token no longer counts (disabled, deleted, or signed before a change), or null. */
  async refusal(session: Pick<Session, 'user' | 'tokenVersion'>): Promise<Revocation | null> {
    const state = (await this.states([session.user.id])).get(session.user.id) ?? null;
    return judge(state, session.tokenVersion);
  }

  /** This process changed the account: forget it now (other processes follow within the TTL). */
  forget(userId: number): void {
    this.cache.delete(userId);
  }

  private fresh(id: number): boolean {
    const entry = this.cache.get(id);
    return entry !== undefined && this.now() - entry.at < this.ttlMs;
  }

  private async load(ids: number[]): Promise<void> {
    const inFlight = this.pending;
    if (inFlight && ids.every((id) => inFlight.ids.has(id))) return inFlight.done;
    const at = this.now();
    const done = accountStates(this.knex, ids).then((found) => {
      for (const id of ids) this.cache.set(id, { state: found.get(id) ?? null, at });
      // Bounded: entries older than the TTL are useless anyway.
      if (this.cache.size > 10_000) {
        for (const [id, entry] of this.cache) if (this.now() - entry.at >= this.ttlMs) this.cache.delete(id);
      }
    });
    const mine = { ids: new Set(ids), done };
    this.pending = mine;
    try {
      await done;
    } finally {
      if (this.pending === mine) this.pending = null;
    }
  }
}

/** The rule itself: an active account whose version is the token's. */
export function judge(state: AccountState | null, tokenVersion: number): Revocation | null {
  if (!state || !state.active) return 'INVALID_TOKEN.inactive';
  if (state.tokenVersion !== tokenVersion) return 'INVALID_TOKEN.revoked';
  return null;
}
