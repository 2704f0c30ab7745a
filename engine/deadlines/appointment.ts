// The appointment date (ngày hẹn trả) printed on the receipt (Circular 01/2018 Mẫu 01)
// and the due instants of steps (Mẫu 05).
import { DomainError } from '../errors.js';
import { parseDuration, type WorkingCalendar } from '../calendar/index.js';
import type { DayCount } from '../model/procedure.js';

export interface AppointmentOptions {
  /**
   * 'HH:mm': dossiers received after this time count from the next working day's opening
   * (a per-procedure rule some provinces set, e.g. '15:00').
   */
  cutoff?: string;
}

export interface Appointment {
  /** Where counting starts: the next office opening at or after receipt. */
  countingFrom: Date;
  appointmentAt: Date;
}

function parseCutoff(cutoff: string): number {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(cutoff);
  if (!m) {
    throw new DomainError('INVALID_MODEL.cutoff', { cutoff }, { cutoff });
  }
  return Number(m[1]) * 60 + Number(m[2]);
}

/**
 * Dossiers received at night, at the weekend or on a holiday (online, by post) start
 * counting at the next office opening; with a cutoff, those received after it start at
 * the next working day's opening.
 */
export function countingStart(cal: WorkingCalendar, receivedAt: Date, opts: AppointmentOptions = {}): Date {
  const opening = cal.nextOpening(receivedAt);
  if (opts.cutoff === undefined || cal.localTimeOfDay(opening) <= parseCutoff(opts.cutoff)) return opening;
  return cal.nextOpening(cal.atLocal(cal.nextWorkingDay(cal.localDate(opening))));
}

/**
 * Appointment = counting start + the procedure's legal time limit. A procedure without a
 * limit cannot give an appointment, and the receipt must print one (Mẫu 01), so a null
 * limit is refused instead of being guessed.
 */
export function computeAppointment(
  cal: WorkingCalendar,
  receivedAt: Date,
  timeLimit: string | null,
  dayCount: DayCount,
  opts: AppointmentOptions = {},
): Appointment {
  if (timeLimit === null) {
    throw new DomainError('INVALID_DURATION.noTimeLimit');
  }
  const countingFrom = countingStart(cal, receivedAt, opts);
  if (isSameDayLimit(timeLimit, dayCount)) {
    // "Trả kết quả trong ngày" (Luật Hộ tịch 2014 art. 16): a zero limit means the close
    // of the working day counting starts on — with a cutoff, the next working day.
    return { countingFrom, appointmentAt: cal.closeOfDay(cal.localDate(countingFrom)) };
  }
  return { countingFrom, appointmentAt: cal.addTime(countingFrom, timeLimit, dayCount) };
}

/** `P0D` (or any zero limit): resolved within the working day the dossier counts from. */
export function isSameDayLimit(timeLimit: string, dayCount: DayCount = 'working'): boolean {
  try {
    const { days, minutes } = parseDuration(timeLimit, dayCount);
    return days === 0 && minutes === 0;
  } catch {
    return false;
  }
}

/** A step's due instant: its start + its allotment; null for a step without an allotment. */
export function stepDueAt(cal: WorkingCalendar, startedAt: Date, allotted: string | null, dayCount: DayCount): Date | null {
  return allotted === null ? null : cal.addTime(startedAt, allotted, dayCount);
}
