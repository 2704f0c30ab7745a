// Online filing (nộp hồ sơ trực tuyến, issue 17): a citizen files on the citizens' page,
// or the National Public Service Portal hands over what was filed there. The dossier
// exists with its code and lookup secret but is not yet received: status `submitted`
// (national status 1), no step open, the clock not running. A desk then accepts it
// (actions/accept.ts: the appointment counts from acceptance) or refuses it with a reason
// (actions/refuse.ts: status `refused`, national status 3).
//
// The appointment written now is provisional — what it would be if the desk accepted at
// once — so the citizen's lookup and the portal see a date; acceptance computes it again.

import { checkDossierData } from '../data.js';
import type { CompiledProcedure } from '../../machine/compile.js';
import type { Command } from '../command.js';
import { runCommand } from '../command.js';
import type { EngineContext } from '../context.js';
import type { ActionResult } from '../types.js';
import { initialState, type ReceiveInput } from './receive.js';

export type SubmitInput = Omit<ReceiveInput, 'completesReceptionStep' | 'channel'>;

export const submitCommand: Command<SubmitInput> = {
  verb: 'submit',
  guards: [],
  execute(draft, input) {
    const { state } = draft;
    state.status = 'submitted';
    state.submittedAt = draft.nowIso;
    draft.record('submitted', input.actor.username, {
      channel: state.channel,
      competentAgency: state.competentAgency,
      ...(state.returnAt !== state.receivingAgency ? { returnAt: state.returnAt } : {}),
    });
  },
  // Submitted stays submitted: nothing runs until a desk accepts.
  settlesStatus: false,
  announces: true,
};

export function submitDossier(ctx: EngineContext, procedure: CompiledProcedure, input: SubmitInput, now: Date): ActionResult {
  checkDossierData(input.data);
  return runCommand(submitCommand, ctx, procedure, initialState(ctx, procedure, { ...input, channel: 'online' }, now), input, now);
}
