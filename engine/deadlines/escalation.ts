// The escalation ladder: who is told, and when, once a task overruns its allotment.
// Rungs are counted in working time after the due instant, so a rung never fires on a
// weekend night when nobody can act on it.
import { parseDuration, type WorkingCalendar } from '../calendar/index.js';
import { DEFAULT_POLICY, type DeadlinePolicy, type EscalationRung, type NotifyTarget } from './policy.js';

export interface ScheduledEscalation extends EscalationRung {
  at: Date;
}

export interface EscalationProgress {
  dueAt: Date | null;
  /** Highest level already raised (0 = none). */
  escalationLevel: number;
}

/** Every rung of the ladder with its instant, by level. */
export function escalationSchedule(cal: WorkingCalendar, dueAt: Date, policy: DeadlinePolicy = DEFAULT_POLICY): ScheduledEscalation[] {
  return [...policy.ladder]
    .sort((a, b) => a.level - b.level)
    .map((rung) => {
      // addWorkingTime(t, 0) is the next opening; a PT0S rung must be the due instant
      // itself, even when that is 17:00.
      const { days, minutes } = parseDuration(rung.afterDue);
      const at = days === 0 && minutes === 0 ? new Date(dueAt.getTime()) : cal.addWorkingTime(dueAt, rung.afterDue);
      return { ...rung, notify: [...rung.notify], at };
    });
}

function pending(cal: WorkingCalendar, progress: EscalationProgress, policy: DeadlinePolicy): ScheduledEscalation[] {
  if (progress.dueAt === null) return [];
  return escalationSchedule(cal, progress.dueAt, policy).filter((rung) => rung.level > progress.escalationLevel);
}

/** Rungs to raise now: reached and above the level already raised, lowest first. */
export function escalationsDue(
  cal: WorkingCalendar,
  progress: EscalationProgress,
  now: Date,
  policy: DeadlinePolicy = DEFAULT_POLICY,
): ScheduledEscalation[] {
  return pending(cal, progress, policy).filter((rung) => rung.at.getTime() <= now.getTime());
}

/**
 * When the scheduler must wake for this task's ladder: the earliest rung not yet raised
 * (possibly already past: raise it at once), or null when the ladder is done.
 */
export function nextEscalationAt(cal: WorkingCalendar, progress: EscalationProgress, policy: DeadlinePolicy = DEFAULT_POLICY): Date | null {
  let next: Date | null = null;
  for (const rung of pending(cal, progress, policy)) if (next === null || rung.at.getTime() < next.getTime()) next = rung.at;
  return next;
}

/**
 * Who hears of an overrun at `level` (DOMAIN.md, "Due soon"; the one rule for it): everyone
 * the ladder names up to that rung — the leader hears at level 2 *and* the head still
 * does — plus whoever a model's own escalation names in `extra`. The socket layer maps
 * these targets onto rooms and nothing else (server/live/events.ts).
 */
export function escalationAudience(level: number, extra: readonly string[] = [], policy: DeadlinePolicy = DEFAULT_POLICY): NotifyTarget[] {
  const targets = new Set<NotifyTarget>();
  for (const rung of policy.ladder) if (rung.level <= level) for (const target of rung.notify) targets.add(target);
  for (const target of extra) targets.add(target);
  return [...targets];
}

/** The rung a model's escalation boundary event raises: the ladder's first (DOMAIN.md: "at overdue"). */
export function firstRung(policy: DeadlinePolicy = DEFAULT_POLICY): EscalationRung {
  return [...policy.ladder].sort((a, b) => a.level - b.level)[0];
}
