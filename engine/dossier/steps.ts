// A user task of the model opens as a task in an agency's inbox, with its own due date,
// and closes when the machine leaves the step.

import { dueSoonAt, stepDueAt } from '../deadlines/index.js';
import type { UserTask } from '../model/procedure.js';
import type { Draft } from './draft.js';
import { nextId } from './ids.js';
import { dossierAgencies, returnDeskOf } from './places.js';
import type { Task } from './types.js';

export function openStep(draft: Draft, step: UserTask): void {
  const { ctx, state } = draft;
  const agencyCode = stepAgency(draft, step);
  const start = draft.countingNow;
  const due = stepDueAt(ctx.calendar, start, step.duration, draft.dayCount);
  const task: Task = {
    id: nextId(state),
    stepId: step.id,
    name: step.name || step.id,
    role: step.role,
    agencyCode,
    assignee: previousHand(state, step.id, agencyCode),
    state: 'open',
    startedAt: draft.nowIso,
    allotted: step.duration,
    dueAt: due ? due.toISOString() : null,
    dueSoonAt: due ? dueSoonAt(ctx.calendar, start, due, draft.policy, draft.dayCount).toISOString() : null,
    completedAt: null,
    completedBy: null,
    outcome: null,
    comment: null,
    verdict: null,
    escalationLevel: 0,
    dueSoonNotified: false,
  };
  state.tasks.push(task);
  draft.effects.push({ type: 'taskOpened', task });
  const from = state.holdingAgency;
  if (agencyCode !== from) {
    // Inter-agency one-stop (Decree 61/2018 ch. IV): each hop is recorded as a hand-over.
    draft.effects.push({ type: 'handoff', taskId: task.id, stepId: step.id, fromAgency: from, toAgency: agencyCode });
    draft.record('transferred', null, { fromAgency: from, toAgency: agencyCode, automatic: true }, task);
  }
  state.holdingAgency = agencyCode;
}

/**
 * A step opened again — sent back by the head, a rework loop — goes back to whoever did
 * it last, when it opens at the same agency (issue 20: "a send back returns it to the
 * same specialist"); a head may still give it to another (actions/assign.ts).
 */
function previousHand(state: Draft['state'], stepId: string, agencyCode: string): string | null {
  for (let i = state.tasks.length - 1; i >= 0; i--) {
    const task = state.tasks[i];
    if (task.stepId === stepId && task.state === 'done' && task.completedBy) return task.agencyCode === agencyCode ? task.completedBy : null;
  }
  return null;
}

/**
 * Where a step opens. A return step left at the default `@receiving` opens at the desk
 * the citizen chose to collect at (`returnAt`, Decree 118/2025: the result is returned
 * where the citizen asked); every other selector resolves against the dossier's agencies.
 */
function stepAgency(draft: Draft, step: UserTask): string {
  const { ctx, state, procedure } = draft;
  if (step.agency.kind === 'receiving' && procedure.returnSteps.has(step.id)) return returnDeskOf(ctx.agencies, state);
  return ctx.agencies.resolve(step.agency, dossierAgencies(state));
}

/** The machine left the step (an interrupting boundary, a finished branch): its open tasks are cancelled. */
export function leaveStep(draft: Draft, stepId: string): void {
  for (const task of draft.openTasks()) {
    if (task.stepId !== stepId) continue;
    task.state = 'cancelled';
    task.completedAt = draft.nowIso;
    draft.effects.push({ type: 'taskClosed', task });
  }
}
