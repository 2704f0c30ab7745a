// The outbox: effects saved in the action's transaction, published after commit. A
// crash between commit and publish loses nothing; the publisher picks the rows up on
// its next pass (so consumers must tolerate a message delivered twice).
import { databaseKind, dbInstant, fromJson, type Db } from './db.js';

export interface OutboxMessage {
  id: number;
  dossierId: string | null;
  /** The effect type: `taskOpened`, `escalated`, `dossierUpdated` … */
  topic: string;
  /** The effect, plus `dossierId` and `taskId` (null when the effect has no task). */
  payload: Record<string, unknown>;
  createdAt: string;
}

/**
 * The oldest unpublished messages, in the order they were written. On PostgreSQL,
 * called inside a transaction together with `markPublished`, the rows are claimed
 * `FOR UPDATE SKIP LOCKED` so two publisher processes never take the same message.
 * With `afterId`, only rows after it: the publisher holds a restart's backlog back for
 * a moment while fresh rows go out.
 */
export async function unpublished(db: Db, limit: number, afterId?: number): Promise<OutboxMessage[]> {
  const query = db('outbox').whereNull('published_at').orderBy('id').limit(limit);
  if (afterId !== undefined) query.where('id', '>', afterId);
  if (databaseKind(db) === 'postgres') query.forUpdate().skipLocked();
  const rows = await query;
  return rows.map((row: Record<string, any>) => ({
    id: Number(row.id),
    dossierId: row.dossier_id ?? null,
    topic: row.topic,
    payload: fromJson<Record<string, unknown>>(row.payload),
    createdAt: row.created_at,
  }));
}

/** Marks messages as published at `now` (the store never reads the clock itself). */
export async function markPublished(db: Db, ids: readonly number[], now: string): Promise<void> {
  if (ids.length === 0) return;
  await db('outbox').whereIn('id', [...ids]).whereNull('published_at').update({ published_at: dbInstant(now) });
}

/** What the publisher needs to address a dossier's messages and fill their payloads. */
export type { PublishedDossier } from '../../contract/index.js';
import type { PublishedDossier } from '../../contract/index.js';

/** The dossiers of a batch of messages as they stand now, by id (two indexed lookups, whatever the batch size). */
export async function publishedDossiers(db: Db, dossierIds: readonly string[]): Promise<Map<string, PublishedDossier>> {
  const ids = [...new Set(dossierIds)];
  const found = new Map<string, PublishedDossier>();
  if (ids.length === 0) return found;
  const rows = await db('dossiers')
    .whereIn('id', ids)
    .select('id', 'code', 'status', 'result', 'receiving_agency', 'holding_agency', 'appointment_at');
  for (const row of rows as Record<string, any>[]) {
    found.set(row.id, {
      id: row.id,
      code: row.code,
      status: row.status,
      result: row.result ?? null,
      receivingAgency: row.receiving_agency,
      holdingAgency: row.holding_agency,
      appointmentAt: row.appointment_at,
      agencies: [row.receiving_agency, row.holding_agency],
    });
  }
  const held = await db('tasks').whereIn('dossier_id', ids).distinct('dossier_id', 'agency_code');
  for (const row of held as Record<string, any>[]) found.get(row.dossier_id)?.agencies.push(row.agency_code);
  for (const dossier of found.values()) dossier.agencies = [...new Set(dossier.agencies)];
  return found;
}
