import { describe, expect, it } from 'vitest';

import { isDomainError } from '../../../engine/errors.js';
import { WorkingCalendar } from '../../../engine/calendar/index.js';
import { DECISION_2025, DECISION_2026 } from '../../../engine/calendar/decisions.js';
import { at, local } from './fixtures/at.js';

const cal = new WorkingCalendar({ overrides: [DECISION_2025, DECISION_2026] });

describe("the government's yearly decisions as overrides", () => {
  it('replaces the computed days off of 2025 with the decided ones', () => {
    expect(cal.daysOff(2025).map((d) => d.date)).toEqual(DECISION_2025.holidays);
    expect(cal.makeUpDays(2025)).toEqual(['2025-04-26']);
  });

  it('makes Monday 3 Feb 2025 a working day again and Monday 27 Jan a day off', () => {
    expect(cal.isWorkingDay('2025-02-03')).toBe(true);
    expect(cal.isWorkingDay('2025-01-27')).toBe(false);
    expect(new WorkingCalendar().isWorkingDay('2025-02-03')).toBe(false);
  });

  it('has the civil service work Saturday 26 Apr 2025 and rest Friday 2 May 2025', () => {
    expect(cal.isWorkingDay('2025-04-26')).toBe(true);
    expect(cal.isWorkingDay('2025-05-02')).toBe(false);
    expect(cal.isOfficeTime(at('2025-04-26T09:00:00+07:00'))).toBe(true);
  });

  it('names decided days after the holiday they match, and the others as swapped days', () => {
    const byDate = new Map(cal.daysOff(2025).map((d) => [d.date, d]));
    expect(byDate.get('2025-01-29')).toMatchObject({ kind: 'holiday', name: 'Tết Nguyên Đán (mùng 1)' });
    expect(byDate.get('2025-01-27')).toMatchObject({ kind: 'swapped', nameEn: 'Swapped day off' });
    expect(byDate.get('2025-05-02')?.kind).toBe('swapped');
    expect(cal.daysOff(2026).find((d) => d.date === '2026-04-27')?.kind).toBe('compensation');
  });

  it('applies the 2026 decision: Friday 2 Jan off, Saturday 10 Jan worked, 1–2 Sep off and 3 Sep worked', () => {
    expect(cal.isWorkingDay('2026-01-02')).toBe(false);
    expect(cal.isWorkingDay('2026-01-10')).toBe(true);
    expect(cal.isWorkingDay('2026-04-27')).toBe(false);
    expect(cal.isWorkingDay('2026-09-01')).toBe(false);
    expect(cal.isWorkingDay('2026-09-03')).toBe(true);
    for (let day = 14; day <= 22; day++) expect(cal.isWorkingDay(`2026-02-${day}`)).toBe(false);
  });

  it('counts the 2025 make-up Saturday as a working day: P1D from Friday 25 Apr 10:00 is Saturday 10:00', () => {
    expect(local(cal.addWorkingTime(at('2025-04-25T10:00:00+07:00'), 'P1D'))).toBe('2025-04-26T10:00:00+07:00');
    expect(local(cal.addWorkingTime(at('2025-04-25T10:00:00+07:00'), 'P2D'))).toBe('2025-04-28T10:00:00+07:00');
    expect(local(new WorkingCalendar().addWorkingTime(at('2025-04-25T10:00:00+07:00'), 'P1D'))).toBe('2025-04-28T10:00:00+07:00');
  });

  it('keeps the computed defaults for a year without a decision', () => {
    expect(cal.makeUpDays(2027)).toEqual([]);
    expect(cal.daysOff(2027)).toEqual(new WorkingCalendar().daysOff(2027));
    expect(cal.isWorkingDay('2027-02-10')).toBe(false);
  });

  it('refuses a decision listing a date of another year, or a day both off and worked', () => {
    const attempt = (holidays: string[], workingDays: string[]): unknown => {
      try {
        return new WorkingCalendar({ overrides: [{ year: 2026, holidays, workingDays }] });
      } catch (e) {
        return e;
      }
    };
    const wrongYear = attempt(['2025-02-01'], []);
    expect(isDomainError(wrongYear) && wrongYear.code).toBe('INVALID_CALENDAR');
    const both = attempt(['2026-01-10'], ['2026-01-10']);
    expect(isDomainError(both) && both.message).toMatch(/^Lịch làm việc không hợp lệ/);
    expect(isDomainError(attempt(['2026-02-30'], []))).toBe(true);
  });
});
