// The office day every deadline is counted in (DOMAIN.md, "Time"; docs/domain.md): the
// business calendar lives in Asia/Ho_Chi_Minh, and a working day (P1D) is one day's worth
// of the policy-default office hours, 07:30–11:30 and 13:30–17:00. The one home of the
// time zone and of the length of a working day; the calendar, the time budget, the papers
// and the web app import these.

/** The office's time zone: UTC+7 since 1975, no daylight saving. */
export const OFFICE_TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** A stretch of office hours in a day, 'HH:mm' local time ('24:00' allowed); the end is exclusive. */
export interface OfficeSession {
  start: string;
  end: string;
}

/** Policy default office hours of a Vietnamese state agency (configurable per calendar). */
export const OFFICE_SESSIONS: readonly OfficeSession[] = Object.freeze([
  { start: '07:30', end: '11:30' },
  { start: '13:30', end: '17:00' },
]);

const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Office minutes in `sessions`: the length of one working day (P1D). */
export const sessionMinutes = (sessions: readonly OfficeSession[]): number =>
  sessions.reduce((sum, s) => sum + minutesOf(s.end) - minutesOf(s.start), 0);

/** Office minutes in one working day by the default hours: 450 (7.5 hours). */
export const WORKING_DAY_MINUTES = sessionMinutes(OFFICE_SESSIONS);
