// The deadline scheduler: wake at the next due instant, run what is due, sleep again.
export { Scheduler, type SchedulerOptions, type SchedulerPass, type AdvanceReport } from './scheduler.js';
export { nextDueAfter } from './nextDue.js';
