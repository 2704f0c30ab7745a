// The next instant anything falls due, read from the two indexed columns the store
// keeps for the scheduler: open tasks' `wake_at` (partial index tasks_open_wake_at) and
// pending timers' `due_at` (partial index timers_pending_due_at). Never a scan of the
// dossiers: each query walks its index from `after` and stops at the first row.
import { dbInstant, nextIncidentRetryAfter, type Db } from '../store/index.js';

/**
 * The earliest `wake_at` / timer `due_at` strictly after `after`, or null when nothing
 * is pending. Strictly after: what is due at or before `after` is the caller's current
 * pass (runDue), and a row that pass could not settle must not make the scheduler spin.
 */
export async function nextDueAfter(db: Db, after: Date): Promise<Date | null> {
  const from = dbInstant(after.toISOString());
  const [task, timer] = await Promise.all([
    db('tasks')
      .where('state', 'open')
      .whereNotNull('wake_at')
      .where('wake_at', '>', from)
      .orderBy('wake_at')
      .first('wake_at'),
    db('timers')
      .whereNull('fired_at')
      .where('due_at', '>', from)
      // A paused dossier's timers wait (runDue skips them too, Decree 61/2018 art. 19);
      // waking for them would only find nothing to do.
      .whereNotExists((q) => q.select(db.raw('1')).from('dossiers').whereRaw('dossiers.id = timers.dossier_id').where('dossiers.status', 'awaitingSupplement'))
      .orderBy('due_at')
      .first('due_at'),
  ]);
  // A dossier whose scheduled work failed is tried again at its incident's retry instant.
  const retry = await nextIncidentRetryAfter(db, from);
  const candidates = [task?.wake_at, timer?.due_at, retry].filter((v): v is string => typeof v === 'string').map((v) => new Date(v).getTime());
  return candidates.length === 0 ? null : new Date(Math.min(...candidates));
}
