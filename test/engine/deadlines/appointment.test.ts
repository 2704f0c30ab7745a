import { describe, expect, it } from 'vitest';

import { WorkingCalendar } from '../../../engine/calendar/index.js';
import { computeAppointment, isSameDayLimit, stepDueAt } from '../../../engine/deadlines/index.js';
import { isDomainError } from '../../../engine/errors.js';
import { DECISION_2026 } from '../../../engine/calendar/decisions.js';
import { at, local } from '../calendar/fixtures/at.js';

const cal = new WorkingCalendar({ overrides: [DECISION_2026] });

describe('the appointment date printed on the receipt', () => {
  it('adds the time limit to a dossier received at the desk during office hours', () => {
    const { countingFrom, appointmentAt } = computeAppointment(cal, at('2026-11-09T09:00:00+07:00'), 'P3D', 'working');
    expect(local(countingFrom)).toBe('2026-11-09T09:00:00+07:00');
    expect(local(appointmentAt)).toBe('2026-11-12T09:00:00+07:00');
  });

  it('counts a dossier filed online on Saturday 14 Feb 2026 from Monday 23 Feb 07:30, after Tết', () => {
    const { countingFrom, appointmentAt } = computeAppointment(cal, at('2026-02-14T20:15:00+07:00'), 'P5D', 'working');
    expect(local(countingFrom)).toBe('2026-02-23T07:30:00+07:00');
    expect(local(appointmentAt)).toBe('2026-02-27T17:00:00+07:00');
  });

  it('counts a dossier received after the 15:00 cutoff from the next working morning', () => {
    const after = computeAppointment(cal, at('2026-11-09T15:30:00+07:00'), 'P1D', 'working', { cutoff: '15:00' });
    expect(local(after.countingFrom)).toBe('2026-11-10T07:30:00+07:00');
    expect(local(after.appointmentAt)).toBe('2026-11-10T17:00:00+07:00');
    const friday = computeAppointment(cal, at('2026-11-13T16:00:00+07:00'), 'P1D', 'working', { cutoff: '15:00' });
    expect(local(friday.countingFrom)).toBe('2026-11-16T07:30:00+07:00');
  });

  it('counts a dossier received at or before the cutoff from the moment of receipt', () => {
    expect(local(computeAppointment(cal, at('2026-11-09T15:00:00+07:00'), 'P1D', 'working', { cutoff: '15:00' }).countingFrom)).toBe(
      '2026-11-09T15:00:00+07:00',
    );
    expect(local(computeAppointment(cal, at('2026-11-09T20:00:00+07:00'), 'P1D', 'working', { cutoff: '15:00' }).countingFrom)).toBe(
      '2026-11-10T07:30:00+07:00',
    );
  });

  it('ends a calendar-day procedure received Friday 13 Nov 2026 with P15D on Monday 30 Nov 17:00', () => {
    const { appointmentAt } = computeAppointment(cal, at('2026-11-13T10:00:00+07:00'), 'P15D', 'calendar');
    expect(local(appointmentAt)).toBe('2026-11-30T17:00:00+07:00');
  });

  it('refuses to give an appointment for a procedure without a time limit', () => {
    let error: unknown;
    try {
      computeAppointment(cal, at('2026-11-09T09:00:00+07:00'), null, 'working');
    } catch (e) {
      error = e;
    }
    expect(isDomainError(error) && error.code).toBe('INVALID_DURATION');
  });
});

describe('the due instant of a step', () => {
  it("allots half a day to the head's review: started 10:00, due 15:45", () => {
    expect(local(stepDueAt(cal, at('2026-11-10T10:00:00+07:00'), 'P0.5D', 'working')!)).toBe('2026-11-10T15:45:00+07:00');
  });

  it('has no due instant for a step without an allotment', () => {
    expect(stepDueAt(cal, at('2026-11-10T10:00:00+07:00'), null, 'working')).toBeNull();
  });
});

describe('same-day procedures (P0D)', () => {
  it('is due at the close of the receiving day, or of the next working day after the cutoff', () => {
    const morning = computeAppointment(cal, new Date('2026-11-12T09:00:00+07:00'), 'P0D', 'working', { cutoff: '15:00' });
    expect(morning.appointmentAt.toISOString()).toBe('2026-11-12T10:00:00.000Z');
    const late = computeAppointment(cal, new Date('2026-11-13T15:30:00+07:00'), 'P0D', 'working', { cutoff: '15:00' });
    expect(late.appointmentAt.toISOString()).toBe('2026-11-16T10:00:00.000Z');
    expect(isSameDayLimit('P0D')).toBe(true);
    expect(isSameDayLimit('PT0M')).toBe(true);
    expect(isSameDayLimit('P1D')).toBe(false);
  });
});
