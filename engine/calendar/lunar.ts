// The Vietnamese lunar calendar (âm lịch), computed for UTC+7. Chinese libraries compute
// for UTC+8 and disagree with Vietnam on some new moons (Tết 1985, 2007, 2030: Vietnam
// 2 Feb 2030, China 3 Feb), so this is the only file that imports a lunar library, and
// that library is a Vietnamese one.
import { getLunarDate, getSolarDate } from '@dqcai/vn-lunar';

import { formatLocalDate, parseLocalDate } from './localDate.js';

// The library counts Julian day numbers; day number 0 (1970-01-01) is JD 2440588.
const JD_OF_EPOCH = 2_440_588;

function solarDayNumber(lunarYear: number, month: number, day: number, leap: boolean): number {
  if (!Number.isInteger(lunarYear) || !Number.isInteger(month) || !Number.isInteger(day) || month < 1 || month > 12 || day < 1 || day > 30) {
    throw new RangeError(`Not a lunar date: ${day}/${month}${leap ? ' (leap)' : ''}/${lunarYear}`);
  }
  const solar = getSolarDate(day, month, lunarYear, leap);
  // The library rolls impossible dates (30th of a 29-day month, a leap month the year
  // lacks) into the next month instead of refusing them: check by converting back.
  const back = getLunarDate(solar.day, solar.month, solar.year);
  if (back.day !== day || back.month !== month || back.year !== lunarYear || Boolean(back.leap) !== leap) {
    throw new RangeError(`Not a lunar date: ${day}/${month}${leap ? ' (leap)' : ''}/${lunarYear}`);
  }
  return solar.jd - JD_OF_EPOCH;
}

/** The solar date ('YYYY-MM-DD') of a Vietnamese lunar date; RangeError if it does not exist. */
export function lunarToSolar(lunarYear: number, month: number, day: number, leap = false): string {
  return formatLocalDate(solarDayNumber(lunarYear, month, day, leap));
}

/** Lunar new year's day (mùng 1 Tết) of `lunarYear`, as a solar date. */
export function lunarNewYear(lunarYear: number): string {
  return lunarToSolar(lunarYear, 1, 1);
}

/** The last day of `lunarYear` (29 or 30 of the 12th month): the day before the next mùng 1 Tết. */
export function lastDayOfLunarYear(lunarYear: number): string {
  return formatLocalDate(parseLocalDate(lunarNewYear(lunarYear + 1)) - 1);
}
