// The scheduler fires a timer that fell due (boundary, intermediate or escalation). A
// paused dossier's timers wait: the pause moves them later when it ends (supplement.ts).

import { DomainError } from '../../errors.js';
import type { CompiledProcedure } from '../../machine/compile.js';
import { applyMachineEvent, type PersistedMachine } from '../../machine/transition.js';
import type { Command, Guard } from '../command.js';
import { runCommand } from '../command.js';
import type { EngineContext } from '../context.js';
import { dossierOpen, notPaused } from '../guards.js';
import { applyMachine } from '../interpreter.js';
import { rearmCycle } from '../timers.js';
import type { ActionResult, DossierState } from '../types.js';
import { firstRung } from '../../deadlines/index.js';

export interface FireTimerInput {
  timerId: string;
}

const timerArmed: Guard<FireTimerInput> = (draft, input) => {
  if (!draft.state.timers.some((t) => t.id === input.timerId)) {
    throw new DomainError('TIMER_NOT_FOUND', { timerId: input.timerId });
  }
};

export const fireTimerCommand: Command<FireTimerInput> = {
  verb: 'fireTimer',
  guards: [dossierOpen, notPaused, timerArmed],
  execute(draft, input) {
    const { procedure } = draft;
    const timer = draft.state.timers.find((t) => t.id === input.timerId)!;
    draft.state.timers = draft.state.timers.filter((t) => t.id !== timer.id);
    const node = procedure.nodes.get(timer.nodeId)?.node;
    if (node?.type === 'boundaryEvent' && node.trigger.kind === 'timer' && node.trigger.timer.kind === 'cycle') {
      rearmCycle(draft, timer, node);
    }
    applyMachine(draft, applyMachineEvent(procedure, draft.state.machine as PersistedMachine, { type: 'TIMER', nodeId: timer.nodeId }));
    if (timer.kind === 'escalation' && timer.taskId) {
      const task = draft.state.tasks.find((t) => t.id === timer.taskId);
      if (task) {
        // The model's escalation boundary stands in for the ladder's first rung: its audience.
        const rung = firstRung(draft.policy);
        task.escalationLevel = Math.max(task.escalationLevel, rung.level);
        draft.effects.push({ type: 'escalated', task, level: task.escalationLevel, notify: [...rung.notify] });
      }
    }
  },
  settlesStatus: true,
  announces: true,
};

export function fireTimer(
  ctx: EngineContext,
  procedure: CompiledProcedure,
  state: DossierState,
  input: FireTimerInput,
  now: Date,
): ActionResult {
  return runCommand(fireTimerCommand, ctx, procedure, state, input, now);
}
