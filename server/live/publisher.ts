// The outbox publisher: after each commit (and on a short safety interval, for rows a
// crashed process committed but never sent), take the unpublished rows in id order,
// turn them into socket events, send them and mark them published — in one
// transaction. On PostgreSQL the rows are claimed FOR UPDATE SKIP LOCKED, so two
// processes never publish the same row; each process's socket.io adapter then carries
// the event to the sockets of every process.
//
// Delivery is at least once: the events go out last, just before the commit, so a
// failure anywhere earlier sends nothing and the batch is taken again; only a failed
// commit after sending can send a row twice.
import type { Knex } from 'knex';
import type { Clock } from '../clock.js';
// Not (yet) re-exported by store/index.ts, which this work may not touch.
import { inTransaction, markPublished, publishedDossiers, unpublished, type OutboxMessage } from '../store/index.js';
import { emissionsFor, type Emission } from './events.js';

export interface PublisherOptions {
  /** Safety net for rows no nudge announced (another process crashed after committing). Default 1 s. */
  intervalMs?: number;
  batchSize?: number;
  /**
   * After a start, rows already waiting (the backlog of a crash or a restart) are held
   * this long so that clients reconnecting to the restarted server still receive them
   * (socket.io clients retry after about 1 s). Rows committed after the start go at once.
   * Default 2 s.
   */
  backlogGraceMs?: number;
  onError?: (error: unknown) => void;
  /** Under load, nudges within this many ms of the last flush share the next one (default 10 ms). */
  coalesceMs?: number;
  /**
   * Issue 17: each batch's rows become webhook and notification deliveries in the same
   * transaction that marks them published (server/citizens/fanout.ts) — once, or not at all.
   */
  fanOut?: (trx: Knex.Transaction, rows: OutboxMessage[]) => Promise<unknown>;
  /** After a batch committed: the delivery worker has work (server/citizens/worker.ts). */
  onPublished?: () => void;
}

export class OutboxPublisher {
  private interval: NodeJS.Timeout | null = null;
  private graceTimer: NodeJS.Timeout | null = null;
  private started = false;
  private stopped = false;
  /** While set, only rows after this id go out (see backlogGraceMs). */
  private backlogUpTo: number | null = null;
  private running: Promise<number> | null = null;
  private again = false;
  private nudged = false;
  private lastFlushAt = Number.NEGATIVE_INFINITY;
  private readonly coalesceMs: number;
  private readonly intervalMs: number;
  private readonly batchSize: number;
  private readonly backlogGraceMs: number;
  private readonly onError: (error: unknown) => void;
  private readonly fanOut: PublisherOptions['fanOut'] | null;
  private readonly onPublished: (() => void) | null;
  /** Set after a failure, until a flush succeeds: a database that is down is reported once, not every second. */
  private failing = false;
  /** Rows published by this process so far (tests and diagnostics). */
  published = 0;

  constructor(
    private readonly db: Knex,
    private readonly clock: Clock,
    private readonly send: (emission: Emission) => void,
    options: PublisherOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? 1_000;
    this.batchSize = options.batchSize ?? 100;
    this.backlogGraceMs = options.backlogGraceMs ?? 2_000;
    this.coalesceMs = options.coalesceMs ?? 10;
    this.onError = options.onError ?? ((error) => console.error('outbox publisher failed:', error));
    this.fanOut = options.fanOut ?? null;
    this.onPublished = options.onPublished ?? null;
  }

  async start(): Promise<void> {
    if (this.started || this.stopped) return;
    this.started = true;
    if (this.backlogGraceMs > 0) {
      const top = await this.db('outbox').whereNull('published_at').max({ id: 'id' }).first();
      if (top?.id !== null && top?.id !== undefined) {
        this.backlogUpTo = Number(top.id);
        this.graceTimer = setTimeout(() => {
          this.graceTimer = null;
          this.backlogUpTo = null;
          this.nudge();
        }, this.backlogGraceMs);
        this.graceTimer.unref();
      }
    }
    this.interval = setInterval(() => this.nudge(), this.intervalMs);
    this.interval.unref();
    this.nudge();
  }

  /**
   * A commit happened: publish soon. Coalesces: the nudges of one turn of the event loop
   * (a group commit answers all its actions at once) make one flush, and many nudges
   * during a flush make one more.
   */
  nudge(): void {
    if (!this.started || this.stopped || this.nudged) return;
    this.nudged = true;
    const go = () => {
      this.nudged = false;
      if (!this.stopped) this.flushReporting();
    };
    // Busy (a flush ran within the last coalesceMs): wait that long, so the commits of
    // many clients go out in one flush — four statements on the writer's connection —
    // instead of one flush each. Idle: at once.
    const since = performance.now() - this.lastFlushAt;
    if (since >= this.coalesceMs) setImmediate(go);
    else setTimeout(go, this.coalesceMs - since).unref();
  }

  private flushReporting(): void {
    this.lastFlushAt = performance.now();
    void this.flush().then(
      () => {
        this.failing = false;
      },
      (error) => {
        if (this.stopped || this.failing) return;
        this.failing = true;
        this.onError(error);
      },
    );
  }

  /** Publishes everything unpublished now; resolves with the number of rows this call published. */
  async flush(): Promise<number> {
    if (this.running) {
      // Rows committed after the running flush read its batch: it goes round once more,
      // so what was committed before this call is sent when the promise resolves.
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      let total = 0;
      try {
        do {
          this.again = false;
          for (;;) {
            const count = await this.publishBatch();
            total += count;
            if (count < this.batchSize) break;
          }
        } while (this.again && !this.stopped);
      } finally {
        this.running = null;
      }
      return total;
    })();
    return this.running;
  }

  /** Stops the interval after a last flush of what is committed, so a clean shutdown leaves nothing behind. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    if (this.interval) clearInterval(this.interval);
    if (this.graceTimer) clearTimeout(this.graceTimer);
    this.interval = this.graceTimer = null;
    if (this.started) {
      // Held-back backlog goes now too: nobody else may be left to send it.
      this.backlogUpTo = null;
      try {
        await this.flush();
      } catch (error) {
        this.onError(error);
      }
    }
    this.stopped = true;
    await this.running?.catch(() => 0);
  }

  private async publishBatch(): Promise<number> {
    const after = this.backlogUpTo;
    const count = await inTransaction(this.db, async (trx) => {
      const rows = await unpublished(trx, this.batchSize, after ?? undefined);
      if (rows.length === 0) return 0;
      await this.fanOut?.(trx, rows);
      const dossierIds = rows.map((row) => row.dossierId).filter((id): id is string => id !== null);
      const emissions = emissionsFor(rows, await publishedDossiers(trx, dossierIds));
      await markPublished(
        trx,
        rows.map((row) => row.id),
        this.clock.now().toISOString(),
      );
      // Last, so nothing above can fail after an event went out.
      for (const emission of emissions) this.send(emission);
      this.published += rows.length;
      return rows.length;
    });
    if (count > 0) this.onPublished?.();
    return count;
  }
}
