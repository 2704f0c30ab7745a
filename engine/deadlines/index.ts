// Deadlines of dossiers and steps: appointment, due soon / overdue, escalation, pauses, verdicts.
export { DEFAULT_POLICY } from './policy.js';
export type { DeadlinePolicy, EscalationRung, NotifyTarget } from './policy.js';
export { computeAppointment, countingStart, isSameDayLimit, stepDueAt } from './appointment.js';
export type { Appointment, AppointmentOptions } from './appointment.js';
export { appointmentDueSoonUntil, deadlineState, taskDeadlineState, dueSoonAt, dueSoonThreshold, remainingWorkingMinutes } from './deadlineState.js';
export type { DeadlineWindow } from './deadlineState.js';
export { escalationAudience, escalationSchedule, escalationsDue, firstRung, nextEscalationAt } from './escalation.js';
export type { EscalationProgress, ScheduledEscalation } from './escalation.js';
export { pausedTime, shiftByPause } from './pause.js';
export { verdict } from './verdict.js';
export type { VerdictOptions } from './verdict.js';
