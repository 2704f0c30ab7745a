// The command frame every dossier action runs in — the command-handler idea of
// diagram-js, in plain TypeScript. A command declares what it checks (its guards), what
// it does to a working copy (execute), and whether the dossier status follows from the
// result and the agencies are told the dossier changed. runCommand does the rest once:
//
//   clone the state into a Draft → guards → execute → settle the status → announce
//   `dossierUpdated` → return { state, effects, events }
//
// Each action stays a pure function (context, procedure, state, input, now) → result
// (README "Architecture"): a thrown DomainError leaves the caller's state untouched and
// no effects escape, so the server saves all of an action or none of it.

import type { CompiledProcedure } from '../machine/compile.js';
import type { EngineContext } from './context.js';
import { Draft } from './draft.js';
import { settleStatus } from './status.js';
import type { ActionResult, DossierState } from './types.js';

/** A check before any change: throws a DomainError to refuse, never writes to the draft. */
export type Guard<I> = (draft: Draft, input: I) => void;

export interface Command<I> {
  /** The verb (receive, claim, …): names the command in tests and diagnostics. */
  readonly verb: string;
  /** Run in order; the first to throw refuses the command before execute runs. */
  readonly guards: readonly Guard<I>[];
  /** The change itself, on the working copy. May still refuse (a model with no route). */
  execute(draft: Draft, input: I): void;
  /** Let the status follow from the machine, the pause and the open tasks afterwards (status.ts). */
  readonly settlesStatus: boolean;
  /**
   * Announce `dossierUpdated` — what the dossier:updated event carries (status, result,
   * holding agency, appointment) may have changed. Task-only commands (claim, the
   * deadline check) announce through their own task effects instead.
   */
  readonly announces: boolean;
}

export function runCommand<I>(
  command: Command<I>,
  ctx: EngineContext,
  procedure: CompiledProcedure,
  state: DossierState,
  input: I,
  now: Date,
): ActionResult {
  const draft = new Draft(ctx, procedure, state, now);
  for (const guard of command.guards) guard(draft, input);
  command.execute(draft, input);
  if (command.settlesStatus) settleStatus(draft);
  // A new dossier (receive, submit) had no status before.
  const statusBefore = command.verb === 'receive' || command.verb === 'submit' ? null : state.status;
  if (command.announces) draft.effects.push({ type: 'dossierUpdated', verb: command.verb, status: draft.state.status, statusBefore });
  return draft.result();
}
