// Does the model give this step its own escalation boundary event? Then the model decides
// what happens when it runs late, and the policy's escalation ladder stays out of it —
// both the deadline check (actions/checkDeadlines.ts) and the scheduler's wake-up
// instant (wake.ts) ask.

import type { CompiledProcedure } from '../machine/compile.js';

export function hasEscalationBoundary(procedure: CompiledProcedure, stepId: string): boolean {
  const step = procedure.nodes.get(stepId)?.node;
  if (step?.type !== 'userTask') return false;
  return step.boundary.some((id) => {
    const b = procedure.nodes.get(id)?.node;
    return b?.type === 'boundaryEvent' && b.trigger.kind === 'escalation';
  });
}
