// Procedure model → xstate v5 machine. Each BPMN node becomes a state: user tasks wait
// for COMPLETE, gateways and service tasks are eventless (`always`) states, parallel
// blocks become parallel states whose regions end in a final `__join`, sub-processes
// become compound states. The machine itself has no side effects: entry and exit
// actions are named action objects (`openStep`, `armBoundary`, …) that xstate's pure
// `transition()` hands back and engine/dossier interprets into tasks and timers.

import { assign, setup, type AnyStateMachine } from 'xstate';
import { DomainError } from '../errors.js';
import { evaluateCondition } from '../expressions/index.js';
import type { Container, FlowNode, ProcedureModel, SequenceFlow, SubProcess, UserTask } from '../model/procedure.js';
import { hasErrors } from '../model/problem.js';
import { analyzeStructure, directNodes, isParallelSplit, type StructureAnalysis } from '../model/structure.js';
import { isReturnStep } from '../model/returnStep.js';
import { flowSendsBack } from '../model/sendsBack.js';

export interface MachineContext {
  data: Record<string, unknown>;
  outcome: string | null;
}

export type MachineEvent =
  | { type: 'COMPLETE'; stepId: string; outcome: string | null; data?: Record<string, unknown> }
  | { type: 'TIMER'; nodeId: string };

/** Engine action objects the lifecycle interprets (params are plain data). */
export type EngineAction =
  | { type: 'openStep'; params: { stepId: string } }
  | { type: 'leaveStep'; params: { stepId: string } }
  | { type: 'armBoundary'; params: { nodeId: string; hostId: string } }
  | { type: 'disarmBoundaries'; params: { hostId: string } }
  | { type: 'armTimer'; params: { nodeId: string } }
  | { type: 'disarmTimer'; params: { nodeId: string } }
  | { type: 'runService'; params: { nodeId: string } }
  | { type: 'boundaryFired'; params: { nodeId: string; interrupting: boolean } };

export interface FlowGuardParams {
  outcome: string | null;
  condition: string | null;
  [key: string]: unknown;
}

export interface Outcome {
  key: string;
  label: string;
  flowId: string;
  /** Its way leads back to the step (a send-back, engine/model/sendsBack.ts): a reason is required. */
  sendsBack: boolean;
}

export interface IndexedNode {
  node: FlowNode;
  container: Container;
}

export interface CompiledProcedure {
  model: ProcedureModel;
  version: number;
  machine: AnyStateMachine;
  /** Every node of the process and its sub-processes, by BPMN id. */
  nodes: Map<string, IndexedNode>;
  /** Outcomes a clerk may pick when completing each user task. */
  outcomes: Map<string, Outcome[]>;
  /** User tasks whose completion hands the result to the citizen (engine/model/returnStep.ts). */
  returnSteps: ReadonlySet<string>;
}

const JOIN_KEY = '__join';

