import { describe, expect, it } from 'vitest';

import { WorkingCalendar } from '../../../engine/calendar/index.js';
import { at, local } from './fixtures/at.js';

const cal = new WorkingCalendar();

describe('calendar-day time limits (Civil Code 2015 art. 147–148)', () => {
  it('ends P15D received Friday 13 Nov 2026 on Saturday 28 Nov, so at Monday 30 Nov 17:00', () => {
    expect(local(cal.addCalendarTime(at('2026-11-13T09:00:00+07:00'), 'P15D'))).toBe('2026-11-30T17:00:00+07:00');
  });

  it('does not count the day of receipt and ends at the close of the last day', () => {
    expect(local(cal.addCalendarTime(at('2026-11-13T16:59:00+07:00'), 'P10D'))).toBe('2026-11-23T17:00:00+07:00');
    expect(local(cal.addCalendarTime(at('2026-11-13T07:30:00+07:00'), 'P1D'))).toBe('2026-11-16T17:00:00+07:00');
  });

  it('moves an end falling in Tết 2026 to the close of Monday 23 Feb', () => {
    expect(local(cal.addCalendarTime(at('2026-02-02T09:00:00+07:00'), 'P15D'))).toBe('2026-02-23T17:00:00+07:00');
  });

  it('adds hours as plain elapsed time, nights and weekends included', () => {
    expect(local(cal.addCalendarTime(at('2026-11-13T10:00:00+07:00'), 'PT48H'))).toBe('2026-11-15T10:00:00+07:00');
    expect(cal.timeBetween(at('2026-11-13T10:00:00+07:00'), at('2026-11-15T10:00:00+07:00'), 'calendar')).toBe(2880);
    expect(cal.timeBetween(at('2026-11-15T10:00:00+07:00'), at('2026-11-13T10:00:00+07:00'), 'calendar')).toBe(0);
  });

  it('dispatches on the procedure day count', () => {
    const start = at('2026-11-13T09:00:00+07:00');
    expect(local(cal.addTime(start, 'P15D', 'calendar'))).toBe('2026-11-30T17:00:00+07:00');
    expect(local(cal.addTime(start, 'P15D', 'working'))).toBe('2026-12-04T09:00:00+07:00');
    expect(cal.timeBetween(start, at('2026-11-16T09:00:00+07:00'), 'working')).toBe(450);
  });
});
