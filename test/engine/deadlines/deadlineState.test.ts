import { describe, expect, it } from 'vitest';

import { WorkingCalendar } from '../../../engine/calendar/index.js';
import { DEFAULT_POLICY, appointmentDueSoonUntil, deadlineState, dueSoonAt, remainingWorkingMinutes } from '../../../engine/deadlines/index.js';
import { at, local } from '../calendar/fixtures/at.js';

const cal = new WorkingCalendar();

describe('due soon and overdue', () => {
  // A P3D step started Monday 9 Nov 2026 07:30 is due Wednesday 11 Nov 17:00.
  const p3d = { startedAt: at('2026-11-09T07:30:00+07:00'), dueAt: at('2026-11-11T17:00:00+07:00') };

  it('turns a P3D step due soon when 20% of it (270 min, more than 4 hours) is left: Wednesday 10:30', () => {
    expect(local(dueSoonAt(cal, p3d.startedAt, p3d.dueAt, DEFAULT_POLICY))).toBe('2026-11-11T10:30:00+07:00');
    expect(deadlineState(cal, p3d, at('2026-11-11T10:29:00+07:00'), DEFAULT_POLICY)).toBe('onTime');
    expect(deadlineState(cal, p3d, at('2026-11-11T10:30:00+07:00'), DEFAULT_POLICY)).toBe('dueSoon');
  });

  it('uses the 4 working hours when they are more than 20%: a P1D step is due soon after 210 minutes', () => {
    const startedAt = at('2026-11-10T07:30:00+07:00');
    const dueAt = cal.addWorkingTime(startedAt, 'P1D');
    expect(local(dueSoonAt(cal, startedAt, dueAt, DEFAULT_POLICY))).toBe('2026-11-10T11:00:00+07:00');
  });

  it('uses 20% for long allotments: a P10D dossier is due soon with two days left', () => {
    const startedAt = at('2026-11-09T07:30:00+07:00');
    const dueAt = cal.addWorkingTime(startedAt, 'P10D');
    expect(local(dueAt)).toBe('2026-11-20T17:00:00+07:00');
    expect(local(dueSoonAt(cal, startedAt, dueAt))).toBe('2026-11-18T17:00:00+07:00');
  });

  it('never warns in the first quarter of a step: a PT4H step received a second ago is on time, due soon after an hour', () => {
    const startedAt = at('2026-11-10T13:30:00+07:00');
    const dueAt = cal.addWorkingTime(startedAt, 'PT4H');
    expect(local(dueAt)).toBe('2026-11-11T08:00:00+07:00');
    expect(deadlineState(cal, { startedAt, dueAt }, startedAt)).toBe('onTime');
    expect(deadlineState(cal, { startedAt, dueAt }, at('2026-11-10T13:30:01+07:00'))).toBe('onTime');
    expect(local(dueSoonAt(cal, startedAt, dueAt))).toBe('2026-11-10T14:30:00+07:00');
    expect(deadlineState(cal, { startedAt, dueAt }, at('2026-11-10T14:30:00+07:00'))).toBe('dueSoon');
  });

  it('a desk step of half a day (P0.5D, 225 min) turns due soon after 56¼ working minutes, not at once', () => {
    const startedAt = at('2026-11-10T07:30:00+07:00');
    const dueAt = cal.addWorkingTime(startedAt, 'P0.5D');
    expect(deadlineState(cal, { startedAt, dueAt }, at('2026-11-10T08:26:00+07:00'))).toBe('onTime');
    expect(deadlineState(cal, { startedAt, dueAt }, at('2026-11-10T08:27:00+07:00'))).toBe('dueSoon');
  });

  it('without a grace in the policy, a PT4H step is due soon from its start (the rule before issue 20)', () => {
    const startedAt = at('2026-11-10T13:30:00+07:00');
    const dueAt = cal.addWorkingTime(startedAt, 'PT4H');
    const noGrace = { ...DEFAULT_POLICY, dueSoonGraceFraction: 0 };
    expect(dueSoonAt(cal, startedAt, dueAt, noGrace).getTime()).toBe(startedAt.getTime());
  });

  it('is overdue only after the due instant, and on time without a due date', () => {
    expect(deadlineState(cal, p3d, at('2026-11-11T17:00:00+07:00'))).toBe('dueSoon');
    expect(deadlineState(cal, p3d, at('2026-11-11T17:00:01+07:00'))).toBe('overdue');
    expect(deadlineState(cal, { startedAt: p3d.startedAt, dueAt: null }, at('2027-01-01T00:00:00+07:00'))).toBe('onTime');
  });

  it('follows a custom policy given as data', () => {
    const strict = { ...DEFAULT_POLICY, dueSoonFraction: 0.5, dueSoonMinMinutes: 60 };
    // Half of 1350 minutes: 675 minutes after Monday 07:30 is Tuesday 11:15.
    expect(local(dueSoonAt(cal, p3d.startedAt, p3d.dueAt, strict))).toBe('2026-11-10T11:15:00+07:00');
  });

  it('counts calendar-day steps in elapsed time', () => {
    const startedAt = at('2026-11-13T09:00:00+07:00');
    const dueAt = cal.addTime(startedAt, 'P15D', 'calendar');
    expect(deadlineState(cal, { startedAt, dueAt }, at('2026-11-27T09:00:00+07:00'), DEFAULT_POLICY, 'calendar')).toBe('dueSoon');
    expect(deadlineState(cal, { startedAt, dueAt }, at('2026-11-20T09:00:00+07:00'), DEFAULT_POLICY, 'calendar')).toBe('onTime');
  });
});

describe('working time left', () => {
  it('counts down before the due instant and below zero after it', () => {
    const dueAt = at('2026-11-13T17:00:00+07:00');
    expect(remainingWorkingMinutes(cal, dueAt, at('2026-11-13T15:00:00+07:00'))).toBe(120);
    expect(remainingWorkingMinutes(cal, dueAt, at('2026-11-16T09:00:00+07:00'))).toBe(-90);
    expect(remainingWorkingMinutes(cal, dueAt, at('2026-11-14T09:00:00+07:00'))).toBe(0);
  });

  it('lists a dossier as due soon when its appointment comes within one working day (the dashboard’s rule, one home)', () => {
    // Friday 16:00 → Monday 16:00: the weekend is no working time.
    expect(local(appointmentDueSoonUntil(cal, at('2026-11-13T16:00:00+07:00')))).toBe('2026-11-16T16:00:00+07:00');
    expect(local(appointmentDueSoonUntil(cal, at('2026-11-13T16:00:00+07:00'), { ...DEFAULT_POLICY, appointmentDueSoonWithin: 'PT4H' }))).toBe(
      '2026-11-16T10:30:00+07:00',
    );
  });
});
