// The periodic purge (issue 13): what is kept only for a while is deleted once its time
// is up, so the tables stay small on a server that runs for years.
// - idempotency keys older than MOTCUA_IDEMPOTENCY_RETENTION_HOURS (default 24): a retry
//   after that runs as a new request (docs/contract.md §3.1);
// - outbox rows published more than MOTCUA_OUTBOX_RETENTION_HOURS ago (default 24): they
//   were sent; unpublished rows are never purged.
// Runs every MOTCUA_PURGE_INTERVAL_MINUTES (default 15) in each server process, in small
// batches (several processes purging at once only find less to delete).
import type { Knex } from 'knex';
import type { Clock } from '../clock.js';

export interface Retention {
  idempotencyMs: number;
  outboxMs: number;
  intervalMs: number;
}

const HOUR = 3_600_000;
export const DEFAULT_RETENTION: Retention = { idempotencyMs: 24 * HOUR, outboxMs: 24 * HOUR, intervalMs: 15 * 60_000 };

function positive(env: NodeJS.ProcessEnv, name: string, unitMs: number, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    console.warn(`${name}=${JSON.stringify(raw)} is not a positive number; using the default`);
    return fallback;
  }
  return value * unitMs;
}

let cached: Retention | null = null;

/** The retention the environment asks for (read once per process; `env` given: read anew). */
export function retentionFromEnv(env?: NodeJS.ProcessEnv): Retention {
  if (env === undefined && cached) return cached;
  const source = env ?? process.env;
  const retention = {
    idempotencyMs: positive(source, 'MOTCUA_IDEMPOTENCY_RETENTION_HOURS', HOUR, DEFAULT_RETENTION.idempotencyMs),
    outboxMs: positive(source, 'MOTCUA_OUTBOX_RETENTION_HOURS', HOUR, DEFAULT_RETENTION.outboxMs),
    intervalMs: positive(source, 'MOTCUA_PURGE_INTERVAL_MINUTES', 60_000, DEFAULT_RETENTION.intervalMs),
  };
  if (env === undefined) cached = retention;
  return retention;
}

const BATCH = 5_000;

async function deleteInBatches(knex: Knex, table: string, where: (q: Knex.QueryBuilder) => Knex.QueryBuilder, key: string[]): Promise<number> {
  let total = 0;
  for (;;) {
    const rows = await where(knex(table).select(key)).limit(BATCH);
    if (rows.length === 0) return total;
    let deleted = 0;
    if (key.length === 1) {
      deleted = await knex(table).whereIn(key[0], rows.map((r: Record<string, unknown>) => r[key[0]] as string | number)).delete();
    } else {
      deleted = await knex(table).whereIn(key, rows.map((r: Record<string, unknown>) => key.map((k) => r[k]) as [string | number])).delete();
    }
    total += deleted;
    if (rows.length < BATCH) return total;
  }
}

export interface PurgeReport {
  idempotencyKeys: number;
  outbox: number;
}

/** One purge at the clock's reading. */
export async function purgeOnce(knex: Knex, clock: Clock, retention: Retention = retentionFromEnv()): Promise<PurgeReport> {
  const now = clock.now().getTime();
  const keysBefore = new Date(now - retention.idempotencyMs).toISOString();
  const outboxBefore = new Date(now - retention.outboxMs).toISOString();
  const idempotencyKeys = await deleteInBatches(knex, 'idempotency_keys', (q) => q.where('created_at', '<', keysBefore), ['user_id', 'key']);
  const outbox = await deleteInBatches(
    knex,
    'outbox',
    (q) => q.whereNotNull('published_at').where('published_at', '<', outboxBefore).orderBy('id'),
    ['id'],
  );
  return { idempotencyKeys, outbox };
}

/**
 * The first purge waits this long after a start (or the interval, if shorter): a server
 * that starts and stops at once (tests, a failed start) leaves no purge in flight, which
 * would otherwise hold its close() until the pool's acquire timeout.
 */
const FIRST_PURGE_AFTER_MS = 30_000;

/** Runs `purgeOnce` shortly after a start and every `intervalMs`; never keeps the process alive. */
export class Purger {
  private timer: NodeJS.Timeout | null = null;
  private first: NodeJS.Timeout | null = null;
  private running: Promise<unknown> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly knex: Knex,
    private readonly clock: Clock,
    private readonly retention: Retention = retentionFromEnv(),
  ) {}

  start(): void {
    if (this.timer || this.stopped) return;
    const tick = () => {
      if (this.stopped) return;
      this.running = purgeOnce(this.knex, this.clock, this.retention).catch((error) => console.error('purge failed:', error));
    };
    this.first = setTimeout(tick, Math.min(FIRST_PURGE_AFTER_MS, this.retention.intervalMs));
    this.first.unref();
    this.timer = setInterval(tick, this.retention.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.first) clearTimeout(this.first);
    if (this.timer) clearInterval(this.timer);
    this.timer = this.first = null;
    await this.running;
  }
}
