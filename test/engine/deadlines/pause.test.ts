import { describe, expect, it } from 'vitest';

import { WorkingCalendar } from '../../../engine/calendar/index.js';
import { pausedTime, shiftByPause } from '../../../engine/deadlines/index.js';
import { DECISION_2026 } from '../../../engine/calendar/decisions.js';
import { at, local } from '../calendar/fixtures/at.js';

const cal = new WorkingCalendar({ overrides: [DECISION_2026] });

describe('supplement requests pause the clock (Decree 61/2018)', () => {
  it('moves the appointment by the 2 working days the citizen took to supplement', () => {
    const paused = pausedTime(cal, at('2026-11-10T10:00:00+07:00'), at('2026-11-12T10:00:00+07:00'), 'working');
    expect(paused).toBe(900);
    expect(local(shiftByPause(cal, at('2026-11-13T17:00:00+07:00'), paused, 'working'))).toBe('2026-11-17T17:00:00+07:00');
  });

  it('does not count nights and weekends the dossier sat with the citizen', () => {
    expect(pausedTime(cal, at('2026-11-13T16:00:00+07:00'), at('2026-11-16T08:30:00+07:00'))).toBe(120);
  });

  it('moves a 17:00 appointment by P1D to 17:00 of the next working day, over Tết', () => {
    expect(local(shiftByPause(cal, at('2026-02-13T17:00:00+07:00'), 450))).toBe('2026-02-23T17:00:00+07:00');
    expect(local(shiftByPause(cal, at('2026-11-10T11:30:00+07:00'), 30))).toBe('2026-11-10T14:00:00+07:00');
  });

  it('leaves the appointment where it is when no working time passed', () => {
    const appointment = at('2026-11-13T17:00:00+07:00');
    const paused = pausedTime(cal, at('2026-11-14T09:00:00+07:00'), at('2026-11-15T18:00:00+07:00'));
    expect(paused).toBe(0);
    expect(shiftByPause(cal, appointment, paused).getTime()).toBe(appointment.getTime());
  });

  it('pauses calendar-day procedures by the elapsed time', () => {
    const paused = pausedTime(cal, at('2026-11-13T10:00:00+07:00'), at('2026-11-15T10:00:00+07:00'), 'calendar');
    expect(paused).toBe(2880);
    expect(local(shiftByPause(cal, at('2026-11-30T17:00:00+07:00'), paused, 'calendar'))).toBe('2026-12-02T17:00:00+07:00');
  });

  it('moves a calendar-day deadline that a pause pushed onto a day off to the close of the next working day (Tết 2026)', () => {
    // 7 calendar days from Friday 6 Feb 2026 09:00: due Friday 13 Feb 17:00, the last day before the Tết break.
    const appointment = cal.addCalendarTime(at('2026-02-06T09:00:00+07:00'), 'P7D');
    expect(local(appointment)).toBe('2026-02-13T17:00:00+07:00');
    // A one-day pause would end it Saturday 14 Feb 17:00, inside the break (14–22 Feb): Monday 23 Feb instead.
    const paused = pausedTime(cal, at('2026-02-09T09:00:00+07:00'), at('2026-02-10T09:00:00+07:00'), 'calendar');
    expect(paused).toBe(1440);
    expect(local(shiftByPause(cal, appointment, paused, 'calendar'))).toBe('2026-02-23T17:00:00+07:00');
    // The same as counting 8 calendar days afresh.
    expect(local(cal.addCalendarTime(at('2026-02-06T09:00:00+07:00'), 'P8D'))).toBe('2026-02-23T17:00:00+07:00');
  });
});
