// An agency holding the dossier refuses it with its reasons (Circular 01/2018 form 03,
// server/forms/rejection.ts): every open task and timer ends, and the dossier closes.

import type { CompiledProcedure } from '../../machine/compile.js';
import type { Command } from '../command.js';
import { runCommand } from '../command.js';
import type { EngineContext } from '../context.js';
import { actsForDossier, dossierOpen } from '../guards.js';
import { close } from '../status.js';
import type { ActionResult, Actor, DossierState } from '../types.js';

export interface RejectInput {
  actor: Actor;
  reason: string;
}

export const rejectCommand: Command<RejectInput> = {
  verb: 'reject',
  guards: [dossierOpen, actsForDossier],
  execute(draft, input) {
    draft.state.rejection = { at: draft.nowIso, by: input.actor.username, reason: input.reason };
    draft.record('rejected', input.actor.username, { reason: input.reason });
    close(draft, 'rejected', input.actor.username);
  },
  // Closed by the command itself; there is nothing left to settle.
  settlesStatus: false,
  announces: true,
};

export function rejectDossier(
  ctx: EngineContext,
  procedure: CompiledProcedure,
  state: DossierState,
  input: RejectInput,
  now: Date,
): ActionResult {
  return runCommand(rejectCommand, ctx, procedure, state, input, now);
}
