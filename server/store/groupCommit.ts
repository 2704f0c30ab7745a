// Group commit: the writes of several concurrent actions share one transaction (one
// BEGIN … COMMIT, one WAL sync), each still all-or-nothing for its own dossier.
//
// Why it is safe: an action reaches the writer with its engine result already computed
// from a snapshot it read without a transaction, and its first statement is the
// compare-and-set of the dossier's version (store/dossiers.ts `saveDossierAction`). A
// stale snapshot fails right there with VERSION_CONFLICT, having written nothing, so the
// batch carries on without it and the caller reloads and tries again. Any other failure
// (a unique violation, a database error: on PostgreSQL one aborts the whole transaction)
// rolls the batch back and each of its writes runs again in a transaction of its own,
// where it fails alone — one bad dossier never takes the others down.
//
// While a batch commits, the next one fills up; on SQLite's single connection this is
// where the requests of 16 clients meet, instead of queueing BEGIN/COMMIT pairs.
import type { Knex } from 'knex';
import { inTransaction } from './transaction.js';

/** One action's writes. Must write nothing before it can fail with a clean refusal (see `isCleanRefusal`). */
export type Write<T> = (trx: Knex.Transaction) => Promise<T>;

interface Pending {
  write: Write<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

export interface GroupCommitOptions {
  /** Writes per transaction at most (default 64). */
  maxBatch?: number;
  /**
   * Is this error a refusal that wrote nothing, so the batch may go on without the write?
   * Default: the version check's VERSION_CONFLICT.
   */
  isCleanRefusal?: (error: unknown) => boolean;
}

const versionConflict = (error: unknown): boolean => (error as { code?: unknown } | null)?.code === 'VERSION_CONFLICT';

export class GroupCommit {
  private queue: Pending[] = [];
  private flushing = false;
  private readonly maxBatch: number;
  private readonly isCleanRefusal: (error: unknown) => boolean;
  /** Transactions committed and writes in them, for the benchmark and tests. */
  readonly stats = { batches: 0, writes: 0, fallbacks: 0 };

  constructor(
    private readonly knex: Knex,
    options: GroupCommitOptions = {},
  ) {
    this.maxBatch = Math.max(1, options.maxBatch ?? 64);
    this.isCleanRefusal = options.isCleanRefusal ?? versionConflict;
  }

  /** Runs `write` in the next batch's transaction; resolves once that transaction committed. */
  submit<T>(write: Write<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ write, resolve: resolve as (value: unknown) => void, reject });
      if (!this.flushing) {
        this.flushing = true;
        // The writes submitted in the same turn of the event loop join this batch.
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.maxBatch);
        await this.commit(batch);
      }
    } finally {
      this.flushing = false;
      // Submitted after the loop saw an empty queue, before `flushing` was cleared.
      if (this.queue.length > 0) {
        this.flushing = true;
        setImmediate(() => void this.drain());
      }
    }
  }

  private async commit(batch: Pending[]): Promise<void> {
    if (batch.length === 1) return this.alone(batch[0]);
    type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };
    let outcomes: Outcome[];
    try {
      outcomes = await inTransaction(this.knex, async (trx) => {
        const done: Outcome[] = [];
        for (const item of batch) {
          try {
            done.push({ ok: true, value: await item.write(trx) });
          } catch (error) {
            if (!this.isCleanRefusal(error)) throw error;
            done.push({ ok: false, error });
          }
        }
        return done;
      });
    } catch {
      // Someone's write failed part-way (or the commit did): nothing of the batch is
      // kept; each write runs again alone and meets its own fate.
      this.stats.fallbacks += 1;
      for (const item of batch) await this.alone(item);
      return;
    }
    this.stats.batches += 1;
    this.stats.writes += batch.length;
    batch.forEach((item, i) => {
      const outcome = outcomes[i];
      if (outcome.ok) item.resolve(outcome.value);
      else item.reject(outcome.error);
    });
  }

  private async alone(item: Pending): Promise<void> {
    try {
      const value = await inTransaction(this.knex, (trx) => item.write(trx));
      this.stats.batches += 1;
      this.stats.writes += 1;
      item.resolve(value);
    } catch (error) {
      item.reject(error);
    }
  }
}
