// Receiving is the reception step (issue 20): the clerk who takes a dossier in at the
// desk has checked the papers and issued the receipt (Mẫu 01) — that is what the
// procedure's first desk step ("Tiếp nhận hồ sơ") stands for. Leaving it open made the
// same clerk claim and complete it a second time. So a receipt made by a reception clerk
// of the receiving agency completes it, in the same action:
//   - the step opened by the receipt, with the role `reception`, at the receiving agency;
//   - it needs no choice: no outcome, or exactly one (a step where the desk picks — accept
//     or refuse — stays open for the clerk to pick);
//   - it can be left (the machine moves past it; otherwise it stays open, as before).
// A model without such a step (a receipt that opens a specialist's step) is unchanged, and
// so is a dossier not received by a clerk at the desk (the caller does not ask).
import { applyMachineEvent, type PersistedMachine } from '../machine/transition.js';
import { completeInDraft } from './actions/complete.js';
import type { Draft } from './draft.js';
import type { Actor, Task } from './types.js';

/** The step this receipt is, with the outcome to complete it with; null when there is none. */
export function receptionStepOf(draft: Draft, actor: Actor): { task: Task; outcome: string | null } | null {
  const { state, procedure } = draft;
  if (!actor.roles.includes('reception') || actor.agencyCode !== state.receivingAgency) return null;
  const task = draft.openTasks().find((t) => t.role === 'reception' && t.agencyCode === state.receivingAgency);
  if (!task || state.machine === null) return null;
  const outcomes = procedure.outcomes.get(task.stepId) ?? [];
  if (outcomes.length > 1) return null;
  const outcome = outcomes[0]?.key ?? null;
  // A dry run: only a step the machine can leave with that outcome and the receipt's data.
  const step = applyMachineEvent(procedure, state.machine as PersistedMachine, { type: 'COMPLETE', stepId: task.stepId, outcome, data: {} });
  const leaves = step.actions.some((a) => a.type === 'leaveStep' && a.params.stepId === task.stepId);
  return leaves ? { task, outcome } : null;
}

/**
 * Completes the reception step on the receipt's draft, by the receiving clerk. The step
 * never reached an inbox, so neither its opening nor its closing is announced: the
 * reception room hears of no task that is already done.
 */
export function completeReceptionStep(draft: Draft, actor: Actor): Task | null {
  const found = receptionStepOf(draft, actor);
  if (!found) return null;
  completeInDraft(draft, found.task.id, { taskId: found.task.id, actor, outcome: found.outcome, comment: null });
  const silent = (e: (typeof draft.effects)[number]) => (e.type === 'taskOpened' || e.type === 'taskClosed') && e.task.id === found.task.id;
  for (let i = draft.effects.length - 1; i >= 0; i--) if (silent(draft.effects[i])) draft.effects.splice(i, 1);
  return found.task;
}
