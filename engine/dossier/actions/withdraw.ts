// The citizen withdraws the dossier: every open task and timer ends, and it closes.

import type { CompiledProcedure } from '../../machine/compile.js';
import type { Command } from '../command.js';
import { runCommand } from '../command.js';
import type { EngineContext } from '../context.js';
import { dossierOpen } from '../guards.js';
import { close } from '../status.js';
import type { ActionResult, Actor, DossierState } from '../types.js';

export interface WithdrawInput {
  actor: Actor;
  reason?: string;
}

export const withdrawCommand: Command<WithdrawInput> = {
  verb: 'withdraw',
  guards: [dossierOpen],
  execute(draft, input) {
    draft.record('withdrawn', input.actor.username, { reason: input.reason ?? null });
    close(draft, 'withdrawn', input.actor.username);
  },
  // Closed by the command itself; there is nothing left to settle.
  settlesStatus: false,
  announces: true,
};

export function withdrawDossier(
  ctx: EngineContext,
  procedure: CompiledProcedure,
  state: DossierState,
  input: WithdrawInput,
  now: Date,
): ActionResult {
  return runCommand(withdrawCommand, ctx, procedure, state, input, now);
}
