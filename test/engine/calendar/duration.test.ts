import { describe, expect, it } from 'vitest';

import { isDomainError } from '../../../engine/errors.js';
import { formatWorkingMinutes, isValidDuration, parseDuration } from '../../../engine/calendar/index.js';

const errorOf = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error');
};

describe('time limits written as ISO 8601 durations', () => {
  it('reads days, hours, minutes, seconds and the half days procedures allot', () => {
    expect(parseDuration('P15D')).toEqual({ days: 15, minutes: 0 });
    expect(parseDuration('P0.5D')).toEqual({ days: 0.5, minutes: 0 });
    expect(parseDuration('PT1.5H')).toEqual({ days: 0, minutes: 90 });
    expect(parseDuration('P1DT2H30M')).toEqual({ days: 1, minutes: 150 });
    expect(parseDuration('PT30S')).toEqual({ days: 0, minutes: 0.5 });
    expect(parseDuration('P1,5D')).toEqual({ days: 1.5, minutes: 0 });
    expect(parseDuration('PT0S')).toEqual({ days: 0, minutes: 0 });
  });

  it('refuses years, months and weeks in working time, in Vietnamese then English', () => {
    for (const iso of ['P1Y', 'P2M', 'P1W', 'P1MT2H']) {
      const e = errorOf(() => parseDuration(iso));
      expect(isDomainError(e) && e.code, iso).toBe('INVALID_DURATION');
    }
    const e = errorOf(() => parseDuration('P1W'));
    expect(isDomainError(e) && e.message).toMatch(/^Thời hạn "P1W" không hợp lệ: .*tuần/);
    expect(isDomainError(e) && e.messageEn).toMatch(/^Invalid duration "P1W": weeks/);
    expect(isDomainError(e) && e.params).toEqual({ duration: 'P1W' });
  });

  it('reads a week as 7 days for calendar-day procedures', () => {
    expect(parseDuration('P2W', 'calendar')).toEqual({ days: 14, minutes: 0 });
    expect(isValidDuration('P1M', 'calendar')).toBe(false);
  });

  it('refuses what luxon would let through: empty, negative and malformed durations', () => {
    for (const iso of ['P', 'PT', 'P1DT', '-P1D', '15 ngày', 'p1d', 'P1D2H', '']) {
      expect(isValidDuration(iso), iso).toBe(false);
    }
    expect(isValidDuration('P3D')).toBe(true);
  });

  it('writes working minutes the way a receipt reads them', () => {
    expect(formatWorkingMinutes(600, 450)).toBe('1 ngày 2 giờ 30 phút');
    expect(formatWorkingMinutes(1350)).toBe('3 ngày');
    expect(formatWorkingMinutes(0)).toBe('0 phút');
    expect(formatWorkingMinutes(-90)).toBe('-1 giờ 30 phút');
  });
});
