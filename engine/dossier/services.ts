// Service tasks run inside the action that reaches them — a notification, or the result
// being issued — and a fired boundary event runs the notifications on its path.

import type { BoundaryEvent, ServiceTask } from '../model/procedure.js';
import type { Draft } from './draft.js';
import { receivingDeskOf } from './places.js';

export function runService(draft: Draft, node: ServiceTask): void {
  if (node.action === 'notify') {
    draft.effects.push({
      type: 'notify',
      nodeId: node.id,
      role: node.role ?? 'reception',
      // The receiving center's desk as it is today (a merged one's successor).
      agencyCode: receivingDeskOf(draft.ctx.agencies, draft.state),
      message: node.name || node.id,
    });
  } else {
    draft.state.data = { ...draft.state.data, resultIssuedAt: draft.nowIso };
    draft.effects.push({ type: 'resultIssued', nodeId: node.id });
  }
}

export function boundaryFired(draft: Draft, boundary: BoundaryEvent): void {
  const host = draft.openTasks().find((t) => t.stepId === boundary.attachedTo) ?? null;
  draft.record('timerFired', null, { nodeId: boundary.id, interrupting: boundary.interrupting, trigger: boundary.trigger.kind }, host);
  if (boundary.interrupting) return;
  // A non-interrupting boundary only runs the notifications on its path.
  let flowId = boundary.outgoing[0];
  const container = draft.procedure.nodes.get(boundary.id)!.container;
  const seen = new Set<string>();
  while (flowId && !seen.has(flowId)) {
    seen.add(flowId);
    const next = container.nodes[container.flows[flowId]?.target ?? ''];
    if (next?.type !== 'serviceTask') break;
    runService(draft, next);
    flowId = next.outgoing[0];
  }
}
