// An officer claims an open task of their role in their agency: it leaves the shared
// inbox and becomes theirs. Only the task changes, so the task effect is the announcement.

import { DomainError } from '../../errors.js';
import type { CompiledProcedure } from '../../machine/compile.js';
import type { Command, Guard } from '../command.js';
import { runCommand } from '../command.js';
import type { EngineContext } from '../context.js';
import { assertRoleAndAgency, dossierOpen, openTask, taskOpen } from '../guards.js';
import type { ActionResult, Actor, DossierState } from '../types.js';

export interface ClaimInput {
  taskId: string;
  actor: Actor;
}

/** Claiming again one's own task is allowed (a retried request); someone else's is not. */
const notClaimedByAnother: Guard<ClaimInput> = (draft, input) => {
  const task = openTask(draft.state, input.taskId);
  if (task.assignee !== null && task.assignee !== input.actor.username) {
    throw new DomainError('TASK_ALREADY_CLAIMED', { assignee: task.assignee }, { assignee: task.assignee });
  }
};

const roleAndAgency: Guard<ClaimInput> = (draft, input) => assertRoleAndAgency(openTask(draft.state, input.taskId), input.actor);

export const claimCommand: Command<ClaimInput> = {
  verb: 'claim',
  guards: [dossierOpen, taskOpen, notClaimedByAnother, roleAndAgency],
  execute(draft, input) {
    const task = openTask(draft.state, input.taskId);
    task.assignee = input.actor.username;
    draft.record('claimed', input.actor.username, {}, task);
    draft.effects.push({ type: 'taskUpdated', task });
  },
  settlesStatus: false,
  announces: false,
};

export function claimTask(
  ctx: EngineContext,
  procedure: CompiledProcedure,
  state: DossierState,
  input: ClaimInput,
  now: Date,
): ActionResult {
  return runCommand(claimCommand, ctx, procedure, state, input, now);
}
