// The citizen brings the missing papers: the pause ends, and the appointment, the open
// tasks' due dates and the timers move later by the working time the citizen took.

import { pausedTime, shiftByPause } from '../../deadlines/index.js';
import { DomainError } from '../../errors.js';
import type { CompiledProcedure } from '../../machine/compile.js';
import type { Command, Guard } from '../command.js';
import { runCommand } from '../command.js';
import type { EngineContext } from '../context.js';
import { dossierOpen } from '../guards.js';
import type { ActionResult, Actor, DossierState } from '../types.js';

export interface SupplementInput {
  actor: Actor;
  items: string[];
}

const paused: Guard<unknown> = (draft) => {
  if (!draft.state.pause) {
    throw new DomainError('DOSSIER_NOT_PAUSED');
  }
};

export const supplementCommand: Command<SupplementInput> = {
  verb: 'supplement',
  guards: [dossierOpen, paused],
  execute(draft, input) {
    const { state, now, dayCount } = draft;
    const { calendar } = draft.ctx;
    const pause = state.pause!;
    // Decree 61/2018 art. 19: the time already spent counts; the citizen's time does not.
    // Counted in whole minutes: the papers and the register show minutes, and a real clock
    // stops pauses at any second.
    const pausedMinutes = Math.round(pausedTime(calendar, new Date(pause.requestedAt), now, dayCount));
    const before = state.appointmentAt;
    if (pausedMinutes > 0) {
      const shift = (iso: string) => shiftByPause(calendar, new Date(iso), pausedMinutes, dayCount).toISOString();
      state.appointmentAt = shift(state.appointmentAt);
      for (const task of draft.openTasks()) {
        if (task.dueAt) task.dueAt = shift(task.dueAt);
        if (task.dueSoonAt) task.dueSoonAt = shift(task.dueSoonAt);
        draft.effects.push({ type: 'taskUpdated', task });
      }
      for (const timer of state.timers) timer.dueAt = shift(timer.dueAt);
    }
    state.pausedMinutes += pausedMinutes;
    state.pause = null;
    draft.record(
      'supplemented',
      input.actor.username,
      { items: input.items, pausedMinutes, requestedAt: pause.requestedAt },
      null,
      before,
    );
  },
  settlesStatus: true,
  announces: true,
};

export function supplementDossier(
  ctx: EngineContext,
  procedure: CompiledProcedure,
  state: DossierState,
  input: SupplementInput,
  now: Date,
): ActionResult {
  return runCommand(supplementCommand, ctx, procedure, state, input, now);
}
