import { describe, expect, it } from 'vitest';

import { WorkingCalendar } from '../../../engine/calendar/index.js';
import { verdict } from '../../../engine/deadlines/index.js';
import { at } from '../calendar/fixtures/at.js';

const cal = new WorkingCalendar();
const appointment = at('2026-11-12T09:00:00+07:00');

describe('the verdict on returning a result', () => {
  it('is early when returned on a date before the appointment date', () => {
    expect(verdict(cal, appointment, at('2026-11-11T16:30:00+07:00'), { apologized: false })).toBe('early');
  });

  it('is on time on the appointment date up to the appointment instant itself', () => {
    expect(verdict(cal, appointment, at('2026-11-12T08:00:00+07:00'), { apologized: false })).toBe('onTime');
    expect(verdict(cal, appointment, at('2026-11-12T09:00:00+07:00'), { apologized: false })).toBe('onTime');
  });

  it('is late after the appointment instant, even on the same date', () => {
    expect(verdict(cal, appointment, at('2026-11-12T09:01:00+07:00'), { apologized: false })).toBe('late');
    expect(verdict(cal, appointment, at('2026-11-13T08:00:00+07:00'))).toBe('late');
  });

  it('counts a dossier with an apology slip as late, whatever its new appointment', () => {
    expect(verdict(cal, appointment, at('2026-11-10T09:00:00+07:00'), { apologized: true })).toBe('late');
  });

  it('compares dates in Hà Nội time: 00:30 on the appointment day is not early although it is the day before in UTC', () => {
    const resolvedAt = at('2026-11-12T00:30:00+07:00');
    expect(resolvedAt.toISOString().slice(0, 10)).toBe('2026-11-11');
    expect(verdict(cal, appointment, resolvedAt)).toBe('onTime');
  });
});
