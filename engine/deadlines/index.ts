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
export {
  DEFAULT_INDEX766_POLICY,
  DEFAULT_INDEX766_WEIGHTS,
  INDEX766_METRICS,
  index766DueAt,
  index766FinishedAt,
  index766Points,
  judgeIndex766,
} from './index766.js';
export type { Index766Facts, Index766Judgement, Index766LateReason, Index766Metric, Index766Policy, Index766Supplement } from './index766.js';
