// Block structure of parallel gateways. xstate runs parallelism as parallel regions, so
// every parallel split must close at one join that all its branches reach, with no
// flow entering or leaving a branch on the side. This module finds those blocks (the
// compiler turns each into a parallel state) and reports models that are not
// block-structured, naming the gateway, instead of running them wrongly.

import type { Container, FlowNode, ParallelGateway } from './procedure.js';
import { problem, type Problem } from './problem.js';

export interface ParallelBranch {
  /** The flow leaving the split that starts this branch. */
  flowId: string;
  /** Every node inside the branch, nested blocks included, the join excluded. */
  nodes: Set<string>;
}

export interface ParallelBlock {
  splitId: string;
  joinId: string;
  branches: ParallelBranch[];
}

export interface StructureAnalysis {
  /** Blocks keyed by split gateway id. */
  blocks: Map<string, ParallelBlock>;
  problems: Problem[];
}

export const isParallelSplit = (n: FlowNode): n is ParallelGateway =>
  n.type === 'parallelGateway' && n.outgoing.length > 1;

const isParallelJoin = (n: FlowNode): boolean =>
  n.type === 'parallelGateway' && n.incoming.length > 1;

class Unstructured extends Error {
  constructor(readonly finding: Problem) {
    super(finding.messageEn);
  }
}

