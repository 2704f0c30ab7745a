// A desk accepts a dossier filed online (tiếp nhận hồ sơ trực tuyến, issue 17): it becomes
// `received` (national status 2) and everything a receipt does happens now — the
// appointment counts from this instant (CONTRACT.md §6.3), the machine starts, the first
// steps open, and the clerk's acceptance is the procedure's reception step
// (receptionStep.ts), as a receipt at the desk is.

import { computeAppointment } from '../../deadlines/index.js';
import type { CompiledProcedure } from '../../machine/compile.js';
import { startMachine } from '../../machine/transition.js';
import type { Command } from '../command.js';
import { runCommand } from '../command.js';
import type { EngineContext } from '../context.js';
import { actsForDossier, submittedOnly } from '../guards.js';
import { applyMachine } from '../interpreter.js';
import { completeReceptionStep } from '../receptionStep.js';
import type { ActionResult, Actor, DossierState } from '../types.js';

export interface AcceptInput {
  actor: Actor;
}

export const acceptCommand: Command<AcceptInput> = {
  verb: 'accept',
  // The desk of an agency of the dossier (its receiving or competent agency) decides.
  guards: [submittedOnly, actsForDossier],
  execute(draft, input) {
    const { state, procedure } = draft;
    const model = procedure.model;
    const before = state.appointmentAt;
    // Counting starts at acceptance, not at filing (an online filing at night counts from the desk's morning).
    const { countingFrom, appointmentAt } = computeAppointment(draft.ctx.calendar, draft.now, model.timeLimit!, model.dayCount, {
      cutoff: model.cutoff ?? undefined,
    });
    state.status = 'received';
    state.receivedAt = draft.nowIso;
    state.countingFrom = countingFrom.toISOString();
    state.appointmentAt = appointmentAt.toISOString();
    state.originalAppointmentAt = state.appointmentAt;
    draft.record('received', input.actor.username, {
      channel: state.channel,
      accepted: true,
      submittedAt: state.submittedAt ?? null,
      ...(state.competentAgency !== state.receivingAgency ? { competentAgency: state.competentAgency } : {}),
      countingFrom: state.countingFrom,
      timeLimit: model.timeLimit,
    }, null, before);
    applyMachine(draft, startMachine(procedure, state.data));
    completeReceptionStep(draft, input.actor);
  },
  settlesStatus: true,
  announces: true,
};

export function acceptDossier(ctx: EngineContext, procedure: CompiledProcedure, state: DossierState, input: AcceptInput, now: Date): ActionResult {
  return runCommand(acceptCommand, ctx, procedure, state, input, now);
}
