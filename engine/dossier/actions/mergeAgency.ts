// An agency was merged into another (the 2025 reorganisation: communes, wards and
// departments merged and renamed, DOMAIN.md "Since 1 July 2025"): a running dossier's
// open work at the old agency moves to the new one, so the merged agency's staff finish
// it. Only what is operational moves — the open tasks' agency and the holding agency.
// What is a record stays as it was: the receiving, competent and return agencies (the
// dossier code, the papers and the statistics name them; the engine reads them through
// the successor), every closed task, every deadline, and the history, to which this adds
// one row (`agencyMerged`) rather than rewriting any.

import { DomainError } from '../../errors.js';
import type { CompiledProcedure } from '../../machine/compile.js';
import type { Command, Guard } from '../command.js';
import { runCommand } from '../command.js';
import type { EngineContext } from '../context.js';
import { dossierOpen } from '../guards.js';
import { CLOSED_STATUSES, type ActionResult, type Actor, type DossierState } from '../types.js';

export interface MergeAgencyInput {
  /** The agency merged away. */
  from: string;
  /** The agency it was merged into. */
  into: string;
  actor: Actor;
}

/** Two different agencies, the target one the tree knows. */
const twoAgencies: Guard<MergeAgencyInput> = (draft, input) => {
  if (input.from === input.into) throw new DomainError('SAME_AGENCY.merge', { agencyCode: input.from });
  draft.ctx.agencies.require(input.into);
};

export const mergeAgencyCommand: Command<MergeAgencyInput> = {
  verb: 'mergeAgency',
  guards: [dossierOpen, twoAgencies],
  execute(draft, input) {
    const { state } = draft;
    const moved: string[] = [];
    for (const task of draft.openTasks()) {
      if (task.agencyCode !== input.from) continue;
      // The claimant keeps the task: their account moved to the new agency with it.
      task.agencyCode = input.into;
      moved.push(task.id);
      draft.effects.push({ type: 'taskUpdated', task });
    }
    const holding = state.holdingAgency === input.from;
    if (holding) state.holdingAgency = input.into;
    draft.record('agencyMerged', input.actor.username, {
      fromAgency: input.from,
      toAgency: input.into,
      tasks: moved,
      holding,
    });
  },
  settlesStatus: true,
  announces: true,
};

/** Does the dossier have anything at `from` that the merge must move? (Closed dossiers never.) */
export function touchedByMerge(state: DossierState, from: string): boolean {
  if (CLOSED_STATUSES.includes(state.status)) return false;
  return state.holdingAgency === from || state.tasks.some((t) => t.state === 'open' && t.agencyCode === from);
}

export function mergeAgency(
  ctx: EngineContext,
  procedure: CompiledProcedure,
  state: DossierState,
  input: MergeAgencyInput,
  now: Date,
): ActionResult {
  return runCommand(mergeAgencyCommand, ctx, procedure, state, input, now);
}
