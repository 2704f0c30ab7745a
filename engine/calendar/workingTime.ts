// Working time of an agency: its office hours on its working days, in its time zone.
// Time limits of administrative procedures run in working days unless the procedure says
// calendar days (Decree 61/2018 and the procedures' own texts); a working day is one day's worth of office hours, so "P1D
// after Thursday 09:00" is "Friday 09:00" and PT4H is about half a day.
//
// Everything here is pure: instants come in, instants go out, nothing reads the clock.
// The arithmetic runs on the office's wall clock (local ms) and walks day by day only at
// the edges; whole working days are skipped with per-year prefix counts, so adding P15D
// or measuring a year costs the same as adding PT1H.
import { OFFICE_SESSIONS, OFFICE_TIME_ZONE, type OfficeSession } from './officeDay.js';
import { DomainError } from '../errors.js';

import type { DayCount } from '../model/procedure.js';
import { parseDuration } from './duration.js';
import { defaultHolidays, type Holiday } from './holidays.js';
import {
  MS_PER_DAY,
  MS_PER_MINUTE,
  daysFromCivil,
  formatLocalDate,
  isoWeekday,
  parseClockTime,
  parseLocalDate,
  yearOfDayNumber,
} from './localDate.js';
import { overrideProblems, type YearOverride } from './overrides.js';
import { ZoneClock } from './zoneClock.js';

export type { OfficeSession } from './officeDay.js';

export interface CalendarConfig {
  timeZone: string;
  sessions: OfficeSession[];
  /** ISO weekdays worked: 1 = Monday … 7 = Sunday. */
  weekdays: number[];
  overrides: YearOverride[];
}

/** Policy default office hours of a Vietnamese state agency. */
export const DEFAULT_CALENDAR_CONFIG: Readonly<CalendarConfig> = Object.freeze({
  timeZone: OFFICE_TIME_ZONE,
  sessions: OFFICE_SESSIONS.map((s) => ({ ...s })),
  weekdays: [1, 2, 3, 4, 5],
  overrides: [],
});

/** A day off as `GET /calendar/:year` shows it. */
export interface DayOff {
  date: string;
  name: string;
  nameEn: string;
  /** `swapped`: a weekday an override gives off that is no computed holiday (repaid by làm bù). */
  kind: Holiday['kind'] | 'swapped';
}

interface YearTable {
  year: number;
  firstDay: number;
  /** 1 when the day is a working day. */
  working: Uint8Array;
  /** working days before index i: cum[i] = Σ working[0..i). */
  cum: Int32Array;
  daysOff: DayOff[];
  makeUpDays: string[];
}

// No agency goes this long without a working day; past it the configuration is broken.
const MAX_YEARS_SEARCHED = 50;


export class WorkingCalendar {
  readonly timeZone: string;
  readonly sessions: readonly OfficeSession[];
  readonly weekdays: readonly number[];
  readonly overrides: readonly YearOverride[];
  /** Working minutes in one working day: the length of `P1D`. */
  readonly dayLengthMinutes: number;

  private readonly clock: ZoneClock;
  private readonly dayLengthMs: number;
  /** Session bounds in ms after local midnight, and working ms before each session. */
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  private readonly before: number[] = [];
  private readonly isWeekday: boolean[] = new Array<boolean>(8).fill(false);
  private readonly overrideByYear = new Map<number, YearOverride>();
  private readonly tables = new Map<number, YearTable>();
  private lastTable: YearTable | null = null;

