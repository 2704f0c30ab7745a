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
 */
export async function unpublished(db: Db, limit: number): Promise<OutboxMessage[]> {
  const query = db('outbox').whereNull('published_at').orderBy('id').limit(limit);
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
