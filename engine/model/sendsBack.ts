// A "send back" (trả lại, làm lại): an outcome whose way leads back to the step it leaves —
// the head returns a draft to the specialist. The web app shows it apart from the outcome
// that moves the dossier on (approve and send back must not look alike), and the engine
// asks a reason for it and gives the step back to who did it (engine/dossier/steps.ts).
import type { Container } from './procedure.js';

/** Does taking `flowId` out of `stepId` lead, along the flows of the same container, back to `stepId`? */
export function flowSendsBack(container: Container, stepId: string, flowId: string): boolean {
  const first = container.flows[flowId]?.target;
  if (first === undefined) return false;
  const seen = new Set<string>();
  const queue = [first];
  while (queue.length > 0) {
    const id = queue.shift()!;
    if (id === stepId) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const next of container.nodes[id]?.outgoing ?? []) {
      const target = container.flows[next]?.target;
      if (target !== undefined) queue.push(target);
    }
  }
  return false;
}
