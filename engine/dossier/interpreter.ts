// The interpreter of machine actions. The compiled xstate machine (engine/machine) only
// names what should happen — open a step, arm a timer, run a service; this file does it
// to the draft, then checks that no token is left stranded on a gateway.

import { DomainError } from '../errors.js';
import type { EngineAction } from '../machine/compile.js';
import type { MachineStep } from '../machine/transition.js';
import type { BoundaryEvent, FlowNode, ServiceTask, UserTask } from '../model/procedure.js';
import type { Draft } from './draft.js';
import { modelNode, nodeByStateKey } from './nodes.js';
import { boundaryFired, runService } from './services.js';
import { leaveStep, openStep } from './steps.js';
import { addTimer, armBoundary, disarmBoundaries, disarmTimer } from './timers.js';

/** Nodes the machine passes through within one action; resting on one means no flow matched. */
const TRANSIENT: ReadonlySet<FlowNode['type']> = new Set(['exclusiveGateway', 'parallelGateway', 'serviceTask', 'startEvent']);

/** Take a machine step: interpret its actions, then check nothing is left stranded on a gateway. */
export function applyMachine(draft: Draft, step: MachineStep): void {
  const { state, procedure } = draft;
  state.machine = step.snapshot;
  state.data = { ...step.snapshot.context.data };
  state.lastOutcome = step.snapshot.context.outcome;
  for (const action of step.actions) interpret(draft, action);
  if (step.done) return;
  for (const key of step.active) {
    const node = nodeByStateKey(procedure, key);
    if (node && TRANSIENT.has(node.type)) {
      throw new DomainError('NO_ROUTE.noMatch', { name: node.name || node.id }, { elementId: node.id });
    }
  }
}

function interpret(draft: Draft, action: EngineAction): void {
  const node = <T extends FlowNode>(id: string) => modelNode<T>(draft.procedure, id);
  switch (action.type) {
    case 'openStep':
      return openStep(draft, node<UserTask>(action.params.stepId));
    case 'leaveStep':
      return leaveStep(draft, action.params.stepId);
    case 'armBoundary':
      return armBoundary(draft, node<BoundaryEvent>(action.params.nodeId), action.params.hostId);
    case 'disarmBoundaries':
      return disarmBoundaries(draft, action.params.hostId);
    case 'armTimer': {
      const timerNode = node<FlowNode>(action.params.nodeId);
      if (timerNode.type === 'timerEvent') addTimer(draft, timerNode.id, 'intermediateTimer', timerNode.timer, null);
      return;
    }
    case 'disarmTimer':
      return disarmTimer(draft, action.params.nodeId);
    case 'runService':
      return runService(draft, node<ServiceTask>(action.params.nodeId));
    case 'boundaryFired':
      return boundaryFired(draft, node<BoundaryEvent>(action.params.nodeId));
  }
}
