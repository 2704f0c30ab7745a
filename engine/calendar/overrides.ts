// Per-year government decisions, kept as data an admin edits. Each year the Prime Minister
// (Labour Code 2019 art. 112(3); announced by the Ministry of Home Affairs) fixes the actual days off for the civil service: which
// days of Tết, the day next to 2 September, and swaps (a weekday off, repaid by working a
// Saturday: làm bù). An override REPLACES the computed defaults of its year.
import { isLocalDate } from './localDate.js';

export interface YearOverride {
  year: number;
  /** Every day off of the year besides the weekly rest days. */
  holidays: string[];
  /** Make-up working days (làm bù): rest days worked in exchange for a day off. */
  workingDays: string[];
}

/** What is wrong with an override (Vietnamese, then English); empty when valid. */
export function overrideProblems(override: YearOverride): string[] {
  const problems: string[] = [];
  if (!Number.isInteger(override.year)) problems.push(`Năm không hợp lệ / invalid year: ${String(override.year)}`);
  const check = (dates: unknown, field: string): void => {
    if (!Array.isArray(dates)) {
      problems.push(`${field}: phải là danh sách ngày / must be a list of dates`);
      return;
    }
    for (const date of dates) {
      if (typeof date !== 'string' || !isLocalDate(date)) {
        problems.push(`${field}: ngày không hợp lệ / invalid date ${String(date)} (YYYY-MM-DD)`);
      } else if (Number(date.slice(0, 4)) !== override.year) {
        problems.push(`${field}: ${date} không thuộc năm ${override.year} / is not in ${override.year}`);
      }
    }
  };
  check(override.holidays, 'holidays');
  check(override.workingDays, 'workingDays');
  if (problems.length === 0) {
    const off = new Set(override.holidays);
    for (const date of override.workingDays) {
      if (off.has(date)) problems.push(`${date}: vừa là ngày nghỉ vừa là ngày làm bù / both a day off and a make-up day`);
    }
  }
  return problems;
}
