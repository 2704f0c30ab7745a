// A desk refuses a dossier filed online (không tiếp nhận, issue 17): it is closed as
// `refused` (national status 3) with the reason the citizen reads on the lookup page. It
// was never received: no appointment is kept to, no verdict is stamped.

import type { CompiledProcedure } from '../../machine/compile.js';
import type { Command } from '../command.js';
import { runCommand } from '../command.js';
import type { EngineContext } from '../context.js';
import { actsForDossier, submittedOnly } from '../guards.js';
import { close } from '../status.js';
import type { ActionResult, Actor, DossierState } from '../types.js';

export interface RefuseInput {
  actor: Actor;
  reason: string;
}

export const refuseCommand: Command<RefuseInput> = {
  verb: 'refuse',
  // The desk of an agency of the dossier (its receiving or competent agency) decides.
  guards: [submittedOnly, actsForDossier],
  execute(draft, input) {
    draft.state.rejection = { at: draft.nowIso, by: input.actor.username, reason: input.reason };
    draft.record('refused', input.actor.username, { reason: input.reason });
    close(draft, 'refused', input.actor.username);
  },
  settlesStatus: false,
  announces: true,
};

export function refuseDossier(ctx: EngineContext, procedure: CompiledProcedure, state: DossierState, input: RefuseInput, now: Date): ActionResult {
  return runCommand(refuseCommand, ctx, procedure, state, input, now);
}
