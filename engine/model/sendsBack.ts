// A "send back" (trả lại, làm lại): an outcome whose way goes back against the direction of
// the process — the head returns a draft to the specialist. The web app shows it apart
// from the outcome that moves the dossier on (approve and send back must not look alike),
// and the engine asks a reason for it and gives the step back to who did it
// (engine/dossier/steps.ts).
//
// "Back" is a back edge of the process graph: a depth-first walk from the start events
// meets it pointing at a node still on the walk's path (an ancestor). Reachability alone
// is not enough: in a model with a rework loop every step can reach every other, so
// "Đủ điều kiện" (grant) out of a draft would pass for a send-back because the review
// after it may send the draft back again.
import type { Container } from './procedure.js';

const backEdgesOf = new WeakMap<Container, ReadonlySet<string>>();

/** The flows of `container` that close a loop (point at a node on the depth-first path from a start). */
export function backEdges(container: Container): ReadonlySet<string> {
  const known = backEdgesOf.get(container);
  if (known) return known;
  const back = new Set<string>();
  const state = new Map<string, 'open' | 'done'>();
  const visit = (start: string) => {
    // Iterative depth-first walk: [node, index of the next outgoing flow to try].
    const stack: Array<[string, number]> = [[start, 0]];
    state.set(start, 'open');
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const outgoing = container.nodes[top[0]]?.outgoing ?? [];
      if (top[1] >= outgoing.length) {
        state.set(top[0], 'done');
        stack.pop();
        continue;
      }
      const flowId = outgoing[top[1]++];
      const target = container.flows[flowId]?.target;
      if (target === undefined || container.nodes[target] === undefined) continue;
      const seen = state.get(target);
      if (seen === 'open') back.add(flowId);
      else if (seen === undefined) {
        state.set(target, 'open');
        stack.push([target, 0]);
      }
    }
  };
  const nodes = Object.values(container.nodes);
  for (const node of nodes) if (node.type === 'startEvent') visit(node.id);
  // Nodes no start reaches (a boundary event's path): walked from themselves.
  for (const node of nodes) if (!state.has(node.id) && (node.incoming ?? []).length === 0) visit(node.id);
  backEdgesOf.set(container, back);
  return back;
}

const PASSES_THROUGH = new Set(['exclusiveGateway', 'parallelGateway']);

/**
 * Does taking `flowId` out of `stepId` send the dossier back: does its way, before it
 * reaches the next activity, take a flow that closes a loop? `stepId` is the step the
 * outcome leaves (kept for callers; the graph alone decides).
 */
export function flowSendsBack(container: Container, _stepId: string, flowId: string): boolean {
  const back = backEdges(container);
  const seen = new Set<string>();
  const queue = [flowId];
  while (queue.length > 0) {
    const id = queue.shift()!;
    if (seen.has(id)) continue;
    seen.add(id);
    if (back.has(id)) return true;
    const target = container.flows[id]?.target;
    const node = target === undefined ? undefined : container.nodes[target];
    if (!node || !PASSES_THROUGH.has(node.type)) continue;
    queue.push(...(node.outgoing ?? []));
  }
  return false;
}
