// When must the scheduler look at a task again? The store keeps this instant in an
// indexed column so the scheduler reads the next due item instead of scanning dossiers.

import type { WorkingCalendar } from '../calendar/index.js';
import { nextEscalationAt, type DeadlinePolicy } from '../deadlines/index.js';
import type { CompiledProcedure } from '../machine/compile.js';
import { hasEscalationBoundary } from './escalationBoundary.js';
import type { DossierState, Task } from './types.js';

export function taskWakeAt(
  calendar: WorkingCalendar,
  policy: DeadlinePolicy,
  procedure: CompiledProcedure,
  state: DossierState,
  task: Task,
): string | null {
  if (task.state !== 'open' || task.dueAt === null || state.pause !== null) return null;
  const candidates: Date[] = [];
  if (!task.dueSoonNotified && task.dueSoonAt) candidates.push(new Date(task.dueSoonAt));
  if (!hasEscalationBoundary(procedure, task.stepId)) {
    const next = nextEscalationAt(calendar, { dueAt: new Date(task.dueAt), escalationLevel: task.escalationLevel }, policy);
    if (next) candidates.push(next);
  }
  if (candidates.length === 0) return null;
  return new Date(Math.min(...candidates.map((d) => d.getTime()))).toISOString();
}