export function stateKey(id: string): string {
  // xstate uses '.' and '#' in target paths; BPMN ids may contain '.'.
  return id.replace(/[.#]/g, '_');
}

function flowMatches(p: FlowGuardParams, scope: Record<string, unknown>): boolean {
  if (p.outcome !== null && scope.outcome !== p.outcome) return false;
  if (p.condition !== null && !evaluateCondition(p.condition, scope)) return false;
  return true;
}

const noop = () => undefined;

const engineSetup = setup({
  types: {} as {
    context: MachineContext;
    events: MachineEvent;
    input: { data?: Record<string, unknown> } | undefined;
  },
  guards: {
    isStep: ({ event }, p: { stepId: string }) => event.type === 'COMPLETE' && event.stepId === p.stepId,
    isTimer: ({ event }, p: { nodeId: string }) => event.type === 'TIMER' && event.nodeId === p.nodeId,
    completesVia: ({ event, context }, p: FlowGuardParams & { stepId: string }) =>
      event.type === 'COMPLETE' &&
      event.stepId === p.stepId &&
      flowMatches(p, { ...context.data, ...(event.data ?? {}), outcome: event.outcome }),
    flowTaken: ({ context }, p: FlowGuardParams) => flowMatches(p, { ...context.data, outcome: context.outcome }),
  },
  actions: {
    record: assign(({ event, context }) =>
      event.type === 'COMPLETE'
        ? { outcome: event.outcome ?? null, data: { ...context.data, ...(event.data ?? {}) } }
        : {},
    ),
    openStep: noop,
    leaveStep: noop,
    armBoundary: noop,
    disarmBoundaries: noop,
    armTimer: noop,
    disarmTimer: noop,
    runService: noop,
    boundaryFired: noop,
  },
});

type StateConfig = Record<string, unknown>;

class Compiler {
  readonly nodes = new Map<string, IndexedNode>();
  readonly outcomes = new Map<string, Outcome[]>();
  readonly returnSteps = new Set<string>();
  private readonly analyses = new Map<string, StructureAnalysis>();

  constructor(private readonly model: ProcedureModel) {}

  compile(): AnyStateMachine {
    this.index(this.model.root);
    const problems = [...this.analyses.values()].flatMap((a) => a.problems);
    if (hasErrors(problems)) {
      throw new DomainError('INVALID_MODEL.cannotRun', {}, problems);
    }
    const { initial, states } = this.compileContainer(this.model.root);
    const machine = engineSetup.createMachine({
      id: stateKey(this.model.key),
      context: ({ input }) => ({ data: { ...(input?.data ?? {}) }, outcome: null }),
      initial,
      states: states as never,
    });
    return machine as unknown as AnyStateMachine;
  }

  private index(container: Container): void {
    this.analyses.set(container.id, analyzeStructure(container));
    for (const node of Object.values(container.nodes)) {
      this.nodes.set(node.id, { node, container });
      if (node.type === 'userTask') {
        this.outcomes.set(node.id, this.outcomesOf(node, container));
        if (isReturnStep(node, container)) this.returnSteps.add(node.id);
      }
      if (node.type === 'subProcess') this.index(node.container);
    }
  }

  private outcomesOf(task: UserTask, container: Container): Outcome[] {
    const out: Outcome[] = [];
    for (const flowId of task.outgoing) {
      const flow = container.flows[flowId];
      if (!flow) continue;
      if (flow.outcome !== null) out.push({ key: flow.outcome, label: flow.name || flow.outcome, flowId, sendsBack: flowSendsBack(container, task.id, flowId) });
      const next = container.nodes[flow.target];
      if (next?.type === 'exclusiveGateway' && task.outgoing.length === 1) {
        for (const gFlowId of next.outgoing) {
          const g = container.flows[gFlowId];
          if (g?.outcome != null) out.push({ key: g.outcome, label: g.name || g.outcome, flowId: gFlowId, sendsBack: flowSendsBack(container, task.id, gFlowId) });
        }
      }
    }
    return out;
  }

  private compileContainer(container: Container): { initial: string; states: StateConfig } {
    const starts = Object.values(container.nodes).filter((n) => n.type === 'startEvent');
    if (starts.length !== 1) {
      throw new DomainError('INVALID_MODEL.startEvents', {}, [
        { elementId: container.id, code: 'NO_START_EVENT' },
      ]);
    }
    const all = new Set(Object.keys(container.nodes));
    const states = this.compileRegion(container, all, null);
    return { initial: stateKey(starts[0].id), states };
  }

  private compileRegion(container: Container, region: Set<string>, joinId: string | null): StateConfig {
    const analysis = this.analyses.get(container.id)!;
    const states: StateConfig = {};
    for (const id of directNodes(region, analysis)) {
      const node = container.nodes[id];
      if (!node || node.type === 'boundaryEvent') continue;
      states[stateKey(id)] = this.compileNode(container, node, joinId);
    }
    return states;
  }

  private target(container: Container, flowId: string, joinId: string | null): string {
    const flow = container.flows[flowId];
    if (!flow) throw new DomainError('INVALID_MODEL.missingFlow', { flowId });
    return flow.target === joinId ? JOIN_KEY : stateKey(flow.target);
  }

  private flowParams(flow: SequenceFlow): FlowGuardParams {
    return { outcome: flow.outcome, condition: flow.condition };
  }

  private compileNode(container: Container, node: FlowNode, joinId: string | null): StateConfig {
    const next = () => this.target(container, node.outgoing[0], joinId);
    switch (node.type) {
      case 'startEvent':
        return { always: next() };
      case 'endEvent':
        return { type: 'final' };
      case 'serviceTask':
        return { entry: [{ type: 'runService', params: { nodeId: node.id } }], always: next() };
      case 'timerEvent':
        return {
          entry: [{ type: 'armTimer', params: { nodeId: node.id } }],
          exit: [{ type: 'disarmTimer', params: { nodeId: node.id } }],
          on: { TIMER: { guard: { type: 'isTimer', params: { nodeId: node.id } }, target: next() } },
        };
      case 'exclusiveGateway': {
        const flows = node.outgoing.map((id) => container.flows[id]).filter((f): f is SequenceFlow => !!f);
        if (flows.length === 1) return { always: next() };
        const guarded = flows
          .filter((f) => f.id !== node.defaultFlow)
          .map((f) => ({
            guard: { type: 'flowTaken', params: this.flowParams(f) },
            target: this.target(container, f.id, joinId),
          }));
        const fallback = node.defaultFlow ? [{ target: this.target(container, node.defaultFlow, joinId) }] : [];
        return { always: [...guarded, ...fallback] };
      }
      case 'parallelGateway': {
        if (!isParallelSplit(node)) return { always: next() };
        const block = this.analyses.get(container.id)!.blocks.get(node.id)!;
        const regions: StateConfig = {};
        block.branches.forEach((branch, i) => {
          const first = container.flows[branch.flowId]!.target;
          regions[`branch${i}`] = {
            initial: first === block.joinId ? JOIN_KEY : stateKey(first),
            states: { ...this.compileRegion(container, branch.nodes, block.joinId), [JOIN_KEY]: { type: 'final' } },
          };
        });
        // The join itself is a node of the enclosing region: go there when all branches end.
        const onDone = block.joinId === joinId ? JOIN_KEY : stateKey(block.joinId);
        return { type: 'parallel', states: regions, onDone };
      }
      case 'userTask':
        return this.withBoundaries(container, node, joinId, {
          entry: [{ type: 'openStep', params: { stepId: node.id } }],
          exit: [{ type: 'leaveStep', params: { stepId: node.id } }],
          on: { COMPLETE: this.completions(container, node, joinId) },
        });
      case 'subProcess':
        return this.withBoundaries(container, node, joinId, {
          ...this.compileContainer(node.container),
          onDone: next(),
        });
      default:
        throw new DomainError('INVALID_MODEL.cannotRunElement', { elementId: node.id });
    }
  }

  private completions(container: Container, task: UserTask, joinId: string | null): unknown[] {
    const flows = task.outgoing.map((id) => container.flows[id]).filter((f): f is SequenceFlow => !!f);
    if (flows.length === 1 && flows[0].outcome === null && flows[0].condition === null) {
      return [
        {
          guard: { type: 'isStep', params: { stepId: task.id } },
          actions: 'record',
          target: this.target(container, flows[0].id, joinId),
        },
      ];
    }
    return flows.map((f) => ({
      guard: { type: 'completesVia', params: { stepId: task.id, ...this.flowParams(f) } },
      actions: 'record',
      target: this.target(container, f.id, joinId),
    }));
  }

  private withBoundaries(
    container: Container,
    host: UserTask | SubProcess,
    joinId: string | null,
    state: StateConfig,
  ): StateConfig {
    if (host.boundary.length === 0) return state;
    const entry = [...((state.entry as unknown[]) ?? [])];
    const exit = [...((state.exit as unknown[]) ?? [])];
    const on = { ...((state.on as Record<string, unknown>) ?? {}) };
    const timerHandlers: unknown[] = [];
    for (const boundaryId of host.boundary) {
      const boundary = container.nodes[boundaryId];
      if (boundary?.type !== 'boundaryEvent') continue;
      entry.push({ type: 'armBoundary', params: { nodeId: boundary.id, hostId: host.id } });
      const fired = { type: 'boundaryFired', params: { nodeId: boundary.id, interrupting: boundary.interrupting } };
      const guard = { type: 'isTimer', params: { nodeId: boundary.id } };
      timerHandlers.push(
        boundary.interrupting && boundary.outgoing.length > 0
          ? { guard, actions: [fired], target: this.target(container, boundary.outgoing[0], joinId) }
          : { guard, actions: [fired] },
      );
    }
    // Disarm before the step's own exit so an interrupted task's timers go with it.
    exit.unshift({ type: 'disarmBoundaries', params: { hostId: host.id } });
    on.TIMER = timerHandlers;
    return { ...state, entry, exit, on };
  }
}

export function compileProcedure(model: ProcedureModel, version = 1): CompiledProcedure {
  const compiler = new Compiler(model);
  const machine = compiler.compile();
  return { model, version, machine, nodes: compiler.nodes, outcomes: compiler.outcomes, returnSteps: compiler.returnSteps };
}
