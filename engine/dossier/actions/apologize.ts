// Circular 01/2018 form 04: the agency at fault apologizes and sets a new appointment.

import { DomainError } from '../../errors.js';
import type { CompiledProcedure } from '../../machine/compile.js';
import type { Command, Guard } from '../command.js';
import { runCommand } from '../command.js';
import type { EngineContext } from '../context.js';
import { actsForDossier, dossierOpen } from '../guards.js';
import type { ActionResult, Actor, DossierState } from '../types.js';

export interface ApologizeInput {
  actor: Actor;
  reason: string;
  newAppointmentAt: string;
}

/**
 * Decree 118/2025 (as Decree 61/2018 art. 19 before it): the apology and the new
 * appointment are sent before the appointment passes. After it, the dossier is simply
 * late; an apology then would hide nothing and is refused with its own code.
 */
const beforeAppointment: Guard<unknown> = (draft) => {
  if (draft.now.getTime() > new Date(draft.state.appointmentAt).getTime()) {
    throw new DomainError('APPOINTMENT_PASSED', {}, { appointmentAt: draft.state.appointmentAt });
  }
};

/** The new appointment is later than the current one, and in the future. */
const laterAppointment: Guard<ApologizeInput> = (draft, input) => {
  const next = new Date(input.newAppointmentAt);
  const current = new Date(draft.state.appointmentAt);
  if (Number.isNaN(next.getTime()) || next <= current || next <= draft.now) {
    throw new DomainError('INVALID_APPOINTMENT', {}, { appointmentAt: draft.state.appointmentAt });
  }
};

export const apologizeCommand: Command<ApologizeInput> = {
  verb: 'apologize',
  guards: [dossierOpen, actsForDossier, beforeAppointment, laterAppointment],
  execute(draft, input) {
    const next = new Date(input.newAppointmentAt).toISOString();
    const before = draft.state.appointmentAt;
    draft.state.apologies.push({
      at: draft.nowIso,
      by: input.actor.username,
      reason: input.reason,
      previousAppointmentAt: before,
      newAppointmentAt: next,
    });
    draft.state.appointmentAt = next;
    draft.record('apologized', input.actor.username, { reason: input.reason }, null, before);
  },
  // Only the appointment moves; the status stays what it was.
  settlesStatus: false,
  announces: true,
};

export function apologize(
  ctx: EngineContext,
  procedure: CompiledProcedure,
  state: DossierState,
  input: ApologizeInput,
  now: Date,
): ActionResult {
  return runCommand(apologizeCommand, ctx, procedure, state, input, now);
}
