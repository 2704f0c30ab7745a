// Per-year government decisions, kept as data an admin edits. Each year the Prime Minister
// (Labour Code 2019 art. 112(3); announced by the Ministry of Home Affairs) fixes the actual days off for the civil service: which
// days of Tết, the day next to 2 September, and swaps (a weekday off, repaid by working a
// Saturday: làm bù). An override REPLACES the computed defaults of its year.
import { isLocalDate } from './localDate.js';
import { domainMessage, type CodedMessage, type DomainMessageKey } from '../messages.js';

export interface YearOverride {
  year: number;
  /** Every day off of the year besides the weekly rest days. */
  holidays: string[];
  /** Make-up working days (làm bù): rest days worked in exchange for a day off. */
  workingDays: string[];
}

/** One thing wrong with a year's decision: the list it is about (null: the year, or both lists) and the words. */
export interface OverrideProblem extends CodedMessage<DomainMessageKey> {
  field: 'holidays' | 'workingDays' | null;
}

/** What is wrong with an override; empty when valid. */
export function overrideProblems(override: YearOverride): OverrideProblem[] {
  const problems: OverrideProblem[] = [];
  if (!Number.isInteger(override.year)) {
    problems.push({ field: null, ...domainMessage('INVALID_CALENDAR.year', { year: String(override.year) }) });
  }
  const check = (dates: unknown, field: 'holidays' | 'workingDays'): void => {
    if (!Array.isArray(dates)) {
      problems.push({ field, ...domainMessage('INVALID_CALENDAR.notList', { field }) });
      return;
    }
    for (const date of dates) {
      if (typeof date !== 'string' || !isLocalDate(date)) {
        problems.push({ field, ...domainMessage('INVALID_CALENDAR.date', { field, date: String(date) }) });
      } else if (Number(date.slice(0, 4)) !== override.year) {
        problems.push({ field, ...domainMessage('INVALID_CALENDAR.otherYear', { field, date, year: override.year }) });
      }
    }
  };
  check(override.holidays, 'holidays');
  check(override.workingDays, 'workingDays');
  if (problems.length === 0) {
    const off = new Set(override.holidays);
    for (const date of override.workingDays) {
      if (off.has(date)) problems.push({ field: null, ...domainMessage('INVALID_CALENDAR.both', { date }) });
    }
  }
  return problems;
}
