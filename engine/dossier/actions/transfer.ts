// Hand an open task to another agency (a misrouted dossier, or an agency that
// delegates). Inter-agency one-stop (Decree 61/2018 ch. IV): the hop is a hand-over.

import { DomainError } from '../../errors.js';
import type { CompiledProcedure } from '../../machine/compile.js';
import type { Command, Guard } from '../command.js';
import { runCommand } from '../command.js';
import type { EngineContext } from '../context.js';
import { dossierOpen, notPaused, openTask, taskOpen } from '../guards.js';
import { assertActive } from '../places.js';
import type { ActionResult, Actor, DossierState } from '../types.js';

export interface TransferInput {
  taskId: string;
  toAgency: string;
  actor: Actor;
  reason?: string;
}

/** The target agency is known, not merged away (it receives nothing more), and not where the task already is. */
const anotherKnownAgency: Guard<TransferInput> = (draft, input) => {
  const task = openTask(draft.state, input.taskId);
  const target = draft.ctx.agencies.require(input.toAgency);
  assertActive(draft.ctx.agencies, target.code);
  if (target.code === task.agencyCode) {
    throw new DomainError('SAME_AGENCY');
  }
};

/**
 * Roles that oversee an agency's work: they may hand on a task a colleague has claimed
 * (the assignee is away, or the task is misrouted). Anyone else hands on only what is
 * theirs to work on.
 */
export const TRANSFER_SUPERVISOR_ROLES: readonly string[] = ['head', 'leader', 'manager'];

/**
 * Who in that agency: a claimed task only by its claimant or a supervisor (a clerk must
 * not move a colleague's work away); an unclaimed one by someone with the task's role or
 * a supervisor.
 */
const claimantOrSupervisor: Guard<TransferInput> = (draft, input) => {
  const task = openTask(draft.state, input.taskId);
  const supervises = input.actor.roles.some((role) => TRANSFER_SUPERVISOR_ROLES.includes(role));
  if (supervises) return;
  if (task.assignee !== null) {
    if (task.assignee !== input.actor.username) {
      throw new DomainError('NOT_ASSIGNEE', { assignee: task.assignee }, { assignee: task.assignee });
    }
    return;
  }
  if (!input.actor.roles.includes(task.role)) {
    throw new DomainError('ROLE_REQUIRED', { role: task.role }, { role: task.role });
  }
};

/** Only the agency that has the task hands it on. */
const fromTaskAgency: Guard<TransferInput> = (draft, input) => {
  const task = openTask(draft.state, input.taskId);
  if (input.actor.agencyCode !== task.agencyCode) {
    throw new DomainError('WRONG_AGENCY.transfer', { agencyCode: task.agencyCode }, { agencyCode: task.agencyCode });
  }
};

export const transferCommand: Command<TransferInput> = {
  verb: 'transfer',
  guards: [dossierOpen, notPaused, taskOpen, anotherKnownAgency, fromTaskAgency, claimantOrSupervisor],
  execute(draft, input) {
    const task = openTask(draft.state, input.taskId);
    const target = draft.ctx.agencies.require(input.toAgency);
    const from = task.agencyCode;
    task.agencyCode = target.code;
    task.assignee = null;
    draft.effects.push({ type: 'handoff', taskId: task.id, stepId: task.stepId, fromAgency: from, toAgency: target.code });
    draft.effects.push({ type: 'taskUpdated', task });
    draft.record('transferred', input.actor.username, { fromAgency: from, toAgency: target.code, reason: input.reason ?? null, automatic: false }, task);
    draft.state.holdingAgency = target.code;
  },
  settlesStatus: true,
  announces: true,
};

export function transferTask(
  ctx: EngineContext,
  procedure: CompiledProcedure,
  state: DossierState,
  input: TransferInput,
  now: Date,
): ActionResult {
  return runCommand(transferCommand, ctx, procedure, state, input, now);
}
