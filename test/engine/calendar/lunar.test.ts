import { describe, expect, it } from 'vitest';

import { lastDayOfLunarYear, lunarNewYear, lunarToSolar } from '../../../engine/calendar/index.js';

describe('the Vietnamese lunar calendar', () => {
  it('puts Tết on 29 Jan 2025, 17 Feb 2026 and 6 Feb 2027', () => {
    expect(lunarToSolar(2025, 1, 1)).toBe('2025-01-29');
    expect(lunarToSolar(2026, 1, 1)).toBe('2026-02-17');
    expect(lunarNewYear(2027)).toBe('2027-02-06');
  });

  it('computes new moons for UTC+7, where Vietnam differs from China (2030, 2007, 1985)', () => {
    expect(lunarNewYear(2030)).toBe('2030-02-02'); // China: 3 Feb 2030
    expect(lunarNewYear(2007)).toBe('2007-02-17'); // China: 18 Feb 2007
    expect(lunarNewYear(1985)).toBe('1985-01-21'); // China: 20 Feb 1985
  });

  it("finds Hùng Kings' day (10th of the 3rd lunar month) on 7 Apr 2025, 26 Apr 2026, 16 Apr 2027", () => {
    expect(lunarToSolar(2025, 3, 10)).toBe('2025-04-07');
    expect(lunarToSolar(2026, 3, 10)).toBe('2026-04-26');
    expect(lunarToSolar(2027, 3, 10)).toBe('2027-04-16');
  });

  it('gives the last day of a lunar year as the eve of the next Tết, 29th or 30th', () => {
    expect(lastDayOfLunarYear(2024)).toBe('2025-01-28'); // 29 tháng Chạp: the year of the Dragon had no 30th
    expect(lastDayOfLunarYear(2025)).toBe('2026-02-16');
    expect(lastDayOfLunarYear(2026)).toBe('2027-02-05');
  });

  it('refuses a lunar date that does not exist instead of rolling it over', () => {
    expect(() => lunarToSolar(2024, 12, 30)).toThrow(RangeError);
    expect(() => lunarToSolar(2025, 13, 1)).toThrow(RangeError);
  });
});
