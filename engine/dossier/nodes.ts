// Look-ups of the procedure's model elements by BPMN id or by machine state key, for the
// interpreter of machine actions.

import { stateKey, type CompiledProcedure } from '../machine/compile.js';
import type { FlowNode } from '../model/procedure.js';
import { DomainError } from '../errors.js';

/** The element with this BPMN id; a missing one means the compiled model is broken. */
export function modelNode<T extends FlowNode>(procedure: CompiledProcedure, id: string): T {
  const found = procedure.nodes.get(id);
  if (!found) throw new DomainError('INVALID_MODEL.noElement', { elementId: id });
  return found.node as T;
}

/** The element an active machine state stands for, if any. */
export function nodeByStateKey(procedure: CompiledProcedure, key: string): FlowNode | undefined {
  for (const { node } of procedure.nodes.values()) if (stateKey(node.id) === key) return node;
  return undefined;
}
