// Incidents: scheduled work (a timer, a deadline check) that failed for one dossier
// (issue 13, CONTRACT.md §6.3 `GET /admin/incidents`). The scheduler records the failure
// here and goes on with every other dossier; this one is left alone until `retry_at`,
// which doubles with each failed attempt up to a bound. One open row per dossier.
import type { Knex } from 'knex';
import type { IncidentView } from '../../contract/index.js';
import { dbInstant, isUniqueViolation, type Db } from './db.js';

/** The first retry after a failure, and the longest wait between two (exponential in between). */
export const INCIDENT_BACKOFF = { firstMs: 60_000, maxMs: 60 * 60_000 } as const;

/** How long after its `attempts`-th failure a dossier's scheduled work is tried again. */
export function incidentBackoffMs(attempts: number): number {
  const exponent = Math.min(Math.max(attempts, 1) - 1, 30);
  return Math.min(INCIDENT_BACKOFF.maxMs, INCIDENT_BACKOFF.firstMs * 2 ** exponent);
}

export interface IncidentFailure {
  dossierId: string;
  kind: 'timer' | 'deadlines';
  ref: string | null;
  code: string;
  message: string;
  now: string;
}

const MAX_MESSAGE = 2000;

function present(row: Record<string, any>): IncidentView {
  return {
    id: Number(row.id),
    dossierId: row.dossier_id,
    dossierCode: row.dossier_code ?? null,
    kind: row.kind,
    ref: row.ref ?? null,
    code: row.code,
    message: row.message,
    attempts: Number(row.attempts),
    firstFailedAt: row.first_failed_at,
    lastFailedAt: row.last_failed_at,
    retryAt: row.resolved_at ? null : row.retry_at,
    resolvedAt: row.resolved_at ?? null,
    resolvedBy: row.resolved_by ?? null,
    state: row.resolved_at ? 'resolved' : 'open',
  };
}

/** Records one failure: opens the dossier's incident or counts one more attempt on it. Returns it. */
export async function recordIncidentFailure(db: Db, failure: IncidentFailure): Promise<IncidentView> {
  try {
    return await recordOnce(db, failure);
  } catch (error) {
    // Another process opened the dossier's incident between our read and our insert: count on it.
    if (!isUniqueViolation(error)) throw error;
    return recordOnce(db, failure);
  }
}

async function recordOnce(db: Db, failure: IncidentFailure): Promise<IncidentView> {
  const now = dbInstant(failure.now);
  const message = failure.message.slice(0, MAX_MESSAGE);
  const open = await db('incidents').where({ dossier_id: failure.dossierId }).whereNull('resolved_at').first();
  const attempts = open ? Number(open.attempts) + 1 : 1;
  const retryAt = new Date(new Date(now).getTime() + incidentBackoffMs(attempts)).toISOString();
  const fields = { kind: failure.kind, ref: failure.ref, code: failure.code, message, attempts, last_failed_at: now, retry_at: retryAt };
  let id: number;
  if (open) {
    await db('incidents').where({ id: open.id }).update(fields);
    id = Number(open.id);
  } else {
    const [row] = await db('incidents').insert({ dossier_id: failure.dossierId, first_failed_at: now, ...fields }, ['id']);
    id = Number(typeof row === 'object' ? row.id : row);
  }
  return (await getIncident(db, id))!;
}

/** The dossiers' open incidents are over (their scheduled work ran): marks them resolved. */
export async function resolveIncidents(db: Db, dossierIds: readonly string[], now: string, by: string): Promise<number> {
  if (dossierIds.length === 0) return 0;
  return db('incidents')
    .whereIn('dossier_id', [...new Set(dossierIds)])
    .whereNull('resolved_at')
    .update({ resolved_at: dbInstant(now), resolved_by: by });
}

/** An admin asks for another attempt now: the backoff is lifted. */
export async function retryIncidentNow(db: Db, id: number, now: string): Promise<void> {
  await db('incidents').where({ id }).whereNull('resolved_at').update({ retry_at: dbInstant(now) });
}

export async function getIncident(db: Db, id: number): Promise<IncidentView | null> {
  const row = await db('incidents')
    .leftJoin('dossiers', 'dossiers.id', 'incidents.dossier_id')
    .where('incidents.id', id)
    .first('incidents.*', 'dossiers.code as dossier_code');
  return row ? present(row) : null;
}

export interface IncidentFilter {
  state?: 'open' | 'resolved';
  limit: number;
  offset: number;
}

/** Newest failure first; open ones only unless asked. */
export async function listIncidents(db: Db, filter: IncidentFilter): Promise<{ items: IncidentView[]; total: number }> {
  const base = () => {
    const q = db('incidents');
    if (filter.state === 'open') q.whereNull('incidents.resolved_at');
    if (filter.state === 'resolved') q.whereNotNull('incidents.resolved_at');
    return q;
  };
  const [{ n }] = (await base().count({ n: '*' })) as Array<{ n: string | number }>;
  const rows = await base()
    .leftJoin('dossiers', 'dossiers.id', 'incidents.dossier_id')
    .select('incidents.*', 'dossiers.code as dossier_code')
    .orderBy([{ column: 'incidents.last_failed_at', order: 'desc' }, { column: 'incidents.id', order: 'desc' }])
    .limit(filter.limit)
    .offset(filter.offset);
  return { items: rows.map(present), total: Number(n) };
}

/**
 * Keeps a dossier whose scheduled work failed out of the due queries until its retry
 * instant: `column` is the query's dossier id column (`tasks.dossier_id`, `timers.dossier_id`).
 */
export function notBackingOff(query: Knex.QueryBuilder, db: Db, column: string, now: string): Knex.QueryBuilder {
  return query.whereNotExists((q) =>
    q
      .select(db.raw('1'))
      .from('incidents')
      .where('incidents.dossier_id', db.ref(column))
      .whereNull('incidents.resolved_at')
      .where('incidents.retry_at', '>', dbInstant(now)),
  );
}

/** The earliest retry instant of an open incident strictly after `after` (the scheduler wakes for it). */
export async function nextIncidentRetryAfter(db: Db, after: string): Promise<string | null> {
  const row = await db('incidents').whereNull('resolved_at').where('retry_at', '>', dbInstant(after)).orderBy('retry_at').first('retry_at');
  return row?.retry_at ?? null;
}

/** Open incidents, for the health of a deployment at a glance. */
export async function countOpenIncidents(db: Db): Promise<number> {
  const [{ n }] = (await db('incidents').whereNull('resolved_at').count({ n: '*' })) as Array<{ n: string | number }>;
  return Number(n);
}

/** One dossier's pending timers due by `now`, earliest first (an admin's retry of its incident). */
export async function dueTimersOf(db: Db, dossierId: string, now: string): Promise<Array<{ id: string }>> {
  const rows = await db('timers')
    .where({ dossier_id: dossierId })
    .whereNull('fired_at')
    .where('due_at', '<=', dbInstant(now))
    .orderBy([{ column: 'due_at' }, { column: 'id' }])
    .select('id');
  return rows.map((row: { id: string }) => ({ id: row.id }));
}