  constructor(config: Partial<CalendarConfig> = {}) {
    this.timeZone = config.timeZone ?? DEFAULT_CALENDAR_CONFIG.timeZone;
    this.sessions = (config.sessions ?? DEFAULT_CALENDAR_CONFIG.sessions).map((s) => ({ ...s }));
    this.weekdays = [...new Set(config.weekdays ?? DEFAULT_CALENDAR_CONFIG.weekdays)].sort((a, b) => a - b);
    this.overrides = (config.overrides ?? []).map((o) => ({ year: o.year, holidays: [...o.holidays], workingDays: [...o.workingDays] }));

    this.clock = new ZoneClock(this.timeZone);
    if (!this.clock.isValid) throw new DomainError('INVALID_CALENDAR.timeZone', { timeZone: this.timeZone });

    if (this.weekdays.length === 0 || this.weekdays.some((d) => !Number.isInteger(d) || d < 1 || d > 7)) {
      throw new DomainError('INVALID_CALENDAR.weekdays', {}, { weekdays: this.weekdays });
    }
    for (const d of this.weekdays) this.isWeekday[d] = true;

    let previousEnd = 0;
    let worked = 0;
    for (const session of this.sessions) {
      const start = parseClockTime(session.start);
      const end = parseClockTime(session.end);
      if (Number.isNaN(start) || Number.isNaN(end) || start >= end || start < previousEnd) {
        throw new DomainError('INVALID_CALENDAR.sessions', {}, { sessions: this.sessions });
      }
      this.starts.push(start * MS_PER_MINUTE);
      this.ends.push(end * MS_PER_MINUTE);
      this.before.push(worked);
      worked += (end - start) * MS_PER_MINUTE;
      previousEnd = end;
    }
    if (this.sessions.length === 0) throw new DomainError('INVALID_CALENDAR.noSession');
    this.dayLengthMs = worked;
    this.dayLengthMinutes = worked / MS_PER_MINUTE;

    for (const override of this.overrides) {
      const problems = overrideProblems(override);
      if (problems.length > 0) {
        const listed = { vi: problems.map((p) => p.message).join('; '), en: problems.map((p) => p.messageEn).join('; ') };
        throw new DomainError('INVALID_CALENDAR.override', { year: override.year, problems: listed }, { year: override.year, problems });
      }
      if (this.overrideByYear.has(override.year)) {
        throw new DomainError('INVALID_CALENDAR.twoOverrides', { year: override.year });
      }
      this.overrideByYear.set(override.year, override);
    }
  }

  // ---------------------------------------------------------------- days

  /** Weekday and not a day off, or a make-up working day (làm bù). */
  isWorkingDay(localDate: string): boolean {
    return this.isWorkingDayNumber(parseLocalDate(localDate));
  }

  /** The effective days off of `year` besides weekly rest days: the override's, else the computed defaults. */
  daysOff(year: number): DayOff[] {
    return this.table(daysFromCivil(year, 1, 1)).daysOff.map((d) => ({ ...d }));
  }

  /** Make-up working days (làm bù) of `year`. */
  makeUpDays(year: number): string[] {
    return [...this.table(daysFromCivil(year, 1, 1)).makeUpDays];
  }

  /** The first working day strictly after `localDate`. */
  nextWorkingDay(localDate: string): string {
    return formatLocalDate(this.nthWorkingDay(parseLocalDate(localDate) + 1, 1));
  }

  // ---------------------------------------------------------------- instants

  /** The office's local date of an instant. */
  localDate(t: Date): string {
    return formatLocalDate(Math.floor(this.clock.toLocalMs(t.getTime()) / MS_PER_DAY));
  }

  /** Minutes since local midnight of an instant. */
  localTimeOfDay(t: Date): number {
    const local = this.clock.toLocalMs(t.getTime());
    return (local - Math.floor(local / MS_PER_DAY) * MS_PER_DAY) / MS_PER_MINUTE;
  }

  /** The instant showing `time` ('HH:mm') on `localDate` on the office clock. */
  atLocal(localDate: string, time = '00:00'): Date {
    const minutes = parseClockTime(time);
    if (Number.isNaN(minutes)) throw new RangeError(`Not a time (HH:mm): ${time}`);
    return new Date(this.clock.toUtcMs(parseLocalDate(localDate) * MS_PER_DAY + minutes * MS_PER_MINUTE));
  }

  /** Close of office hours (end of the last session) on `localDate`, working day or not. */
  closeOfDay(localDate: string): Date {
    return new Date(this.clock.toUtcMs(parseLocalDate(localDate) * MS_PER_DAY + this.ends[this.ends.length - 1]));
  }

  /** Inside a session of a working day (session ends are exclusive). */
  isOfficeTime(t: Date): boolean {
    const local = this.clock.toLocalMs(t.getTime());
    const day = Math.floor(local / MS_PER_DAY);
    if (!this.isWorkingDayNumber(day)) return false;
    const ms = local - day * MS_PER_DAY;
    for (let i = 0; i < this.starts.length; i++) if (ms >= this.starts[i] && ms < this.ends[i]) return true;
    return false;
  }

  /** `t` itself inside office hours, else the start of the next session (at exactly a session end: the next one). */
  nextOpening(t: Date): Date {
    const local = this.clock.toLocalMs(t.getTime());
    let day = Math.floor(local / MS_PER_DAY);
    const ms = local - day * MS_PER_DAY;
    if (this.isWorkingDayNumber(day)) {
      for (let i = 0; i < this.starts.length; i++) {
        if (ms < this.ends[i]) return ms >= this.starts[i] ? t : this.instant(day, this.starts[i]);
      }
    }
    day = this.nthWorkingDay(day + 1, 1);
    return this.instant(day, this.starts[0]);
  }

  // ---------------------------------------------------------------- working time

