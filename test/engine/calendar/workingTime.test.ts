import { describe, expect, it } from 'vitest';

import { WorkingCalendar } from '../../../engine/calendar/index.js';
import { DECISION_2026 } from '../../../engine/calendar/decisions.js';
import { at, local } from './fixtures/at.js';

const cal = new WorkingCalendar();
const add = (start: string, duration: string | number, c: WorkingCalendar = cal): string => local(c.addWorkingTime(at(start), duration));

describe('office hours', () => {
  it('has a working day of 450 minutes by default (07:30–11:30, 13:30–17:00)', () => {
    expect(cal.dayLengthMinutes).toBe(450);
    expect(new WorkingCalendar({ sessions: [{ start: '08:00', end: '12:00' }, { start: '13:00', end: '17:00' }] }).dayLengthMinutes).toBe(480);
  });

  it('is open in a session and closed at lunch, at session ends and at the weekend', () => {
    expect(cal.isOfficeTime(at('2026-11-13T07:30:00+07:00'))).toBe(true);
    expect(cal.isOfficeTime(at('2026-11-13T11:29:59+07:00'))).toBe(true);
    expect(cal.isOfficeTime(at('2026-11-13T11:30:00+07:00'))).toBe(false);
    expect(cal.isOfficeTime(at('2026-11-13T12:15:00+07:00'))).toBe(false);
    expect(cal.isOfficeTime(at('2026-11-13T17:00:00+07:00'))).toBe(false);
    expect(cal.isOfficeTime(at('2026-11-14T09:00:00+07:00'))).toBe(false);
  });

  it('opens next at the following session: after lunch, after a session end, after the weekend', () => {
    expect(local(cal.nextOpening(at('2026-11-13T10:00:00+07:00')))).toBe('2026-11-13T10:00:00+07:00');
    expect(local(cal.nextOpening(at('2026-11-13T11:30:00+07:00')))).toBe('2026-11-13T13:30:00+07:00');
    expect(local(cal.nextOpening(at('2026-11-13T12:00:00+07:00')))).toBe('2026-11-13T13:30:00+07:00');
    expect(local(cal.nextOpening(at('2026-11-13T17:00:00+07:00')))).toBe('2026-11-16T07:30:00+07:00');
    expect(local(cal.nextOpening(at('2026-11-16T06:00:00+07:00')))).toBe('2026-11-16T07:30:00+07:00');
  });

  it('opens again on Monday 23 Feb 2026 07:30 for a dossier received during Tết', () => {
    expect(local(cal.nextOpening(at('2026-02-17T10:00:00+07:00')))).toBe('2026-02-23T07:30:00+07:00');
    expect(local(new WorkingCalendar({ overrides: [DECISION_2026] }).nextOpening(at('2026-02-14T09:00:00+07:00')))).toBe(
      '2026-02-23T07:30:00+07:00',
    );
  });

  it('reads local dates and times in Asia/Ho_Chi_Minh whatever the host zone', () => {
    expect(cal.localDate(at('2026-11-12T23:30:00+07:00'))).toBe('2026-11-12');
    expect(cal.localDate(new Date('2026-11-12T17:30:00Z'))).toBe('2026-11-13');
    expect(cal.localTimeOfDay(at('2026-11-13T15:45:00+07:00'))).toBe(945);
    expect(cal.atLocal('2026-11-13', '07:30').toISOString()).toBe('2026-11-13T00:30:00.000Z');
    expect(cal.nextWorkingDay('2026-11-13')).toBe('2026-11-16');
  });
});

