// The sum of allotments along the longest path against the legal time limit, and for
// each step the budget left if the longest path through it is to stay within the limit.
// One reading for everyone: the validator warns (TIME_LIMIT_EXCEEDED) when the limit is
// passed, the designer shows the figures all along. Rework loops (back edges) are not
// planned time, a parallel block counts as its longest branch, a sub-process without
// its own allotment counts its longest inner path.
import { parseDuration } from '../calendar/duration.js';
import { WORKING_DAY_MINUTES } from '../calendar/officeDay.js';
import type { Container, DayCount, FlowNode, ProcedureModel } from './procedure.js';

export { WORKING_DAY_MINUTES };

export interface TimeBudget {
  /** Minutes of the legal limit (working or calendar minutes per the day count); null without a valid limit. */
  limitMinutes: number | null;
  /** Minutes allotted along the longest path. */
  longestMinutes: number;
  /** Node ids of the longest path, start to end. */
  path: string[];
  /** Per node: minutes allotted along the longest path through it. */
  through: Map<string, number>;
  /** Per node: its own allotment in minutes. */
  weight: Map<string, number>;
  dayCount: DayCount;
  /** Minutes in one day of this day count (7.5 h working, 24 h calendar). */
  dayMinutes: number;
}

export function durationMinutes(
  iso: string | null | undefined,
  dayCount: DayCount,
  dayMinutes = dayCount === 'calendar' ? 1440 : WORKING_DAY_MINUTES,
): number | null {
  if (!iso) return null;
  try {
    const { days, minutes } = parseDuration(iso, dayCount);
    return days * dayMinutes + minutes;
  } catch {
    return null;
  }
}

function weightOf(node: FlowNode, dayCount: DayCount): number {
  switch (node.type) {
    case 'userTask':
      return durationMinutes(node.duration, dayCount) ?? 0;
    case 'subProcess':
      return durationMinutes(node.duration, dayCount) ?? containerBudget(node.container, dayCount).longestMinutes;
    case 'timerEvent':
      return node.timer.kind === 'duration' ? (durationMinutes(node.timer.value, dayCount) ?? 0) : 0;
    default:
      return 0;
  }
}

/** Allotments along the paths of one container (a process or a sub-process). */
export function containerBudget(container: Container, dayCount: DayCount) {
  const nodes = container.nodes;
  const successors = (node: FlowNode): string[] => {
    const next = node.outgoing.map((id) => container.flows[id]?.target).filter((t): t is string => !!t && !!nodes[t]);
    if (node.type === 'userTask' || node.type === 'subProcess') next.push(...node.boundary.filter((b) => nodes[b]));
    return next;
  };
  // Depth-first from the start events: an edge to a node still open is a loop back.
  const backEdges = new Set<string>();
  const state = new Map<string, 'open' | 'done'>();
  const order: string[] = [];
  const starts = Object.values(nodes).filter((n) => n.type === 'startEvent');
  for (const start of starts) {
    if (state.has(start.id)) continue;
    const stack: { id: string; next: string[] }[] = [{ id: start.id, next: successors(start) }];
    state.set(start.id, 'open');
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const target = top.next.shift();
      if (target === undefined) {
        state.set(top.id, 'done');
        order.push(top.id);
        stack.pop();
        continue;
      }
      const seen = state.get(target);
      if (seen === 'open') backEdges.add(`${top.id}>${target}`);
      if (seen !== undefined) continue;
      state.set(target, 'open');
      stack.push({ id: target, next: successors(nodes[target]) });
    }
  }
  const topo = order.reverse(); // reverse post-order: a topological order of the DAG without back edges
  const weight = new Map<string, number>();
  for (const id of topo) weight.set(id, weightOf(nodes[id], dayCount));
  const forward = new Map<string, number>(); // best path from a start up to and including the node
  const prev = new Map<string, string | null>();
  for (const id of topo) if (nodes[id].type === 'startEvent') (forward.set(id, weight.get(id)!), prev.set(id, null));
  for (const id of topo) {
    const here = forward.get(id);
    if (here === undefined) continue;
    for (const target of successors(nodes[id])) {
      if (backEdges.has(`${id}>${target}`)) continue;
      const candidate = here + (weight.get(target) ?? 0);
      if (candidate > (forward.get(target) ?? -1)) {
        forward.set(target, candidate);
        prev.set(target, id);
      }
    }
  }
  const backward = new Map<string, number>(); // best path from the node (inclusive) to an end
  for (const id of [...topo].reverse()) {
    let best = 0;
    for (const target of successors(nodes[id])) {
      if (backEdges.has(`${id}>${target}`)) continue;
      best = Math.max(best, backward.get(target) ?? 0);
    }
    backward.set(id, best + (weight.get(id) ?? 0));
  }
  const through = new Map<string, number>();
  for (const id of topo) {
    if (forward.has(id)) through.set(id, forward.get(id)! + backward.get(id)! - weight.get(id)!);
  }
  // The longest path ends at the end event with the largest forward sum.
  let endId: string | null = null;
  for (const id of topo) {
    if (nodes[id].type !== 'endEvent' || !forward.has(id)) continue;
    if (endId === null || forward.get(id)! > forward.get(endId)!) endId = id;
  }
  const path: string[] = [];
  for (let id = endId; id !== null && id !== undefined; id = prev.get(id) ?? null) path.unshift(id);
  return { longestMinutes: endId ? forward.get(endId)! : 0, path, through, weight };
}

export function timeBudget(model: ProcedureModel): TimeBudget {
  const dayCount: DayCount = model.dayCount === 'calendar' ? 'calendar' : 'working';
  const result = containerBudget(model.root, dayCount);
  return {
    ...result,
    limitMinutes: durationMinutes(model.timeLimit, dayCount),
    dayCount,
    dayMinutes: dayCount === 'calendar' ? 1440 : WORKING_DAY_MINUTES,
  };
}

/** 2.5 for 1125 working minutes: the figures officers think in. */
export function toDays(minutes: number, budget: Pick<TimeBudget, 'dayMinutes'>): number {
  return Math.round((minutes / budget.dayMinutes) * 100) / 100;
}