  /**
   * The earliest instant t with workingTimeBetween(start, t) >= duration (ISO, or working
   * minutes). So an end lands on a session end (11:30, 17:00) rather than the next opening,
   * and P1D from a Sunday is Monday 17:00. A zero duration gives nextOpening(start).
   */
  addWorkingTime(start: Date, duration: string | number): Date {
    let remaining = this.workingMs(duration);
    if (remaining === 0) return this.nextOpening(start);
    const local = this.clock.toLocalMs(start.getTime());
    let day = Math.floor(local / MS_PER_DAY);
    if (this.isWorkingDayNumber(day)) {
      const used = this.workedBefore(local - day * MS_PER_DAY);
      if (remaining <= this.dayLengthMs - used) return this.instant(day, this.wallTimeAt(used + remaining));
      remaining -= this.dayLengthMs - used;
    }
    day++;
    // `remaining` > 0: skip the whole working days it spans, land inside the last one.
    const fullDays = Math.ceil(remaining / this.dayLengthMs) - 1;
    const lastDay = this.nthWorkingDay(day, fullDays + 1);
    return this.instant(lastDay, this.wallTimeAt(remaining - fullDays * this.dayLengthMs));
  }

  /** Working minutes in [a, b); 0 if b <= a. */
  workingTimeBetween(a: Date, b: Date): number {
    const la = this.clock.toLocalMs(a.getTime());
    const lb = this.clock.toLocalMs(b.getTime());
    if (lb <= la) return 0;
    const da = Math.floor(la / MS_PER_DAY);
    const db = Math.floor(lb / MS_PER_DAY);
    const msA = this.workedBefore(la - da * MS_PER_DAY);
    const msB = this.workedBefore(lb - db * MS_PER_DAY);
    if (da === db) return this.isWorkingDayNumber(da) ? (msB - msA) / MS_PER_MINUTE : 0;
    let ms = this.countWorkingDays(da + 1, db - 1) * this.dayLengthMs;
    if (this.isWorkingDayNumber(da)) ms += this.dayLengthMs - msA;
    if (this.isWorkingDayNumber(db)) ms += msB;
    return ms / MS_PER_MINUTE;
  }

  // ---------------------------------------------------------------- calendar days

  /**
   * Calendar-day limits. Civil Code 2015 art. 147(2): the day of the event is not counted.
   * Art. 148: the period ends with its last day, and when that day is a weekend or holiday,
   * with the next working day. Policy: "the end of the day" is the close of office hours,
   * since the result is handed over at the desk. Hours and minutes (and fractions of a
   * day, as 24-hour days) are plain elapsed time, added first. A number is elapsed minutes.
   */
  addCalendarTime(start: Date, duration: string | number): Date {
    let days = 0;
    let minutes: number;
    if (typeof duration === 'number') {
      minutes = this.checkMinutes(duration);
    } else {
      const parsed = parseDuration(duration, 'calendar');
      days = Math.floor(parsed.days);
      minutes = parsed.minutes + (parsed.days - days) * 24 * 60;
    }
    const elapsed = new Date(start.getTime() + Math.round(minutes * MS_PER_MINUTE));
    if (days === 0) return elapsed;
    const lastDay = Math.floor(this.clock.toLocalMs(elapsed.getTime()) / MS_PER_DAY) + days;
    return this.instant(this.nthWorkingDay(lastDay, 1), this.ends[this.ends.length - 1]);
  }

  /**
   * A calendar-day deadline moved to `instant` (by a supplement pause, say) follows the
   * same rule as one counted afresh (Civil Code 2015 art. 148): when its day is a day off,
   * it ends at the close of office hours of the next working day.
   */
  calendarDeadline(instant: Date): Date {
    const day = this.localDate(instant);
    return this.isWorkingDay(day) ? new Date(instant.getTime()) : this.closeOfDay(this.nextWorkingDay(day));
  }

  /** addWorkingTime or addCalendarTime, per the procedure's day count. */
  addTime(start: Date, duration: string | number, dayCount: DayCount): Date {
    return dayCount === 'calendar' ? this.addCalendarTime(start, duration) : this.addWorkingTime(start, duration);
  }

  /** Working minutes, or elapsed minutes for calendar-day procedures; 0 if b <= a. */
  timeBetween(a: Date, b: Date, dayCount: DayCount): number {
    if (dayCount === 'working') return this.workingTimeBetween(a, b);
    const ms = b.getTime() - a.getTime();
    return ms > 0 ? ms / MS_PER_MINUTE : 0;
  }

  // ---------------------------------------------------------------- internals

  private instant(day: number, msOfDay: number): Date {
    return new Date(this.clock.toUtcMs(day * MS_PER_DAY + msOfDay));
  }

