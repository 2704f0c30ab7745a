// The time budget is the engine's (engine/model/timeBudget.ts): the designer shows the
// same figures the validator checks.
export { durationMinutes, timeBudget, toDays, type TimeBudget } from '../../../engine/model/timeBudget.js';
