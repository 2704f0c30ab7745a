// The history is tamper-evident: every `events` row carries `hash`, the SHA-256 of the
// previous row's hash of the same dossier and this row's canonical content; a dossier's
// first row chains from GENESIS_HASH, and the dossier row keeps the hash of its last
// event (`dossiers.last_event_hash`), so a row cut off the end shows too. Rows are
// append-only in the database itself (the triggers of migration 20261129030000_history).
//
// One home for the rule: the write path (dossiers.ts) chains new rows with it, the
// migration back-fills older databases with it, `npm run verify-history` checks with it.
// Changing it invalidates every stored hash: never change it, add a new column instead.
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { canonicalJson } from '../canonicalJson.js';
import { databaseKind, type Db } from './db.js';

/** What the first row of every dossier chains from. */
export const GENESIS_HASH = '0'.repeat(64);

/** The columns of an `events` row that its hash covers, as stored (instants in the store's one shape, details as JSON text). */
export interface ChainedEventRow {
  dossier_id: string;
  seq: number;
  type: string;
  actor?: string | null;
  task_id?: string | null;
  step_id?: string | null;
  at: string;
  details: string;
  appointment_before?: string | null;
  appointment_after?: string | null;
}

/**
 * `hash` = SHA-256 (hex) of `previousHash`, a newline, and the canonical JSON of the row's
 * content. `details` is hashed as the JSON value it holds, not as text, so the same
 * history hashes the same on SQLite and PostgreSQL, whatever the column type.
 */
export function eventHash(previousHash: string, row: ChainedEventRow): string {
  const content = {
    dossierId: row.dossier_id,
    seq: Number(row.seq),
    type: row.type,
    actor: row.actor ?? null,
    taskId: row.task_id ?? null,
    stepId: row.step_id ?? null,
    at: row.at,
    details: parseDetails(row.details),
    appointmentBefore: row.appointment_before ?? null,
    appointmentAfter: row.appointment_after ?? null,
  };
  return createHash('sha256').update(`${previousHash}\n${canonicalJson(content)}`, 'utf8').digest('hex');
}

// The write path only stores JSON; text that is not (edited by hand) hashes as the
// string it is, so verification reports it as a broken link instead of failing.
function parseDetails(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return String(text);
  }
}

/** The rows with their `hash`, chained from `previousHash` in the order given. */
export function chainEvents<R extends ChainedEventRow>(previousHash: string, rows: readonly R[]): Array<R & { hash: string }> {
  let previous = previousHash;
  return rows.map((row) => {
    previous = eventHash(previous, row);
    return { ...row, hash: previous };
  });
}

// ---------------------------------------------------------------------------------
// Walking every chain: the back-fill of older databases and the verification.

const PAGE = 1000;

type Row = Record<string, any>;

/** Every event, in (dossier, seq) order, page by page (keyset on the (dossier_id, seq) unique index). */
async function* eventsInChainOrder(db: Db): AsyncGenerator<Row> {
  let after: [string, number] | null = null;
  for (;;) {
    const query = db('events')
      .select('events.*', 'dossiers.last_event_hash as head', 'dossiers.code as dossier_code')
      .join('dossiers', 'dossiers.id', 'events.dossier_id')
      .orderBy([{ column: 'events.dossier_id' }, { column: 'events.seq' }])
      .limit(PAGE);
    if (after) query.whereRaw('(events.dossier_id, events.seq) > (?, ?)', after);
    const rows: Row[] = await query;
    for (const row of rows) yield row;
    if (rows.length < PAGE) return;
    const last = rows[rows.length - 1];
    after = [last.dossier_id, Number(last.seq)];
  }
}

/**
 * Computes `events.hash` and `dossiers.last_event_hash` for every row of a database
 * written before the chain existed. Run by the migration, before the triggers that make
 * `events` append-only. Returns the number of events hashed.
 */
