// A task's deadline as a person reads it: one state for the badge and the countdown, so
// they can never disagree ("Quá hạn" beside "còn 0 phút", a paused task "Trong hạn").
// Pure: the screens pass the server's answer, the server's instant it was judged at, the
// server's "now" (time.ts) and the office calendar.
import type { WorkingCalendar } from '../../engine/calendar/index.js';
import { remainingWorkingMinutes } from '../../engine/deadlines/deadlineState.js';
import type { DeadlineState, Task } from './api/types.js';
import type { Formatters } from './i18n/format.js';

/** The messages a countdown says (keys of i18n/vi.json): `useI18n().t` is one of these. */
type CountdownKey = 'countdown.paused' | 'countdown.pausedLeft' | 'countdown.lateSince' | 'countdown.underMinute' | 'inbox.noDeadline' | 'inbox.late' | 'inbox.left';
type Say = (key: CountdownKey, params?: Record<string, string | number>) => string;

/** A deadline state, or `paused` while the dossier waits for the citizen's supplement. */
export type TaskDeadline = DeadlineState | 'paused';

export interface TaskTiming {
  state: TaskDeadline;
  /** Working minutes left at `now` (negative past due; while paused, what was left when the clock stopped); null without a due time. */
  left: number | null;
  dueAt: Date | null;
}

type TimedTask = Pick<Task, 'dueAt' | 'paused' | 'deadlineState' | 'remainingWorkingMinutes'>;

/**
 * The task at `now`, both instants on the server's clock. The server counted
 * `remainingWorkingMinutes` at `at` (the X-Server-Time of its answer); the working time
 * since then is taken off. Past the due instant the task is overdue whatever the
 * remaining minutes say (0 working minutes past 17:00 on a Friday evening is still late).
 */
export function taskTiming(task: TimedTask, at: Date | null | undefined, now: Date, calendar: WorkingCalendar): TaskTiming {
  const dueAt = task.dueAt ? new Date(task.dueAt) : null;
  // Decree 61/2018 art. 19: the citizen's time does not count — neither on time nor late.
  if (task.paused) return { state: 'paused', left: task.remainingWorkingMinutes, dueAt };
  if (!dueAt) return { state: task.deadlineState, left: null, dueAt };
  const left =
    typeof task.remainingWorkingMinutes === 'number' && at
      ? task.remainingWorkingMinutes - (now.getTime() > at.getTime() ? calendar.workingTimeBetween(at, now) : 0)
      : remainingWorkingMinutes(calendar, dueAt, now);
  const overdue = task.deadlineState === 'overdue' || now.getTime() > dueAt.getTime() || left < 0;
  if (overdue) return { state: 'overdue', left: Math.min(left, 0), dueAt };
  return { state: task.deadlineState, left, dueAt };
}

/** Whole minutes, down (a clock shows 29:59 as 29): never a minute more than the server would say. */
const wholeMinutes = (minutes: number) => Math.floor(minutes + 1e-6);

/** What the countdown column says, agreeing with the badge of the same `timing`. */
export function countdownText(t: Say, fmt: Formatters, timing: TaskTiming): string {
  const { state, left, dueAt } = timing;
  if (state === 'paused') {
    const frozen = left === null ? 0 : wholeMinutes(left);
    return frozen >= 1 ? t('countdown.pausedLeft', { time: fmt.working(frozen) }) : t('countdown.paused');
  }
  if (!dueAt || left === null) return t('inbox.noDeadline');
  if (state === 'overdue') {
    const past = wholeMinutes(-left);
    // Late by no working time yet (due at 17:00, now evening or the weekend): say since when.
    return past >= 1 ? t('inbox.late', { time: fmt.working(past) }) : t('countdown.lateSince', { at: fmt.dateTime(dueAt) });
  }
  const whole = wholeMinutes(left);
  return whole >= 1 ? t('inbox.left', { time: fmt.working(whole) }) : t('countdown.underMinute');
}