export function analyzeStructure(container: Container): StructureAnalysis {
  const blocks = new Map<string, ParallelBlock>();
  const problems: Problem[] = [];
  const inProgress = new Set<string>();
  const { nodes, flows } = container;

  const targetOf = (flowId: string): FlowNode | undefined => {
    const flow = flows[flowId];
    return flow ? nodes[flow.target] : undefined;
  };

  const boundaryOf = (n: FlowNode): string[] =>
    n.type === 'userTask' || n.type === 'subProcess' ? n.boundary : [];

  function blockOf(split: ParallelGateway): ParallelBlock {
    const known = blocks.get(split.id);
    if (known) return known;
    if (inProgress.has(split.id)) {
      throw new Unstructured(
        problem(
          'error',
          'UNSTRUCTURED_PARALLEL',
          split.id,
          `Cổng song song "${split.name || split.id}" nằm trong một vòng lặp quay lại chính nó; các nhánh song song phải khép lại ở một cổng hợp trước khi lặp.`,
          `Parallel gateway "${split.name || split.id}" is inside a loop back to itself; parallel branches must close at a join before looping.`,
        ),
      );
    }
    inProgress.add(split.id);
    const branches: ParallelBranch[] = [];
    const joinsReached = new Set<string>();
    let branchWithoutJoin: string | null = null;
    for (const flowId of split.outgoing) {
      const branch: ParallelBranch = { flowId, nodes: new Set() };
      const reached = new Set<string>();
      walkBranch(split, targetOf(flowId), branch, reached);
      if (reached.size === 0) branchWithoutJoin ??= flowId;
      for (const j of reached) joinsReached.add(j);
      branches.push(branch);
    }
    inProgress.delete(split.id);

    if (joinsReached.size !== 1 || branchWithoutJoin !== null) {
      const list = [...joinsReached].join(', ') || '—';
      throw new Unstructured(
        problem(
          'error',
          'UNSTRUCTURED_PARALLEL',
          split.id,
          `Mọi nhánh của cổng song song "${split.name || split.id}" phải gặp nhau ở đúng một cổng hợp song song (tìm thấy: ${list}).`,
          `Every branch of parallel gateway "${split.name || split.id}" must meet at exactly one parallel join (found: ${list}).`,
        ),
      );
    }
    const joinId = [...joinsReached][0];
    const seen = new Map<string, number>();
    branches.forEach((b, i) => {
      for (const id of b.nodes) {
        const other = seen.get(id);
        if (other !== undefined && other !== i) {
          throw new Unstructured(
            problem(
              'error',
              'UNSTRUCTURED_PARALLEL',
              id,
              `Bước "${nodes[id]?.name || id}" thuộc hai nhánh song song của cổng "${split.id}" cùng lúc; hãy tách nhánh hoặc hợp nhánh bằng cổng song song.`,
              `Step "${nodes[id]?.name || id}" belongs to two parallel branches of gateway "${split.id}"; keep branches apart until the parallel join.`,
            ),
          );
        }
        seen.set(id, i);
      }
    });
    // A flow entering a branch from outside would start a token the join never expects.
    for (const branch of branches) {
      for (const id of branch.nodes) {
        const node = nodes[id];
        if (!node) continue;
        for (const inId of node.incoming) {
          const source = flows[inId]?.source;
          if (source === undefined || source === split.id || branch.nodes.has(source)) continue;
          throw new Unstructured(
            problem(
              'error',
              'UNSTRUCTURED_PARALLEL',
              inId,
              `Luồng "${inId}" đi vào giữa một nhánh song song của cổng "${split.id}" từ bên ngoài.`,
              `Flow "${inId}" enters a parallel branch of gateway "${split.id}" from outside it.`,
            ),
          );
        }
      }
    }
    // The join may only be reached from inside the block, or it would wait for a token
    // that never comes (or start a second one).
    const join = nodes[joinId];
    for (const inId of join?.incoming ?? []) {
      const source = flows[inId]?.source;
      if (source === split.id || branches.some((b) => source !== undefined && b.nodes.has(source))) continue;
      throw new Unstructured(
        problem(
          'error',
          'UNSTRUCTURED_PARALLEL',
          inId,
          `Luồng "${inId}" đi vào cổng hợp "${join?.name || joinId}" từ ngoài khối song song của cổng "${split.id}".`,
          `Flow "${inId}" reaches join "${join?.name || joinId}" from outside the parallel block of gateway "${split.id}".`,
        ),
      );
    }
    const block: ParallelBlock = { splitId: split.id, joinId, branches };
    blocks.set(split.id, block);
    return block;
  }

  function walkBranch(
    split: ParallelGateway,
    start: FlowNode | undefined,
    branch: ParallelBranch,
    joinsReached: Set<string>,
  ): void {
    const stack: FlowNode[] = start ? [start] : [];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (node.id === split.id) {
        throw new Unstructured(
          problem(
            'error',
            'UNSTRUCTURED_PARALLEL',
            split.id,
            `Một nhánh của cổng song song "${split.name || split.id}" quay lại chính cổng tách.`,
            `A branch of parallel gateway "${split.name || split.id}" loops back to its own split.`,
          ),
        );
      }
      if (isParallelJoin(node)) {
        joinsReached.add(node.id);
        continue;
      }
      if (branch.nodes.has(node.id)) continue;
      branch.nodes.add(node.id);
      if (node.type === 'endEvent') {
        throw new Unstructured(
          problem(
            'error',
            'BRANCH_ENDS_BEFORE_JOIN',
            node.id,
            `Sự kiện kết thúc "${node.name || node.id}" nằm trong nhánh song song của cổng "${split.id}": nhánh phải đi tới cổng hợp.`,
            `End event "${node.name || node.id}" is inside a parallel branch of gateway "${split.id}": branches must reach the join.`,
          ),
        );
      }
      if (isParallelSplit(node)) {
        // Jump over the nested block: its join, if it splits again, opens the next one.
        let nested = blockOf(node);
        for (;;) {
          for (const b of nested.branches) for (const id of b.nodes) branch.nodes.add(id);
          const join = nodes[nested.joinId];
          if (!join) break;
          branch.nodes.add(join.id);
          if (!isParallelSplit(join)) {
            pushTargets(join, stack);
            break;
          }
          nested = blockOf(join);
        }
        continue;
      }
      pushTargets(node, stack);
      // An interrupting boundary event moves the token along its own path, which must
      // stay in the branch; a non-interrupting one only runs notifications beside it.
      for (const boundaryId of boundaryOf(node)) {
        const boundary = nodes[boundaryId];
        if (boundary?.type === 'boundaryEvent' && boundary.interrupting) stack.push(boundary);
      }
    }
  }

  function pushTargets(node: FlowNode, stack: FlowNode[]): void {
    for (const flowId of node.outgoing) {
      const target = targetOf(flowId);
      if (target) stack.push(target);
    }
  }

  for (const node of Object.values(nodes)) {
    if (!isParallelSplit(node)) continue;
    try {
      blockOf(node);
    } catch (e) {
      if (!(e instanceof Unstructured)) throw e;
      inProgress.clear();
      if (!problems.some((p) => p.elementId === e.finding.elementId && p.code === e.finding.code)) {
        problems.push(e.finding);
      }
    }
  }
  return { blocks, problems };
}

/** Nodes that sit directly in `region` (not inside a nested block's branch). */
export function directNodes(region: Set<string>, analysis: StructureAnalysis): Set<string> {
  const nested = new Set<string>();
  for (const id of region) {
    const block = analysis.blocks.get(id);
    if (!block) continue;
    for (const b of block.branches) for (const n of b.nodes) nested.add(n);
  }
  return new Set([...region].filter((id) => !nested.has(id)));
}