export async function backfillHistoryHashes(db: Db): Promise<number> {
  let count = 0;
  let dossier: string | null = null;
  let previous = GENESIS_HASH;
  let pending: Array<[id: number, hash: string]> = [];
  let heads: Array<[id: string, hash: string]> = [];
  const flush = async (force: boolean) => {
    if (pending.length >= PAGE || (force && pending.length > 0)) {
      await updateByKey(db, 'events', 'id', 'hash', pending);
      pending = [];
    }
    if (heads.length >= PAGE || (force && heads.length > 0)) {
      await updateByKey(db, 'dossiers', 'id', 'last_event_hash', heads);
      heads = [];
    }
  };
  // Reading a page and then writing into the same table is safe: the keyset continues
  // from the last (dossier, seq) seen, whatever the updates did.
  for await (const row of eventsInChainOrder(db)) {
    if (row.dossier_id !== dossier) {
      if (dossier !== null) heads.push([dossier, previous]);
      dossier = row.dossier_id;
      previous = GENESIS_HASH;
    }
    previous = eventHash(previous, row as ChainedEventRow);
    pending.push([Number(row.id), previous]);
    count++;
    await flush(false);
  }
  if (dossier !== null) heads.push([dossier, previous]);
  await flush(true);
  return count;
}

/** `update <table> set <column> = case <key> when … then … end where <key> in (…)`: one statement per batch, on both databases. */
async function updateByKey(db: Db, table: string, key: string, column: string, values: ReadonlyArray<readonly [string | number, string]>): Promise<void> {
  const cases = values.map(() => 'when ? then ?').join(' ');
  const bindings = values.flatMap(([k, v]) => [k, v]);
  await db.raw(`update ?? set ?? = case ?? ${cases} end where ?? in (${values.map(() => '?').join(',')})`, [
    table,
    column,
    key,
    ...bindings,
    key,
    ...values.map(([k]) => k),
  ]);
}

/** Where a dossier's chain first fails to hold. */
export interface BrokenLink {
  dossierId: string;
  dossierCode: string | null;
  /** The event whose stored hash is wrong, or (`head`) the last event the dossier row disagrees with (0: no event at all). */
  seq: number;
  /**
   * `hash`: the row's stored hash is not the hash of its predecessor and its content (a
   * row edited, removed before it, or inserted without a hash); `head`: the dossier's
   * `last_event_hash` is not the last row's hash (rows removed at the end, or added
   * without the dossier knowing).
   */
  kind: 'hash' | 'head';
  expected: string | null;
  found: string | null;
}

export interface HistoryReport {
  dossiers: number;
  events: number;
  /** The first broken link in (dossier id, seq) order; null when every chain holds. */
  broken: BrokenLink | null;
}

/**
 * Recomputes every dossier's chain, in one read-only snapshot (a server writing meanwhile
 * does not make a chain look broken), and stops at the first broken link.
 */
export async function verifyHistory(knex: Knex): Promise<HistoryReport> {
  const config = databaseKind(knex) === 'postgres' ? { isolationLevel: 'repeatable read' as const, readOnly: true } : {};
  return knex.transaction(async (trx) => {
    let dossiers = 0;
    let events = 0;
    let current: Row | null = null;
    let previous = GENESIS_HASH;
    const headBroken = (last: Row): BrokenLink | null =>
      (last.head ?? null) === previous
        ? null
        : { dossierId: last.dossier_id, dossierCode: last.dossier_code ?? null, seq: Number(last.seq), kind: 'head', expected: last.head ?? null, found: previous };
    for await (const row of eventsInChainOrder(trx)) {
      if (!current || row.dossier_id !== current.dossier_id) {
        if (current) {
          const broken = headBroken(current);
          if (broken) return { dossiers, events, broken };
        }
        dossiers++;
        previous = GENESIS_HASH;
      }
      current = row;
      events++;
      const expected = eventHash(previous, row as ChainedEventRow);
      if (row.hash !== expected) {
        return {
          dossiers,
          events,
          broken: { dossierId: row.dossier_id, dossierCode: row.dossier_code ?? null, seq: Number(row.seq), kind: 'hash', expected, found: row.hash ?? null },
        };
      }
      previous = expected;
    }
    if (current) {
      const broken = headBroken(current);
      if (broken) return { dossiers, events, broken };
    }
    // A dossier that claims a history of which no row is left.
    const orphan = await trx('dossiers')
      .whereNotNull('last_event_hash')
      .whereNotExists(trx('events').select(trx.raw('1')).whereRaw('events.dossier_id = dossiers.id'))
      .orderBy('id')
      .first('id', 'code', 'last_event_hash');
    if (orphan) {
      return {
        dossiers,
        events,
        broken: { dossierId: orphan.id, dossierCode: orphan.code ?? null, seq: 0, kind: 'head', expected: orphan.last_event_hash, found: null },
      };
    }
    return { dossiers, events, broken: null };
  }, config);
}
