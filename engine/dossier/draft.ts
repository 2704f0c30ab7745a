// A working copy of one dossier during one action. The command frame (command.ts) clones
// the state into a Draft, the action changes the copy, and the frame returns it with the
// effects and history rows it produced — so a refused action (a thrown DomainError)
// leaves the caller's state untouched, and the caller saves all of it in one transaction
// or none of it.

import { DEFAULT_POLICY, type DeadlinePolicy } from '../deadlines/index.js';
import type { CompiledProcedure } from '../machine/compile.js';
import type { EngineContext } from './context.js';
import type { ActionResult, DossierState, Effect, HistoryEvent, Task } from './types.js';

export class Draft {
  readonly state: DossierState;
  readonly effects: Effect[] = [];
  readonly events: HistoryEvent[] = [];
  readonly nowIso: string;
  readonly policy: DeadlinePolicy;

  constructor(
    readonly ctx: EngineContext,
    readonly procedure: CompiledProcedure,
    state: DossierState,
    readonly now: Date,
  ) {
    this.state = structuredClone(state);
    this.nowIso = now.toISOString();
    this.policy = ctx.policy ?? DEFAULT_POLICY;
  }

  get dayCount() {
    return this.procedure.model.dayCount;
  }

  /**
   * Where a step or timer opened now starts counting: not before the dossier's own
   * counting start. A dossier received after the cutoff counts from the next working day
   * (engine/deadlines/appointment.ts), and so do the steps opened at its receipt.
   */
  get countingNow(): Date {
    const from = new Date(this.state.countingFrom);
    return from.getTime() > this.now.getTime() ? from : this.now;
  }

  result(): ActionResult {
    return { state: this.state, effects: this.effects, events: this.events };
  }

  /** Append one history row: who did what now, with the appointment before and after. */
  record(
    type: HistoryEvent['type'],
    actor: string | null,
    details: Record<string, unknown> = {},
    task?: Task | null,
    appointmentBefore: string | null = null,
  ): void {
    this.events.push({
      type,
      at: this.nowIso,
      actor,
      taskId: task?.id ?? null,
      stepId: task?.stepId ?? null,
      details,
      appointmentBefore,
      appointmentAfter: appointmentBefore === null ? null : this.state.appointmentAt,
    });
  }

  openTasks(): Task[] {
    return openTasks(this.state);
  }
}

export function openTasks(state: DossierState): Task[] {
  return state.tasks.filter((t) => t.state === 'open');
}