describe('adding working time', () => {
  it('takes a day after Thursday 09:00 to be Friday 09:00', () => {
    expect(add('2026-11-12T09:00:00+07:00', 'P1D')).toBe('2026-11-13T09:00:00+07:00');
  });

  it('carries a dossier received Friday 16:45 over the weekend: P1D Monday 16:45, P3D Wednesday 16:45', () => {
    expect(add('2026-11-13T16:45:00+07:00', 'P1D')).toBe('2026-11-16T16:45:00+07:00');
    expect(add('2026-11-13T16:45:00+07:00', 'P3D')).toBe('2026-11-18T16:45:00+07:00');
  });

  it('ends a day received on a Sunday at Monday 17:00, not Tuesday 07:30', () => {
    expect(add('2026-11-15T10:00:00+07:00', 'P1D')).toBe('2026-11-16T17:00:00+07:00');
    expect(add('2026-11-15T10:00:00+07:00', 'P2D')).toBe('2026-11-17T17:00:00+07:00');
  });

  it('starts counting a dossier received at 22:00 at the next opening', () => {
    expect(add('2026-11-10T22:00:00+07:00', 'PT1H')).toBe('2026-11-11T08:30:00+07:00');
    expect(add('2026-11-10T22:00:00+07:00', 'P1D')).toBe('2026-11-11T17:00:00+07:00');
  });

  it('gives five working days from before Tết 2026 to the Friday after it', () => {
    expect(add('2026-02-13T10:00:00+07:00', 'P5D')).toBe('2026-02-27T10:00:00+07:00');
    expect(add('2026-02-15T10:00:00+07:00', 'P5D')).toBe('2026-02-27T17:00:00+07:00');
  });

  it('spans lunch for half a day: P0.5D from 10:00 is 15:45, PT4H from 10:00 is 16:00', () => {
    expect(add('2026-11-10T10:00:00+07:00', 'P0.5D')).toBe('2026-11-10T15:45:00+07:00');
    expect(add('2026-11-10T10:00:00+07:00', 'PT4H')).toBe('2026-11-10T16:00:00+07:00');
  });

  it('lands on 11:30 exactly rather than on the afternoon opening', () => {
    expect(add('2026-11-10T09:30:00+07:00', 'PT2H')).toBe('2026-11-10T11:30:00+07:00');
    expect(add('2026-11-10T07:30:00+07:00', 'PT4H')).toBe('2026-11-10T11:30:00+07:00');
    expect(add('2026-11-10T07:30:00+07:00', 'P1D')).toBe('2026-11-10T17:00:00+07:00');
  });

  it('skips 30 April, 1 May and the Hùng Kings day in lieu: P15D from Monday 20 Apr 2026', () => {
    // Working days: 21–24 Apr, 28–29 Apr, 4–8 May, 11–14 May.
    expect(add('2026-04-20T09:00:00+07:00', 'P15D')).toBe('2026-05-14T09:00:00+07:00');
  });

  it('skips Tết 2026: P15D from Monday 9 Feb lands on Monday 9 Mar', () => {
    expect(add('2026-02-09T08:00:00+07:00', 'P15D')).toBe('2026-03-09T08:00:00+07:00');
  });

  it("crosses the new year and New Year's Day: P5D from Tuesday 29 Dec 2026 is Wednesday 6 Jan 2027", () => {
    expect(add('2026-12-29T10:00:00+07:00', 'P5D')).toBe('2027-01-06T10:00:00+07:00');
  });

  it('returns the next opening for a zero duration and accepts working minutes as a number', () => {
    expect(add('2026-11-13T17:00:00+07:00', 'PT0S')).toBe('2026-11-16T07:30:00+07:00');
    expect(add('2026-11-13T10:00:00+07:00', 0)).toBe('2026-11-13T10:00:00+07:00');
    expect(add('2026-11-13T10:00:00+07:00', 450)).toBe('2026-11-16T10:00:00+07:00');
    expect(() => cal.addWorkingTime(at('2026-11-13T10:00:00+07:00'), -5)).toThrow(/INVALID|không hợp lệ/);
  });

  it('runs months ahead in one step: P250D from 2 Jan 2026 reaches the next year', () => {
    const end = cal.addWorkingTime(at('2026-01-02T09:00:00+07:00'), 'P250D');
    expect(cal.workingTimeBetween(at('2026-01-02T09:00:00+07:00'), end)).toBe(250 * 450);
    expect(end.getTime()).toBeGreaterThan(at('2026-12-01T00:00:00+07:00').getTime());
  });
});

describe('measuring working time', () => {
  it('counts only office hours between two instants', () => {
    expect(cal.workingTimeBetween(at('2026-11-13T16:00:00+07:00'), at('2026-11-16T08:30:00+07:00'))).toBe(120);
    expect(cal.workingTimeBetween(at('2026-11-10T11:00:00+07:00'), at('2026-11-10T14:00:00+07:00'))).toBe(60);
    expect(cal.workingTimeBetween(at('2026-11-14T08:00:00+07:00'), at('2026-11-15T16:00:00+07:00'))).toBe(0);
  });

  it('is zero when the end is not after the start', () => {
    expect(cal.workingTimeBetween(at('2026-11-10T10:00:00+07:00'), at('2026-11-10T10:00:00+07:00'))).toBe(0);
    expect(cal.workingTimeBetween(at('2026-11-10T10:00:00+07:00'), at('2026-11-09T10:00:00+07:00'))).toBe(0);
  });

  it('counts a whole year as its working days times 450 minutes', () => {
    let workingDays = 0;
    for (let d = new Date('2026-01-01T00:00:00Z'); d.getUTCFullYear() === 2026; d = new Date(d.getTime() + 86_400_000)) {
      if (cal.isWorkingDay(d.toISOString().slice(0, 10))) workingDays++;
    }
    // 261 weekdays in 2026 minus 11 days off on weekdays: 1 Jan, 16–20 Feb, 27 Apr (in lieu
    // of Sunday 26 Apr), 30 Apr, 1 May, 2–3 Sep.
    expect(workingDays).toBe(250);
    expect(cal.workingTimeBetween(at('2026-01-01T00:00:00+07:00'), at('2027-01-01T00:00:00+07:00'))).toBe(250 * 450);
  });
});

describe('other time zones', () => {
  it('keeps a working day whole across a daylight-saving change (a consular office in Berlin)', () => {
    const berlin = new WorkingCalendar({ timeZone: 'Europe/Berlin' });
    // Clocks go forward on Sunday 29 Mar 2026: Friday 16:00 +01:00 plus P1D is Monday 16:00 +02:00.
    const end = berlin.addWorkingTime(new Date('2026-03-27T16:00:00+01:00'), 'P1D');
    expect(end.toISOString()).toBe('2026-03-30T14:00:00.000Z');
    expect(berlin.workingTimeBetween(new Date('2026-03-27T16:00:00+01:00'), end)).toBe(450);
  });

  it('refuses an unknown time zone or overlapping sessions', () => {
    expect(() => new WorkingCalendar({ timeZone: 'Asia/Sai_Gon' })).toThrow(/múi giờ/);
    const inEnglish = (pattern: RegExp) => expect.objectContaining({ messageEn: expect.stringMatching(pattern) });
    expect(() => new WorkingCalendar({ sessions: [{ start: '07:30', end: '12:00' }, { start: '11:00', end: '17:00' }] })).toThrow(inEnglish(/sessions/));
    expect(() => new WorkingCalendar({ weekdays: [] })).toThrow(inEnglish(/weekdays/));
  });
});
