// onTime → dueSoon → overdue for a task or a dossier (DOMAIN.md, Time: "Due soon").
import type { WorkingCalendar } from '../calendar/index.js';
import type { DeadlineState } from '../dossier/types.js';
import type { DayCount } from '../model/procedure.js';
import { DEFAULT_POLICY, type DeadlinePolicy } from './policy.js';

export interface DeadlineWindow {
  startedAt: Date;
  dueAt: Date | null;
}

/** Minutes left at which an allotment of `allotment` minutes turns dueSoon. */
export function dueSoonThreshold(allotment: number, policy: DeadlinePolicy = DEFAULT_POLICY): number {
  return Math.max(policy.dueSoonFraction * allotment, policy.dueSoonMinMinutes);
}

/**
 * The instant from which less than max(fraction × allotment, min minutes) remains (at the
 * instant itself exactly that much remains). Never before the start: a PT4H step is due
 * soon from its first minute.
 */
export function dueSoonAt(
  cal: WorkingCalendar,
  startedAt: Date,
  dueAt: Date,
  policy: DeadlinePolicy = DEFAULT_POLICY,
  dayCount: DayCount = 'working',
): Date {
  const allotment = cal.timeBetween(startedAt, dueAt, dayCount);
  const threshold = dueSoonThreshold(allotment, policy);
  if (threshold >= allotment) return new Date(startedAt.getTime());
  // Time is additive: what is left at t is the allotment minus the time spent since start.
  return dayCount === 'working'
    ? cal.addWorkingTime(startedAt, allotment - threshold)
    : new Date(startedAt.getTime() + Math.round((allotment - threshold) * 60_000));
}

export function deadlineState(
  cal: WorkingCalendar,
  window: DeadlineWindow,
  now: Date,
  policy: DeadlinePolicy = DEFAULT_POLICY,
  dayCount: DayCount = 'working',
): DeadlineState {
  const { startedAt, dueAt } = window;
  if (dueAt === null) return 'onTime';
  if (now.getTime() > dueAt.getTime()) return 'overdue';
  return now.getTime() >= dueSoonAt(cal, startedAt, dueAt, policy, dayCount).getTime() ? 'dueSoon' : 'onTime';
}

/** Working minutes left until `dueAt`; negative when overdue (minus the working time past due). */
export function remainingWorkingMinutes(cal: WorkingCalendar, dueAt: Date, now: Date, dayCount: DayCount = 'working'): number {
  if (now.getTime() <= dueAt.getTime()) return cal.timeBetween(now, dueAt, dayCount);
  const past = cal.timeBetween(dueAt, now, dayCount);
  return past === 0 ? 0 : -past; // no -0 when overdue only outside office hours
}
