// The one transaction helper. Every action — state, tasks, events, outbox — commits
// together or not at all (DESIGN.md, Persistence).
import type { Knex } from 'knex';

export interface TransactionOptions {
  /** Attempts in all, including the first (default 5). */
  attempts?: number;
}

/**
 * Errors where running the whole transaction again is the fix:
 * - SQLite `SQLITE_BUSY`: another process held the write lock past busy_timeout, or
 *   our deferred transaction read a snapshot another process has since written over
 *   (WAL cannot upgrade a stale reader to a writer, and says BUSY at once).
 * - PostgreSQL 40001 (serialization_failure) and 40P01 (deadlock_detected): the server
 *   chose this transaction as the victim and expects a retry.
 * A `DomainError` (e.g. VERSION_CONFLICT) is never retried: its caller must decide.
 */
export function isRetryableError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_BUSY' || code === '40001' || code === '40P01';
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `fn` in a transaction, committing when it resolves and rolling back when it
 * throws. Retried on the errors above, so `fn` must do nothing but database work on
 * `trx` (send messages through the outbox, after commit).
 *
 * Use `trx`, never the outer knex, inside `fn`: on SQLite the pool has exactly one
 * connection and the transaction holds it, so a query on the outer knex would wait
 * for a connection that is never released.
 */
export async function inTransaction<T>(
  knex: Knex,
  fn: (trx: Knex.Transaction) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  const attempts = Math.max(1, options.attempts ?? 5);
  for (let attempt = 1; ; attempt++) {
    try {
      return await knex.transaction(fn);
    } catch (error) {
      if (attempt >= attempts || !isRetryableError(error)) throw error;
      // Jittered backoff so two retrying writers do not collide again in lockstep.
      await sleep(10 * 2 ** attempt * (0.5 + Math.random()));
    }
  }
}
