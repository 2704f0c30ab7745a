// The default public holidays of a Gregorian year, computed (Labour Code 2019 art. 112).
// Each year the Prime Minister still fixes the exact days of Tết and the day next to
// 2 September (art. 112(3)) and swaps days; those decisions are data, see overrides.ts.
import { lastDayOfLunarYear, lunarNewYear, lunarToSolar } from './lunar.js';
import { daysFromCivil, formatLocalDate, isoWeekday, parseLocalDate } from './localDate.js';

export interface Holiday {
  date: string;
  /** Vietnamese name, as printed on the calendar. */
  name: string;
  nameEn: string;
  /** `compensation`: nghỉ bù for a holiday that fell on a weekend. */
  kind: 'holiday' | 'compensation';
}

const WORKING_WEEK: readonly number[] = [1, 2, 3, 4, 5];

const TET_DAY_NAMES: readonly (readonly [string, string])[] = [
  ['Tết Nguyên Đán (mùng 1)', 'Lunar New Year (1st day)'],
  ['Tết Nguyên Đán (mùng 2)', 'Lunar New Year (2nd day)'],
  ['Tết Nguyên Đán (mùng 3)', 'Lunar New Year (3rd day)'],
  ['Tết Nguyên Đán (mùng 4)', 'Lunar New Year (4th day)'],
];

/**
 * The day paired with National Day (art. 112: "02/9 và 01 ngày liền kề trước hoặc sau").
 * Policy default: the day after, unless 2 Sep is a Tuesday (then Monday 1 Sep makes a long
 * weekend); if the chosen day is not a working weekday, the other side.
 */
function dayNextToNationalDay(year: number, weekdays: readonly number[]): number {
  const nationalDay = daysFromCivil(year, 9, 2);
  const preferred = isoWeekday(nationalDay) === 2 ? nationalDay - 1 : nationalDay + 1;
  const other = 2 * nationalDay - preferred;
  return weekdays.includes(isoWeekday(preferred)) || !weekdays.includes(isoWeekday(other)) ? preferred : other;
}

/** The holidays of art. 112 in `year`, without compensation days. */
export function statutoryHolidays(year: number, weekdays: readonly number[] = WORKING_WEEK): Holiday[] {
  const holiday = (dayNumber: number, name: string, nameEn: string): Holiday => ({
    date: formatLocalDate(dayNumber),
    name,
    nameEn,
    kind: 'holiday',
  });
  // Lunar 1/1 always falls between 21 Jan and 20 Feb, so the Tết of lunar year `year`
  // (eve included) belongs to Gregorian `year`.
  const newYear = parseLocalDate(lunarNewYear(year));
  const tet = TET_DAY_NAMES.map(([name, nameEn], i) => holiday(newYear + i, name, nameEn));
  const nextToNationalDay = dayNextToNationalDay(year, weekdays);
  const list: Holiday[] = [
    holiday(daysFromCivil(year, 1, 1), 'Tết Dương lịch', "New Year's Day"),
    holiday(parseLocalDate(lastDayOfLunarYear(year - 1)), 'Tết Nguyên Đán (ngày cuối năm âm lịch)', "Lunar New Year's Eve"),
    ...tet,
    holiday(parseLocalDate(lunarToSolar(year, 3, 10)), 'Giỗ Tổ Hùng Vương', "Hùng Kings' Commemoration Day"),
    holiday(daysFromCivil(year, 4, 30), 'Ngày Chiến thắng', 'Reunification Day'),
    holiday(daysFromCivil(year, 5, 1), 'Ngày Quốc tế Lao động', 'International Labour Day'),
    holiday(daysFromCivil(year, 9, 2), 'Quốc khánh', 'National Day'),
    holiday(nextToNationalDay, 'Quốc khánh (ngày liền kề)', 'National Day (adjacent day)'),
  ];
  return list.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/**
 * Statutory holidays plus compensation days (art. 111(3): a holiday falling on a weekly rest
 * day is made up on the next working day). Holidays are handled in date order, so two
 * weekend holidays in a row give two consecutive compensation days.
 */
export function defaultHolidays(year: number, weekdays: readonly number[] = WORKING_WEEK): Holiday[] {
  const holidays = statutoryHolidays(year, weekdays);
  const taken = new Set(holidays.map((h) => parseLocalDate(h.date)));
  const seen = new Set<number>();
  const compensation: Holiday[] = [];
  for (const h of holidays) {
    const day = parseLocalDate(h.date);
    // Policy default: two holidays on one date (Hùng Kings' day met 30 April in 1917 and
    // 1947) are treated like a weekend holiday, so no holiday is lost.
    const coincides = seen.has(day);
    seen.add(day);
    if (weekdays.includes(isoWeekday(day)) && !coincides) continue;
    let comp = day + 1;
    while (!weekdays.includes(isoWeekday(comp)) || taken.has(comp)) comp++;
    taken.add(comp);
    compensation.push({
      date: formatLocalDate(comp),
      name: `Nghỉ bù ${h.name}`,
      nameEn: `Day off in lieu of ${h.nameEn}`,
      kind: 'compensation',
    });
  }
  return [...holidays, ...compensation].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
