import { describe, expect, it } from 'vitest';

import { defaultHolidays, WorkingCalendar, type Holiday } from '../../../engine/calendar/index.js';

const datesOf = (holidays: Holiday[], kind?: Holiday['kind']): string[] =>
  holidays.filter((h) => kind === undefined || h.kind === kind).map((h) => h.date);

describe('computed public holidays (Labour Code 2019 art. 112)', () => {
  it('gives Tết 2025 from the eve 28 Jan to Saturday 1 Feb, with Monday 3 Feb in lieu', () => {
    const holidays = defaultHolidays(2025);
    expect(datesOf(holidays, 'holiday')).toEqual(
      expect.arrayContaining(['2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31', '2025-02-01']),
    );
    expect(datesOf(holidays, 'compensation')).toContain('2025-02-03');
    expect(holidays.find((h) => h.date === '2025-01-28')).toMatchObject({ name: 'Tết Nguyên Đán (ngày cuối năm âm lịch)', nameEn: "Lunar New Year's Eve" });
  });

  it('closes the office from Saturday 14 to Sunday 22 Feb 2026 for Tết (16–20 Feb off)', () => {
    const cal = new WorkingCalendar();
    expect(cal.isWorkingDay('2026-02-13')).toBe(true);
    for (let day = 14; day <= 22; day++) expect(cal.isWorkingDay(`2026-02-${day}`), `${day} Feb`).toBe(false);
    expect(cal.isWorkingDay('2026-02-23')).toBe(true);
    expect(datesOf(defaultHolidays(2026)).filter((d) => d.startsWith('2026-02'))).toEqual([
      '2026-02-16',
      '2026-02-17',
      '2026-02-18',
      '2026-02-19',
      '2026-02-20',
    ]);
  });

  it('gives Tết 2027 (Saturday 6 Feb) 5–9 Feb off and two days in lieu, 10 and 11 Feb', () => {
    const february = defaultHolidays(2027).filter((h) => h.date.startsWith('2027-02'));
    expect(datesOf(february, 'holiday')).toEqual(['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09']);
    expect(datesOf(february, 'compensation')).toEqual(['2027-02-10', '2027-02-11']);
  });

  it("gives Monday 27 Apr 2026 off for Hùng Kings' day falling on Sunday 26 Apr", () => {
    const holidays = defaultHolidays(2026);
    expect(holidays).toContainEqual({ date: '2026-04-26', name: 'Giỗ Tổ Hùng Vương', nameEn: "Hùng Kings' Commemoration Day", kind: 'holiday' });
    expect(holidays.find((h) => h.date === '2026-04-27')).toMatchObject({ kind: 'compensation', name: 'Nghỉ bù Giỗ Tổ Hùng Vương' });
    expect(datesOf(defaultHolidays(2027))).toContain('2027-04-16');
    expect(datesOf(defaultHolidays(2025))).toContain('2025-04-07');
  });

  it('pairs 2 September with Monday 1 Sep when it is a Tuesday, else with 3 Sep', () => {
    const september = (year: number): string[] => datesOf(defaultHolidays(year)).filter((d) => d.slice(5, 7) === '09');
    expect(september(2025)).toEqual(['2025-09-01', '2025-09-02']); // Tuesday
    expect(september(2026)).toEqual(['2026-09-02', '2026-09-03']); // Wednesday
    expect(september(2024)).toEqual(['2024-09-02', '2024-09-03']); // Monday
  });

  it('pairs 2 September with the other side when 3 Sep is a weekend day', () => {
    const september = (year: number): Holiday[] => defaultHolidays(year).filter((h) => h.date.slice(5, 7) === '09');
    // Friday 2 Sep 2022: Thursday 1 Sep, as the government decided.
    expect(datesOf(september(2022))).toEqual(['2022-09-01', '2022-09-02']);
    // Saturday 2 Sep 2028: Friday 1 Sep, and Monday 4 Sep in lieu.
    expect(september(2028).map((h) => [h.date, h.kind])).toEqual([
      ['2028-09-01', 'holiday'],
      ['2028-09-02', 'holiday'],
      ['2028-09-04', 'compensation'],
    ]);
    // Sunday 2 Sep 2029: Monday 3 Sep, and Tuesday 4 Sep in lieu.
    expect(datesOf(september(2029))).toEqual(['2029-09-02', '2029-09-03', '2029-09-04']);
  });

  it('gives 2023 two days in lieu past 1 May, in date order: the real 29 Apr – 3 May break', () => {
    // Hùng Kings' day on Saturday 29 Apr, Reunification Day on Sunday 30 Apr, 1 May a Monday.
    const spring = defaultHolidays(2023).filter((h) => h.date >= '2023-04-29' && h.date <= '2023-05-05');
    expect(spring.map((h) => [h.date, h.kind])).toEqual([
      ['2023-04-29', 'holiday'],
      ['2023-04-30', 'holiday'],
      ['2023-05-01', 'holiday'],
      ['2023-05-02', 'compensation'],
      ['2023-05-03', 'compensation'],
    ]);
    expect(spring[3].name).toBe('Nghỉ bù Giỗ Tổ Hùng Vương');
    expect(spring[4].name).toBe('Nghỉ bù Ngày Chiến thắng');
  });

  it("gives Monday 3 Jan 2028 off for New Year's Day on a Saturday", () => {
    expect(defaultHolidays(2028).find((h) => h.kind === 'compensation')).toMatchObject({ date: '2028-01-03', nameEn: "Day off in lieu of New Year's Day" });
  });

  it('lists eleven statutory holidays a year, sorted, each named in Vietnamese and English', () => {
    for (const year of [2025, 2026, 2027, 2030]) {
      const holidays = defaultHolidays(year);
      expect(holidays.filter((h) => h.kind === 'holiday')).toHaveLength(11);
      expect(datesOf(holidays)).toEqual([...datesOf(holidays)].sort());
      for (const h of holidays) expect(h.name.length * h.nameEn.length).toBeGreaterThan(0);
    }
    expect(datesOf(defaultHolidays(2030))).toContain('2030-02-02');
  });
});
