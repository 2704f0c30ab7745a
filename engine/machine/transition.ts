// Applying an event to a dossier's machine with xstate's pure transition API: load the
// persisted snapshot, transition, hand back the next persisted snapshot and the engine
// actions to interpret. No actor lives between two requests.

import { initialTransition, transition, type AnyMachineSnapshot } from 'xstate';
import type { CompiledProcedure, EngineAction, MachineContext, MachineEvent } from './compile.js';

export interface MachineStep {
  /** JSON-safe persisted snapshot, saved with the dossier. */
  snapshot: PersistedMachine;
  actions: EngineAction[];
  /** The process reached its end event. */
  done: boolean;
  /** Ids of the leaf states active now (BPMN ids after key mapping). */
  active: string[];
}

export interface PersistedMachine {
  value: unknown;
  context: MachineContext;
  status: 'active' | 'done';
}

const ENGINE_ACTIONS = new Set([
  'openStep',
  'leaveStep',
  'armBoundary',
  'disarmBoundaries',
  'armTimer',
  'disarmTimer',
  'runService',
  'boundaryFired',
]);

function toStep(procedure: CompiledProcedure, snapshot: AnyMachineSnapshot, raw: unknown[]): MachineStep {
  const actions = raw
    .map((a) => a as { type: string; params?: unknown })
    .filter((a) => ENGINE_ACTIONS.has(a.type))
    .map((a) => ({ type: a.type, params: a.params }) as EngineAction);
  const persisted = procedure.machine.getPersistedSnapshot(snapshot) as unknown as { value: unknown; context: MachineContext };
  return {
    snapshot: {
      value: JSON.parse(JSON.stringify(persisted.value)),
      context: JSON.parse(JSON.stringify(persisted.context)),
      status: snapshot.status === 'done' ? 'done' : 'active',
    },
    actions,
    done: snapshot.status === 'done',
    active: leafKeys(snapshot.value),
  };
}

function leafKeys(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>).flatMap(([key, child]) => {
      const leaves = leafKeys(child);
      return leaves.length > 0 ? leaves : [key];
    });
  }
  return [];
}

export function startMachine(procedure: CompiledProcedure, data: Record<string, unknown>): MachineStep {
  const [snapshot, actions] = initialTransition(procedure.machine, { data });
  return toStep(procedure, snapshot, actions);
}

export function restoreMachine(procedure: CompiledProcedure, persisted: PersistedMachine): AnyMachineSnapshot {
  const snapshot = procedure.machine.resolveState({
    value: persisted.value as never,
    context: persisted.context,
  });
  return snapshot;
}

export function applyMachineEvent(
  procedure: CompiledProcedure,
  persisted: PersistedMachine,
  event: MachineEvent,
): MachineStep {
  const current = restoreMachine(procedure, persisted);
  const [next, actions] = transition(procedure.machine, current, event);
  return toStep(procedure, next, actions);
}
