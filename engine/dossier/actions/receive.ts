// Receipt (tiếp nhận): the desk, the portal or the post office takes the dossier in.
// The appointment is computed once here from the procedure's time limit and the office
// calendar (engine/deadlines/appointment.ts); the machine starts and opens the first steps.

import { checkDossierData, checkDossierFields } from '../data.js';
import { computeAppointment } from '../../deadlines/index.js';
import { DomainError } from '../../errors.js';
import type { CompiledProcedure } from '../../machine/compile.js';
import { startMachine } from '../../machine/transition.js';
import type { Command } from '../command.js';
import { runCommand } from '../command.js';
import type { EngineContext } from '../context.js';
import { applyMachine } from '../interpreter.js';
import { completeReceptionStep } from '../receptionStep.js';
import { checkIntake } from '../places.js';
import type { ActionResult, Actor, Channel, DossierState } from '../types.js';

export interface ReceiveInput {
  id: string;
  code: string;
  receivingAgency: string;
  /** The agency competent to decide (Decree 118/2025); default the receiving agency. */
  competentAgency?: string | null;
  /** Where the result is returned: an agency code or `post`; default the receiving agency. */
  returnAt?: string | null;
  channel?: Channel;
  data?: Record<string, unknown>;
  actor: Actor;
  /**
   * A clerk at the desk received it: the receipt is the procedure's reception step, which
   * is completed with it (engine/dossier/receptionStep.ts). Absent: the step stays open.
   */
  completesReceptionStep?: boolean;
}

/** A new dossier has nothing to guard: the checks are on the input, before the state exists. */
export const receiveCommand: Command<ReceiveInput> = {
  verb: 'receive',
  guards: [],
  execute(draft, input) {
    const { state } = draft;
    draft.record('received', input.actor.username, {
      channel: state.channel,
      // Who decides and where the result goes are part of what was agreed at the desk.
      ...(state.competentAgency !== state.receivingAgency ? { competentAgency: state.competentAgency } : {}),
      ...(state.returnAt !== state.receivingAgency ? { returnAt: state.returnAt } : {}),
      countingFrom: state.countingFrom,
      timeLimit: draft.procedure.model.timeLimit,
    }, null, null);
    draft.events[0].appointmentAfter = state.appointmentAt;
    applyMachine(draft, startMachine(draft.procedure, state.data));
    if (input.completesReceptionStep) completeReceptionStep(draft, input.actor);
  },
  settlesStatus: true,
  announces: true,
};

export function receiveDossier(
  ctx: EngineContext,
  procedure: CompiledProcedure,
  input: ReceiveInput,
  now: Date,
): ActionResult {
  checkDossierData(input.data);
  // The procedure's fields (`<mc:field>`): required ones given, each of its type.
  checkDossierFields(procedure.model.fields, input.data);
  return runCommand(receiveCommand, ctx, procedure, initialState(ctx, procedure, input, now), input, now);
}

/** The state of a dossier received now: appointment set, nothing open yet (also a filing's, actions/submit.ts). */
export function initialState(ctx: EngineContext, procedure: CompiledProcedure, input: ReceiveInput, now: Date): DossierState {
  const { model } = procedure;
  const { competentAgency, returnAt } = checkIntake(ctx.agencies, model, input);
  if (!model.timeLimit) {
    throw new DomainError('INVALID_MODEL.noTimeLimit');
  }
  const { countingFrom, appointmentAt } = computeAppointment(ctx.calendar, now, model.timeLimit, model.dayCount, {
    cutoff: model.cutoff ?? undefined,
  });
  return {
    id: input.id,
    code: input.code,
    procedureKey: model.key,
    procedureVersion: procedure.version,
    status: 'received',
    result: null,
    channel: input.channel ?? 'desk',
    receivingAgency: input.receivingAgency,
    competentAgency,
    returnAt,
    holdingAgency: input.receivingAgency,
    receivedAt: now.toISOString(),
    countingFrom: countingFrom.toISOString(),
    appointmentAt: appointmentAt.toISOString(),
    originalAppointmentAt: appointmentAt.toISOString(),
    pause: null,
    pausedMinutes: 0,
    apologies: [],
    data: { ...(input.data ?? {}) },
    lastOutcome: null,
    machine: null,
    tasks: [],
    timers: [],
    seq: 0,
    resolvedAt: null,
    returnedAt: null,
    closedAt: null,
    rejection: null,
  };
}