  private checkMinutes(minutes: number): number {
    if (!Number.isFinite(minutes) || minutes < 0) {
      throw new DomainError('INVALID_DURATION.minutes', { minutes }, { minutes });
    }
    return minutes;
  }

  private workingMs(duration: string | number): number {
    if (typeof duration === 'number') return Math.round(this.checkMinutes(duration) * MS_PER_MINUTE);
    const { days, minutes } = parseDuration(duration, 'working');
    return Math.round(days * this.dayLengthMs + minutes * MS_PER_MINUTE);
  }

  /** Working ms of a working day before local time `msOfDay`. */
  private workedBefore(msOfDay: number): number {
    const { starts, ends, before } = this;
    for (let i = 0; i < starts.length; i++) {
      if (msOfDay < ends[i]) return msOfDay > starts[i] ? before[i] + msOfDay - starts[i] : before[i];
    }
    return this.dayLengthMs;
  }

  /** The earliest local time of day by which `worked` ms (0 < worked <= day length) are done. */
  private wallTimeAt(worked: number): number {
    const { starts, ends, before } = this;
    for (let i = 0; i < starts.length; i++) {
      if (worked <= before[i] + ends[i] - starts[i]) return starts[i] + worked - before[i];
    }
    return ends[ends.length - 1];
  }

  private isWorkingDayNumber(day: number): boolean {
    const table = this.table(day);
    return table.working[day - table.firstDay] === 1;
  }

  /** Working days in [from, to] (day numbers, inclusive). */
  private countWorkingDays(from: number, to: number): number {
    let count = 0;
    let day = from;
    while (day <= to) {
      const table = this.table(day);
      const last = Math.min(to, table.firstDay + table.working.length - 1);
      count += table.cum[last - table.firstDay + 1] - table.cum[day - table.firstDay];
      day = last + 1;
    }
    return count;
  }

  /** The n-th (n >= 1) working day on or after `from`. */
  private nthWorkingDay(from: number, n: number): number {
    let day = from;
    for (let years = 0; years <= MAX_YEARS_SEARCHED; years++) {
      const table = this.table(day);
      const index = day - table.firstDay;
      const goal = table.cum[index] + n;
      const length = table.working.length;
      if (goal <= table.cum[length]) {
        // Smallest p in (index, length] with cum[p] >= goal: day p - 1 is the n-th.
        let lo = index + 1;
        let hi = length;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (table.cum[mid] >= goal) hi = mid;
          else lo = mid + 1;
        }
        return table.firstDay + lo - 1;
      }
      n -= table.cum[length] - table.cum[index];
      day = table.firstDay + length;
    }
    throw new DomainError('INVALID_CALENDAR.noWorkingDay', { years: MAX_YEARS_SEARCHED });
  }

  private table(day: number): YearTable {
    const last = this.lastTable;
    if (last !== null && day >= last.firstDay && day < last.firstDay + last.working.length) return last;
    const year = yearOfDayNumber(day);
    let table = this.tables.get(year);
    if (table === undefined) {
      table = this.buildTable(year);
      this.tables.set(year, table);
    }
    this.lastTable = table;
    return table;
  }

  private buildTable(year: number): YearTable {
    const firstDay = daysFromCivil(year, 1, 1);
    const length = daysFromCivil(year + 1, 1, 1) - firstDay;
    const override = this.overrideByYear.get(year);
    const computed = defaultHolidays(year, this.weekdays);
    let daysOff: DayOff[];
    let makeUpDays: string[];
    if (override) {
      // Name the decreed days after the computed holiday they match, if any.
      const names = new Map(computed.map((h) => [h.date, h]));
      daysOff = [...new Set(override.holidays)].sort().map((date) => {
        const known = names.get(date);
        return known
          ? { ...known }
          : { date, name: 'Nghỉ hoán đổi', nameEn: 'Swapped day off', kind: 'swapped' as const };
      });
      makeUpDays = [...new Set(override.workingDays)].sort();
    } else {
      daysOff = computed;
      makeUpDays = [];
    }
    const working = new Uint8Array(length);
    for (let i = 0; i < length; i++) working[i] = this.isWeekday[isoWeekday(firstDay + i)] ? 1 : 0;
    for (const d of daysOff) working[parseLocalDate(d.date) - firstDay] = 0;
    for (const d of makeUpDays) working[parseLocalDate(d) - firstDay] = 1;
    const cum = new Int32Array(length + 1);
    for (let i = 0; i < length; i++) cum[i + 1] = cum[i] + working[i];
    return { year, firstDay, working, cum, daysOff, makeUpDays };
  }
}
