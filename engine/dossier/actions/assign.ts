// A head (trưởng phòng) gives a step to a named member of the team, or takes it from one
// and gives it to another (issue 20, CONTRACT.md §6.3 POST /tasks/:id/assign). Only a head
// of the agency the step is at; the person named must be of that agency and hold the
// step's role — the server looks them up, the engine checks what it is told. Only the task
// changes: its assignee, one history row, the task's own announcement (to the new
// assignee's inbox and the role room, so the previous one's inbox drops it).

import { DomainError } from '../../errors.js';
import type { CompiledProcedure } from '../../machine/compile.js';
import type { Command, Guard } from '../command.js';
import { runCommand } from '../command.js';
import type { EngineContext } from '../context.js';
import { dossierOpen, openTask, taskOpen } from '../guards.js';
import type { ActionResult, Actor, DossierState } from '../types.js';

export interface AssignInput {
  taskId: string;
  /** The head who assigns. */
  actor: Actor;
  /** Who gets the task: their username, agency and roles as the directory of users has them. */
  assignee: Actor;
}

const headOfTaskAgency: Guard<AssignInput> = (draft, input) => {
  const task = openTask(draft.state, input.taskId);
  if (!input.actor.roles.includes('head')) throw new DomainError('ROLE_REQUIRED', { role: 'head' }, { role: 'head' });
  if (input.actor.agencyCode !== task.agencyCode) {
    throw new DomainError('WRONG_AGENCY.assign', { agencyCode: task.agencyCode }, { agencyCode: task.agencyCode });
  }
};

const assigneeFits: Guard<AssignInput> = (draft, input) => {
  const task = openTask(draft.state, input.taskId);
  const { assignee } = input;
  if (assignee.agencyCode !== task.agencyCode) {
    throw new DomainError('WRONG_AGENCY.assignee', { assignee: assignee.username, agencyCode: task.agencyCode }, { agencyCode: task.agencyCode });
  }
  if (!assignee.roles.includes(task.role)) {
    throw new DomainError('ROLE_REQUIRED.assignee', { assignee: assignee.username, role: task.role }, { role: task.role });
  }
};

export const assignCommand: Command<AssignInput> = {
  verb: 'assign',
  guards: [dossierOpen, taskOpen, headOfTaskAgency, assigneeFits],
  execute(draft, input) {
    const task = openTask(draft.state, input.taskId);
    const previous = task.assignee;
    task.assignee = input.assignee.username;
    draft.record('assigned', input.actor.username, { assignee: input.assignee.username, previousAssignee: previous }, task);
    draft.effects.push({ type: 'taskUpdated', task });
  },
  settlesStatus: false,
  announces: false,
};

export function assignTask(
  ctx: EngineContext,
  procedure: CompiledProcedure,
  state: DossierState,
  input: AssignInput,
  now: Date,
): ActionResult {
  return runCommand(assignCommand, ctx, procedure, state, input, now);
}
