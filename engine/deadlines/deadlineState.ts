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
 * instant itself exactly that much remains) — but never within the policy's grace, the
 * first quarter of the allotment by default: a PT4H step is due soon after its first
 * working hour, not from the second it opened.
 */
export function dueSoonAt(
  cal: WorkingCalendar,
  startedAt: Date,
  dueAt: Date,
  policy: DeadlinePolicy = DEFAULT_POLICY,
  dayCount: DayCount = 'working',
): Date {
  const allotment = cal.timeBetween(startedAt, dueAt, dayCount);
  const grace = Math.min(allotment, Math.max(0, (policy.dueSoonGraceFraction ?? 0) * allotment));
  const threshold = Math.min(dueSoonThreshold(allotment, policy), allotment - grace);
  if (threshold >= allotment) return new Date(startedAt.getTime());
  // Time is additive: what is left at t is the allotment minus the time spent since start.
  return dayCount === 'working'
    ? cal.addWorkingTime(startedAt, allotment - threshold)
    : new Date(startedAt.getTime() + Math.round((allotment - threshold) * 60_000));
}

/**
 * The one rule for a task's deadline state (DOMAIN.md "Due soon"): the instants the
 * engine stamped on it when it opened — its due instant and the instant it turns due
 * soon — both moved by every supplement pause (engine/deadlines/pause.ts). Judging from
 * startedAt → dueAt instead would count a pause as allotment and turn a step due soon
 * early. The REST views, the socket payloads and the web app all ask this function.
 */
export function taskDeadlineState(task: { dueAt: string | null; dueSoonAt: string | null }, at: Date): DeadlineState {
  if (task.dueAt === null) return 'onTime';
  if (at.getTime() > new Date(task.dueAt).getTime()) return 'overdue';
  if (task.dueSoonAt !== null && at.getTime() >= new Date(task.dueSoonAt).getTime()) return 'dueSoon';
  return 'onTime';
}

/** A window never paused (a simulation, a step yet to open): the state from its start and due instant. */
export function deadlineState(
  cal: WorkingCalendar,
  window: DeadlineWindow,
  now: Date,
  policy: DeadlinePolicy = DEFAULT_POLICY,
  dayCount: DayCount = 'working',
): DeadlineState {
  const { startedAt, dueAt } = window;
  if (dueAt === null) return 'onTime';
  return taskDeadlineState(
    { dueAt: dueAt.toISOString(), dueSoonAt: dueSoonAt(cal, startedAt, dueAt, policy, dayCount).toISOString() },
    now,
  );
}

/** Working minutes left until `dueAt`; negative when overdue (minus the working time past due). */
export function remainingWorkingMinutes(cal: WorkingCalendar, dueAt: Date, now: Date, dayCount: DayCount = 'working'): number {
  if (now.getTime() <= dueAt.getTime()) return cal.timeBetween(now, dueAt, dayCount);
  const past = cal.timeBetween(dueAt, now, dayCount);
  return past === 0 ? 0 : -past; // no -0 when overdue only outside office hours
}

/**
 * The dossier-level rule (the dashboard's "due soon" list): an open dossier whose
 * appointment comes before this instant — `at` plus the policy's working time — and has
 * not passed is due soon. Steps are judged by taskDeadlineState; this is its counterpart
 * for the appointment printed on the receipt.
 */
export function appointmentDueSoonUntil(cal: WorkingCalendar, at: Date, policy: DeadlinePolicy = DEFAULT_POLICY): Date {
  return cal.addWorkingTime(at, policy.appointmentDueSoonWithin);
}
