// An officer completes a task with an outcome: the step gets its verdict against its
// allotment, the machine moves on, and the next steps open (in this or another agency).

import { verdict } from '../../deadlines/index.js';
import { DomainError } from '../../errors.js';
import type { CompiledProcedure } from '../../machine/compile.js';
import { applyMachineEvent, type PersistedMachine } from '../../machine/transition.js';
import type { Command } from '../command.js';
import { runCommand } from '../command.js';
import type { EngineContext } from '../context.js';
import { checkDossierData } from '../data.js';
import type { Draft } from '../draft.js';
import { dossierOpen, mayActOnTask, notPaused, openTask } from '../guards.js';
import { applyMachine } from '../interpreter.js';
import type { ActionResult, Actor, DossierState } from '../types.js';

export interface CompleteInput {
  taskId: string;
  actor: Actor;
  outcome?: string | null;
  data?: Record<string, unknown>;
  comment?: string | null;
}

export const completeCommand: Command<CompleteInput> = {
  verb: 'complete',
  guards: [dossierOpen, notPaused, mayActOnTask],
  execute(draft, input) {
    checkDossierData(input.data);
    completeInDraft(draft, input.taskId, input);
  },
  settlesStatus: true,
  announces: true,
};

export function completeTask(
  ctx: EngineContext,
  procedure: CompiledProcedure,
  state: DossierState,
  input: CompleteInput,
  now: Date,
): ActionResult {
  return runCommand(completeCommand, ctx, procedure, state, input, now);
}

/** Complete one task on the draft and move the machine past it; the return action reuses it. */
export function completeInDraft(draft: Draft, taskId: string, input: CompleteInput): void {
  const task = openTask(draft.state, taskId);
  const outcomes = draft.procedure.outcomes.get(task.stepId) ?? [];
  const outcome = input.outcome ?? null;
  if (outcome !== null && outcomes.length > 0 && !outcomes.some((o) => o.key === outcome)) {
    throw new DomainError('INVALID_OUTCOME', { outcome }, { allowed: outcomes.map((o) => o.key) });
  }
  // Sending a dossier back says why: the specialist who gets it again reads the reason.
  const sendBack = outcomes.find((o) => o.key === outcome && o.sendsBack);
  if (sendBack && !input.comment?.trim()) {
    throw new DomainError('INVALID_OUTCOME.reasonRequired', { label: sendBack.label }, { outcome, reasonRequired: true });
  }
  task.state = 'done';
  task.assignee = task.assignee ?? input.actor.username;
  task.completedAt = draft.nowIso;
  task.completedBy = input.actor.username;
  task.outcome = outcome;
  task.comment = input.comment ?? null;
  task.verdict = task.dueAt
    ? verdict(draft.ctx.calendar, new Date(task.dueAt), draft.now, { apologized: false })
    : null;
  const step = applyMachineEvent(draft.procedure, draft.state.machine as PersistedMachine, {
    type: 'COMPLETE',
    stepId: task.stepId,
    outcome,
    data: input.data ?? {},
  });
  const left = step.actions.some((a) => a.type === 'leaveStep' && a.params.stepId === task.stepId);
  if (!left) {
    const details = { elementId: task.stepId, allowed: outcomes.map((o) => o.key) };
    throw outcomes.length > 0 && outcome === null
      ? new DomainError('NO_ROUTE.pickOutcome', { outcomes: details.allowed.join(', ') }, details)
      : new DomainError('NO_ROUTE', { name: task.name }, details);
  }
  applyMachine(draft, step);
  draft.record('completed', input.actor.username, { outcome, comment: task.comment, verdict: task.verdict }, task);
  draft.effects.push({ type: 'taskClosed', task });
}
