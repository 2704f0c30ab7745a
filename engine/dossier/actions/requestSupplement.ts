// An agency holding the dossier asks the citizen for missing papers: the clock pauses
// from now until the supplement arrives (Decree 61/2018 art. 19; supplement.ts).

import type { CompiledProcedure } from '../../machine/compile.js';
import type { Command } from '../command.js';
import { runCommand } from '../command.js';
import type { EngineContext } from '../context.js';
import { actsForDossier, dossierOpen, notPaused } from '../guards.js';
import { receivingDeskOf } from '../places.js';
import type { ActionResult, Actor, DossierState } from '../types.js';

export interface RequestSupplementInput {
  actor: Actor;
  reason: string;
  items: string[];
  /** Local date `YYYY-MM-DD` to bring the papers by (shown on the citizen's lookup); optional. */
  bringBy?: string | null;
}

export const requestSupplementCommand: Command<RequestSupplementInput> = {
  verb: 'requestSupplement',
  guards: [dossierOpen, notPaused, actsForDossier],
  execute(draft, input) {
    draft.state.pause = {
      requestedAt: draft.nowIso,
      requestedBy: input.actor.username,
      reason: input.reason,
      items: [...input.items],
      bringBy: input.bringBy ?? null,
    };
    draft.record('supplementRequested', input.actor.username, {
      reason: input.reason,
      items: input.items,
      ...(input.bringBy ? { bringBy: input.bringBy } : {}),
    });
    draft.effects.push({
      type: 'notify',
      nodeId: null,
      role: 'reception',
      // The citizen supplements at the desk that received the dossier (its successor once merged).
      agencyCode: receivingDeskOf(draft.ctx.agencies, draft.state),
      message: `Yêu cầu bổ sung hồ sơ ${draft.state.code}: ${input.items.join(', ')}`,
    });
  },
  settlesStatus: true,
  announces: true,
};

export function requestSupplement(
  ctx: EngineContext,
  procedure: CompiledProcedure,
  state: DossierState,
  input: RequestSupplementInput,
  now: Date,
): ActionResult {
  return runCommand(requestSupplementCommand, ctx, procedure, state, input, now);
}
