// Working time and public holidays: what a working day is, and when a limit ends.
export { OFFICE_TIME_ZONE, OFFICE_SESSIONS, WORKING_DAY_MINUTES, sessionMinutes } from './officeDay.js';
export { WorkingCalendar, DEFAULT_CALENDAR_CONFIG } from './workingTime.js';
export type { CalendarConfig, OfficeSession, DayOff } from './workingTime.js';
export { defaultHolidays, statutoryHolidays } from './holidays.js';
export type { Holiday } from './holidays.js';
export { overrideProblems } from './overrides.js';
export type { OverrideProblem, YearOverride } from './overrides.js';
export { lunarToSolar, lunarNewYear, lastDayOfLunarYear } from './lunar.js';
export { parseDuration, isValidDuration, formatWorkingMinutes } from './duration.js';
export type { ParsedDuration } from './duration.js';
export { addDays, weekdayOf, isLocalDate } from './localDate.js';
export { DECISION_2025, DECISION_2026, OFFICIAL_DECISIONS } from './decisions.js';
