// What the web app says about a task's deadline and a procedure's time limit: the badge
// and the countdown come from one TaskTiming and cannot contradict each other; a paused
// task is neither on time nor late; a same-day limit reads "trong ngày"; one live event
// raises one notification. Pure functions, no browser.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { WorkingCalendar } from '../../engine/calendar/index.js';
import type { Task } from '../../designer/src/api/types.js';
import { countdownText, taskTiming, type TaskDeadline } from '../../designer/src/deadline.js';
import { makeFormatters, type Formatters, type Lang } from '../../designer/src/i18n/format.js';
import { notificationIdentity } from '../../designer/src/live/notifications.js';

const cal = new WorkingCalendar();
/** An instant on the office's wall clock (UTC+7). */
const vn = (local: string) => new Date(`${local.replace(' ', 'T')}:00+07:00`);

/** The screens' dictionaries and formatters (as i18n/index.tsx serves them). */
function say(lang: Lang): { t: (key: string, params?: Record<string, string | number>) => string; fmt: Formatters; badge: (state: TaskDeadline) => string } {
  const words = JSON.parse(readFileSync(new URL(`../../designer/src/i18n/${lang}.json`, import.meta.url), 'utf8')) as Record<string, string>;
  const t = (key: string, params: Record<string, string | number> = {}) => {
    expect(words[key], key).toBeTypeOf('string');
    return words[key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
  };
  return { t, fmt: makeFormatters(lang), badge: (state) => t(`deadline.${state}`) };
}
const vi = say('vi');
const en = say('en');

type Timed = Pick<Task, 'dueAt' | 'paused' | 'deadlineState' | 'remainingWorkingMinutes'>;
const task = (over: Partial<Timed>): Timed => ({ dueAt: vn('2026-03-11 09:00').toISOString(), paused: false, deadlineState: 'onTime', remainingWorkingMinutes: 60, ...over });

describe('a task’s deadline on screen', () => {
  it('is overdue past the due instant even with no working minute past it — never "còn 0 phút" beside "Quá hạn"', () => {
    // Due Friday 17:00; Saturday morning the server says overdue with 0 working minutes past.
    const friday = task({ dueAt: vn('2026-03-13 17:00').toISOString(), deadlineState: 'overdue', remainingWorkingMinutes: 0 });
    const saturday = vn('2026-03-14 10:00');
    const timing = taskTiming(friday, saturday, saturday, cal);
    expect(timing.state).toBe('overdue');
    expect(vi.badge(timing.state)).toBe('Quá hạn');
    expect(countdownText(vi.t, vi.fmt, timing)).toBe('quá hạn từ 17:00 13/03/2026');
    expect(countdownText(en.t, en.fmt, timing)).toBe('overdue since 13/03/2026, 17:00');
    // The page opened Friday at 16:59 (due soon, 1 minute left) and stayed open overnight.
    const stale = task({ dueAt: vn('2026-03-13 17:00').toISOString(), deadlineState: 'dueSoon', remainingWorkingMinutes: 1 });
    const later = taskTiming(stale, vn('2026-03-13 16:59'), vn('2026-03-13 19:00'), cal);
    expect(later.state).toBe('overdue');
    expect(countdownText(vi.t, vi.fmt, later)).not.toMatch(/còn/);
  });

  it('counts on from the server’s instant of the answer, in whole minutes down, and turns overdue when the time is up', () => {
    const at = vn('2026-03-11 08:00');
    const dueSoon = task({ deadlineState: 'dueSoon', remainingWorkingMinutes: 60 });
    const tick = (now: Date) => countdownText(vi.t, vi.fmt, taskTiming(dueSoon, at, now, cal));
    expect(tick(at)).toBe('còn 1 giờ');
    expect(tick(new Date(at.getTime() + 30_500))).toBe('còn 59 phút');
    expect(tick(vn('2026-03-11 08:45'))).toBe('còn 15 phút');
    expect(tick(new Date(vn('2026-03-11 09:00').getTime() - 20_000))).toBe('còn dưới 1 phút');
    const late = taskTiming(dueSoon, at, vn('2026-03-11 09:30'), cal);
    expect(late.state).toBe('overdue');
    expect(countdownText(vi.t, vi.fmt, late)).toBe('quá 30 phút');
    expect(countdownText(en.t, en.fmt, late)).toBe('30 min overdue');
    // The browser's tick may lag the answer: nothing is added back.
    expect(tick(new Date(at.getTime() - 5_000))).toBe('còn 1 giờ');
  });

  it('says "quá 30 phút" for a task the server judged 30 minutes late, whatever seconds the page adds', () => {
    const at = vn('2026-03-11 09:30');
    const late = task({ deadlineState: 'overdue', remainingWorkingMinutes: -30 });
    for (const seconds of [0, 1, 20, 59]) {
      expect(countdownText(vi.t, vi.fmt, taskTiming(late, at, new Date(at.getTime() + seconds * 1000), cal))).toBe('quá 30 phút');
    }
  });

  it('shows a task of a dossier awaiting the citizen’s supplement as paused, never on time or overdue', () => {
    for (const deadlineState of ['onTime', 'dueSoon', 'overdue'] as const) {
      const timing = taskTiming(task({ paused: true, deadlineState, remainingWorkingMinutes: 180 }), vn('2026-03-11 08:00'), vn('2026-03-12 15:00'), cal);
      expect(timing.state).toBe('paused');
      expect(vi.badge(timing.state)).toBe('Tạm dừng (chờ bổ sung)');
      expect(en.badge(timing.state)).toBe('Paused (awaiting supplement)');
      // The clock stood still: what was left when it stopped, whatever the hour now.
      expect(countdownText(vi.t, vi.fmt, timing)).toBe('đồng hồ dừng · còn 3 giờ');
    }
    const pausedLate = taskTiming(task({ paused: true, deadlineState: 'overdue', remainingWorkingMinutes: -20 }), null, vn('2026-03-12 15:00'), cal);
    expect(countdownText(vi.t, vi.fmt, pausedLate)).toBe('đồng hồ dừng');
    expect(countdownText(en.t, en.fmt, pausedLate)).toBe('clock stopped');
  });
});

describe('a procedure’s time limit on screen', () => {
  it('reads a zero limit (P0D) as "trong ngày" / "same working day", not "0 phút"', () => {
    expect(vi.fmt.timeLimit('P0D')).toBe('trong ngày');
    expect(en.fmt.timeLimit('P0D')).toBe('same working day');
    expect(vi.fmt.timeLimit('PT0H')).toBe('trong ngày');
    expect(vi.fmt.timeLimit('P0D', 'calendar')).toBe('trong ngày');
  });

  it('reads other limits in working days, hours and minutes; none or an invalid one is null', () => {
    expect(vi.fmt.timeLimit('P3D')).toBe('3 ngày làm việc');
    expect(en.fmt.timeLimit('P3D')).toBe('3 d of working time');
    expect(vi.fmt.timeLimit('P0.5D')).toBe('3 giờ 45 phút làm việc');
    expect(vi.fmt.timeLimit('PT4H')).toBe('4 giờ làm việc');
    expect(vi.fmt.timeLimit('P15D', 'calendar')).toBe('15 ngày');
    expect(vi.fmt.timeLimit(null)).toBeNull();
    expect(vi.fmt.timeLimit('')).toBeNull();
    expect(vi.fmt.timeLimit('ba ngày')).toBeNull();
    // A step's allotment or a budget left is still a plain amount of working time.
    expect(vi.fmt.working(0)).toBe('0 phút');
  });
});

describe('live notifications', () => {
  const overdue = (level: number) => ({ taskId: 't1', dossierId: 'd1', escalationLevel: level });
  const id = notificationIdentity;

  it('know a repeat of an event (at-least-once delivery) from news: same task, same slot, same rank', () => {
    expect(id('task:overdue', { ...overdue(1), task: {} })).toEqual(id('task:overdue', overdue(1)));
    expect(id('task:overdue', overdue(2))!.rank).toBeGreaterThan(id('task:overdue', overdue(1))!.rank);
    expect(id('task:overdue', { ...overdue(1), taskId: 't2' })!.slot).not.toBe(id('task:overdue', overdue(1))!.slot);
    // The payload's `id` names the task when `taskId` is missing.
    expect(id('task:dueSoon', { id: 't1' })).toEqual(id('task:dueSoon', { taskId: 't1' }));
    // Transferred elsewhere, a task is new work there.
    expect(id('task:assigned', { taskId: 't1', agencyCode: 'A' })!.slot).not.toBe(id('task:assigned', { taskId: 't1', agencyCode: 'B' })!.slot);
    expect(id('dossier:updated', { dossierId: 'd1' })).toBeNull();
    expect(id('task:overdue', { dossierId: 'd1' })).toBeNull();
  });

  it('rank a task’s deadline news in one slot: due soon, then overdue, then each escalation level', () => {
    const soon = id('task:dueSoon', { taskId: 't1' })!;
    const [one, two] = [id('task:overdue', overdue(1))!, id('task:overdue', overdue(2))!];
    expect(new Set([soon.slot, one.slot, two.slot]).size).toBe(1);
    expect([soon.rank, one.rank, two.rank]).toEqual([0, 1, 2]);
    expect(id('task:assigned', { taskId: 't1' })!.slot).not.toBe(soon.slot);
  });
});
