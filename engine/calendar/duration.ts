// ISO 8601 durations as procedures write them (`P15D`, `P0.5D`, `PT4H`). A working day
// is a day's worth of office hours, so years, months and weeks have no working-time
// meaning and are refused rather than guessed. luxon's Duration.fromISO accepts `P`,
// `PT` and negative durations, hence this small strict parser.
import { WORKING_DAY_MINUTES } from './officeDay.js';
import { DomainError } from '../errors.js';

import type { DayCount } from '../model/procedure.js';

export interface ParsedDuration {
  /** Days (working or calendar, per the procedure's day count); may be fractional. */
  days: number;
  /** Hours × 60 + minutes + seconds / 60. */
  minutes: number;
}

const NUMBER = String.raw`(\d+(?:[.,]\d+)?)`;
const ISO_DURATION = new RegExp(
  `^P(?:${NUMBER}Y)?(?:${NUMBER}M)?(?:${NUMBER}W)?(?:${NUMBER}D)?(?:T(?:${NUMBER}H)?(?:${NUMBER}M)?(?:${NUMBER}S)?)?$`,
);

const cache = new Map<string, ParsedDuration>();
const MAX_CACHED = 10_000;

type Reason = 'INVALID_DURATION' | 'INVALID_DURATION.notString' | 'INVALID_DURATION.yearsMonths' | 'INVALID_DURATION.weeks';

function invalid(iso: string, reason: Reason): DomainError {
  return new DomainError(reason, { duration: iso }, { duration: iso });
}

/**
 * Parses an ISO 8601 duration into days and minutes. Years and months are always refused
 * (their length varies); weeks are refused in working mode (5 or 6 working days?) and
 * are 7 days in calendar mode.
 */
export function parseDuration(iso: string, dayCount: DayCount = 'working'): ParsedDuration {
  const key = dayCount === 'working' ? iso : `${iso}\u0000c`;
  const cached = cache.get(key);
  if (cached) return cached;
  if (typeof iso !== 'string') throw invalid(String(iso), 'INVALID_DURATION.notString');
  const m = ISO_DURATION.exec(iso);
  if (!m || iso.endsWith('T') || iso === 'P') {
    throw invalid(iso, 'INVALID_DURATION');
  }
  const n = (i: number): number => (m[i] === undefined ? 0 : Number(m[i].replace(',', '.')));
  if (m[1] !== undefined || m[2] !== undefined) {
    throw invalid(iso, 'INVALID_DURATION.yearsMonths');
  }
  if (m[3] !== undefined && dayCount === 'working') {
    throw invalid(iso, 'INVALID_DURATION.weeks');
  }
  const parsed: ParsedDuration = { days: n(3) * 7 + n(4), minutes: n(5) * 60 + n(6) + n(7) / 60 };
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(key, parsed);
  return parsed;
}

export function isValidDuration(iso: string, dayCount: DayCount = 'working'): boolean {
  try {
    parseDuration(iso, dayCount);
    return true;
  } catch {
    return false;
  }
}

/** "1 ngày 2 giờ 30 phút" for a number of working minutes, with days of `dayLength` minutes. */
export function formatWorkingMinutes(minutes: number, dayLength = WORKING_DAY_MINUTES): string {
  const total = Math.round(Math.abs(minutes));
  const days = Math.floor(total / dayLength);
  const hours = Math.floor((total - days * dayLength) / 60);
  const rest = total - days * dayLength - hours * 60;
  const parts: string[] = [];
  if (days > 0) parts.push(`${days} ngày`);
  if (hours > 0) parts.push(`${hours} giờ`);
  if (rest > 0 || parts.length === 0) parts.push(`${rest} phút`);
  return (minutes < 0 && total > 0 ? '-' : '') + parts.join(' ');
}
