// Reception hands the result over (trả kết quả). Open `return` steps are completed by
// it; completing the modelled return step is the hand-over itself (CONTRACT.md §6.2).

import { DomainError } from '../../errors.js';
import type { CompiledProcedure } from '../../machine/compile.js';
import type { Command, Guard } from '../command.js';
import { runCommand } from '../command.js';
import type { EngineContext } from '../context.js';
import { assertMayAct, dossierOpen } from '../guards.js';
import { close, settleStatus } from '../status.js';
import type { ActionResult, Actor, DossierState } from '../types.js';
import { completeInDraft } from './complete.js';

export interface ReturnInput {
  actor: Actor;
  comment?: string;
}

const awaitingReturn: Guard<unknown> = (draft) => {
  if (draft.state.status !== 'awaitingReturn') {
    throw new DomainError('NOT_AWAITING_RETURN', {}, { status: draft.state.status });
  }
};

export const returnCommand: Command<ReturnInput> = {
  verb: 'return',
  guards: [dossierOpen, awaitingReturn],
  execute(draft, input) {
    for (const task of draft.openTasks()) {
      assertMayAct(task, input.actor);
      completeInDraft(draft, task.id, { taskId: task.id, actor: input.actor, comment: input.comment ?? null });
    }
    // Settled here, not by the frame: a completed return step has already closed the
    // dossier; otherwise (a model without one) the desk's hand-over closes it now.
    settleStatus(draft);
    if ((draft.state.status as DossierState['status']) !== 'returned') close(draft, 'returned', input.actor.username);
  },
  settlesStatus: false,
  announces: true,
};

export function returnResult(
  ctx: EngineContext,
  procedure: CompiledProcedure,
  state: DossierState,
  input: ReturnInput,
  now: Date,
): ActionResult {
  return runCommand(returnCommand, ctx, procedure, state, input, now);
}
