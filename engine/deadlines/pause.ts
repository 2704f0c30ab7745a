// Supplement requests pause the clock (Decree 61/2018: "thời gian đã giải quyết lần đầu được tính"): the time the
// citizen takes is not counted, the time already spent still counts, so on resubmission
// the appointment and every open step's due instant move later by the paused time.
import type { WorkingCalendar } from '../calendar/index.js';
import type { DayCount } from '../model/procedure.js';

/** Working minutes (calendar-day procedures: elapsed minutes) between request and resubmission. */
export function pausedTime(cal: WorkingCalendar, since: Date, until: Date, dayCount: DayCount = 'working'): number {
  return cal.timeBetween(since, until, dayCount);
}

/**
 * `instant` moved later by `pausedMinutes` of working time (elapsed time for calendar-day
 * procedures). Working time is added from the instant itself, so a 17:00 appointment moved
 * by P1D is 17:00 on the next working day, not 07:30 the day after. A calendar-day
 * deadline moved onto a day off ends at the close of the next working day, as one counted
 * afresh would (Civil Code 2015 art. 148).
 */
export function shiftByPause(cal: WorkingCalendar, instant: Date, pausedMinutes: number, dayCount: DayCount = 'working'): Date {
  if (pausedMinutes <= 0) return new Date(instant.getTime());
  return dayCount === 'working'
    ? cal.addWorkingTime(instant, pausedMinutes)
    : cal.calendarDeadline(new Date(instant.getTime() + Math.round(pausedMinutes * 60_000)));
}
