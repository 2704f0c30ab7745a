// The timers a dossier keeps as data with a due instant — boundary timers, intermediate
// timer events, escalation boundaries and cycle reminders. The scheduler fires them
// (actions/fireTimer.ts); the engine never sets a timeout.

import { stepDueAt } from '../deadlines/index.js';
import { DomainError } from '../errors.js';
import type { BoundaryEvent, SubProcess } from '../model/procedure.js';
import type { Draft } from './draft.js';
import { nextId } from './ids.js';
import { modelNode } from './nodes.js';
import type { EngineTimer } from './types.js';

/** Arm a boundary event on its host step: a timer, or an escalation at the host's due date. */
export function armBoundary(draft: Draft, boundary: BoundaryEvent, hostId: string): void {
  const hostTask = [...draft.openTasks()].reverse().find((t) => t.stepId === hostId) ?? null;
  if (boundary.trigger.kind === 'timer') {
    addTimer(draft, boundary.id, 'boundaryTimer', boundary.trigger.timer, hostTask?.id ?? null);
    return;
  }
  // Escalation boundary: fires when the host runs out of its allotment.
  let dueAt: string | null = hostTask?.dueAt ?? null;
  if (!hostTask) {
    const host = modelNode<SubProcess>(draft.procedure, hostId);
    const due = stepDueAt(draft.ctx.calendar, draft.countingNow, host.duration, draft.dayCount);
    dueAt = due ? due.toISOString() : null;
  }
  if (dueAt === null) return;
  draft.state.timers.push({
    id: nextId(draft.state, 't'),
    nodeId: boundary.id,
    kind: 'escalation',
    dueAt,
    taskId: hostTask?.id ?? null,
    repeatsLeft: null,
  });
}

/** The host step ended: its boundary timers go with it. */
export function disarmBoundaries(draft: Draft, hostId: string): void {
  draft.state.timers = draft.state.timers.filter(
    (t) => draft.procedure.nodes.get(t.nodeId)?.node.type !== 'boundaryEvent' ||
      (modelNode<BoundaryEvent>(draft.procedure, t.nodeId).attachedTo !== hostId),
  );
}

export function disarmTimer(draft: Draft, nodeId: string): void {
  draft.state.timers = draft.state.timers.filter((t) => t.nodeId !== nodeId);
}

export function addTimer(
  draft: Draft,
  nodeId: string,
  kind: EngineTimer['kind'],
  timer: { kind: 'duration' | 'date' | 'cycle'; value: string },
  taskId: string | null,
): void {
  const { calendar } = draft.ctx;
  let dueAt: Date;
  let repeatsLeft: number | null = null;
  if (timer.kind === 'date') {
    dueAt = new Date(timer.value);
  } else if (timer.kind === 'cycle') {
    const { repeats, interval } = parseCycle(timer.value);
    dueAt = calendar.addTime(draft.countingNow, interval, draft.dayCount);
    repeatsLeft = repeats === null ? null : repeats - 1;
  } else {
    dueAt = calendar.addTime(draft.countingNow, timer.value, draft.dayCount);
  }
  draft.state.timers.push({ id: nextId(draft.state, 't'), nodeId, kind, dueAt: dueAt.toISOString(), taskId, repeatsLeft });
}

/** After a cycle reminder fires, arm its next repetition, counted from when this one was due. */
export function rearmCycle(draft: Draft, timer: EngineTimer, node: BoundaryEvent): void {
  // An interrupting cycle leaves the step at its first firing; only reminders repeat.
  if (node.trigger.kind !== 'timer' || node.interrupting) return;
  if (timer.repeatsLeft !== null && timer.repeatsLeft <= 0) return;
  const { interval } = parseCycle(node.trigger.timer.value);
  const dueAt = draft.ctx.calendar.addTime(new Date(timer.dueAt), interval, draft.dayCount);
  // A version deployed before cycles were checked (CYCLE_LIMITS) may say `R/PT0S`: a
  // repetition that would fall due at once again is not armed.
  if (dueAt.getTime() <= new Date(timer.dueAt).getTime()) return;
  draft.state.timers.push({
    ...timer,
    id: nextId(draft.state, 't'),
    dueAt: dueAt.toISOString(),
    repeatsLeft: timer.repeatsLeft === null ? null : timer.repeatsLeft - 1,
  });
}

/** `R3/PT4H` → 3 repetitions every 4 working hours; `R/PT4H` repeats until the step ends. */
export function parseCycle(value: string): { repeats: number | null; interval: string } {
  const match = /^R(\d*)\/(P.+)$/.exec(value.trim());
  if (!match) {
    throw new DomainError('INVALID_DURATION.timerCycle', { cycle: value });
  }
  return { repeats: match[1] === '' ? null : Number(match[1]), interval: match[2] };
}
