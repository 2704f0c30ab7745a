// The dossier lifecycle every procedure shares (Decree 61/2018, Decree 107/2021):
// receive, claim, complete, supplement request and supplement (the clock pauses),
// reject, withdraw, transfer, apologize, return — plus the scheduler's entry points
// (fire a timer, check deadlines). Each is a pure function
// (context, procedure, state, input, now) → { state, effects, events }.

import { computeAppointment, escalationsDue, pausedTime, shiftByPause, verdict } from '../deadlines/index.js';
import { DomainError } from '../errors.js';
import type { CompiledProcedure } from '../machine/compile.js';
import { applyMachineEvent, startMachine, type PersistedMachine } from '../machine/transition.js';
import type { EngineContext } from './context.js';
import { Draft } from './draft.js';
import { assertActsForDossier, assertMayAct, assertNotPaused, assertOpen, assertRoleAndAgency, openTask } from './guards.js';
import { applyMachine } from './interpreter.js';
import { close, settleStatus } from './status.js';
import { rearmCycle } from './timers.js';
import type { ActionResult, Actor, Channel, DossierState } from './types.js';
import { CLOSED_STATUSES } from './types.js';

export type { EngineContext } from './context.js';

export interface ReceiveInput {
  id: string;
  code: string;
  receivingAgency: string;
  channel?: Channel;
  data?: Record<string, unknown>;
  actor: Actor;
}

export function receiveDossier(
  ctx: EngineContext,
  procedure: CompiledProcedure,
  input: ReceiveInput,
  now: Date,
): ActionResult {
  const { model } = procedure;
  ctx.agencies.require(input.receivingAgency);
  if (!model.timeLimit) {
    throw new DomainError(
      'INVALID_MODEL',
      'Quy trình chưa có thời hạn giải quyết (mc:timeLimit) / The procedure has no time limit (mc:timeLimit)',
    );
  }
  const { countingFrom, appointmentAt } = computeAppointment(ctx.calendar, now, model.timeLimit, model.dayCount, {
    cutoff: model.cutoff ?? undefined,
  });
  const initial: DossierState = {
    id: input.id,
    code: input.code,
    procedureKey: model.key,
    procedureVersion: procedure.version,
    status: 'received',
    result: null,
    channel: input.channel ?? 'desk',
    receivingAgency: input.receivingAgency,
    holdingAgency: input.receivingAgency,
    receivedAt: now.toISOString(),
    countingFrom: countingFrom.toISOString(),
    appointmentAt: appointmentAt.toISOString(),
    originalAppointmentAt: appointmentAt.toISOString(),
    pause: null,
    pausedMinutes: 0,
    apologies: [],
    data: { ...(input.data ?? {}) },
    lastOutcome: null,
    machine: null,
    tasks: [],
    timers: [],
    seq: 0,
    resolvedAt: null,
    returnedAt: null,
    closedAt: null,
    rejection: null,
  };
  const draft = new Draft(ctx, procedure, initial, now);
  draft.record('received', input.actor.username, {
    channel: initial.channel,
    countingFrom: initial.countingFrom,
    timeLimit: model.timeLimit,
  }, null, null);
  draft.events[0].appointmentAfter = initial.appointmentAt;
  applyMachine(draft, startMachine(procedure, draft.state.data));
  settleStatus(draft);
  draft.effects.push({ type: 'dossierUpdated' });
  return draft.result();
}

export function claimTask(
  ctx: EngineContext,
  procedure: CompiledProcedure,
  state: DossierState,
  input: { taskId: string; actor: Actor },
  now: Date,
): ActionResult {
  const draft = new Draft(ctx, procedure, state, now);
  assertOpen(draft.state);
  const task = openTask(draft.state, input.taskId);
  if (task.assignee !== null && task.assignee !== input.actor.username) {
    throw new DomainError('TASK_ALREADY_CLAIMED', `Công việc đã do ${task.assignee} nhận / Already claimed by ${task.assignee}`, {
      assignee: task.assignee,
    });
  }
  assertRoleAndAgency(task, input.actor);
  task.assignee = input.actor.username;
  draft.record('claimed', input.actor.username, {}, task);
  draft.effects.push({ type: 'taskUpdated', task });
  return draft.result();
}

export interface CompleteInput {
  taskId: string;
  actor: Actor;
  outcome?: string | null;
  data?: Record<string, unknown>;
  comment?: string | null;
}

export function completeTask(
  ctx: EngineContext,
  procedure: CompiledProcedure,
  state: DossierState,
  input: CompleteInput,
  now: Date,
): ActionResult {
  const draft = new Draft(ctx, procedure, state, now);
  assertOpen(draft.state);
  assertNotPaused(draft.state);
  const task = openTask(draft.state, input.taskId);
  assertMayAct(task, input.actor);
  completeInDraft(draft, task.id, input);
  settleStatus(draft);
  draft.effects.push({ type: 'dossierUpdated' });
  return draft.result();
}

function completeInDraft(draft: Draft, taskId: string, input: CompleteInput): void {
  const task = openTask(draft.state, taskId);
  const outcomes = draft.procedure.outcomes.get(task.stepId) ?? [];
  const outcome = input.outcome ?? null;
  if (outcome !== null && outcomes.length > 0 && !outcomes.some((o) => o.key === outcome)) {
    throw new DomainError(
      'INVALID_OUTCOME',
      `Kết quả "${outcome}" không có ở bước này / Outcome "${outcome}" is not offered by this step`,
      { allowed: outcomes.map((o) => o.key) },
    );
  }
  task.state = 'done';
  task.assignee = task.assignee ?? input.actor.username;
  task.completedAt = draft.nowIso;
  task.completedBy = input.actor.username;
  task.outcome = outcome;
  task.comment = input.comment ?? null;
  task.verdict = task.dueAt
    ? verdict(draft.ctx.calendar, new Date(task.dueAt), draft.now, { apologized: false })
    : null;
  const step = applyMachineEvent(draft.procedure, draft.state.machine as PersistedMachine, {
    type: 'COMPLETE',
    stepId: task.stepId,
    outcome,
    data: input.data ?? {},
  });
  const left = step.actions.some((a) => a.type === 'leaveStep' && a.params.stepId === task.stepId);
  if (!left) {
    throw new DomainError(
      'NO_ROUTE',
      outcomes.length > 0 && outcome === null
        ? `Hãy chọn một kết quả: ${outcomes.map((o) => o.key).join(', ')} / Pick an outcome: ${outcomes.map((o) => o.key).join(', ')}`
        : `Không có nhánh nào sau "${task.name}" khớp / No flow after "${task.name}" matches`,
      { elementId: task.stepId, allowed: outcomes.map((o) => o.key) },
    );
  }
  applyMachine(draft, step);
  draft.record('completed', input.actor.username, { outcome, comment: task.comment, verdict: task.verdict }, task);
  draft.effects.push({ type: 'taskClosed', task });
}

export function requestSupplement(
  ctx: EngineContext,
  procedure: CompiledProcedure,
  state: DossierState,
  input: { actor: Actor; reason: string; items: string[] },
  now: Date,
): ActionResult {
  const draft = new Draft(ctx, procedure, state, now);
  assertOpen(draft.state);
  assertNotPaused(draft.state);
  assertActsForDossier(draft.state, input.actor);
  draft.state.pause = {
    requestedAt: draft.nowIso,
    requestedBy: input.actor.username,
    reason: input.reason,
    items: [...input.items],
  };
  draft.record('supplementRequested', input.actor.username, { reason: input.reason, items: input.items });
  draft.effects.push({
    type: 'notify',
    nodeId: null,
    role: 'reception',
    agencyCode: draft.state.receivingAgency,
    message: `Yêu cầu bổ sung hồ sơ ${draft.state.code}: ${input.items.join(', ')}`,
  });
  settleStatus(draft);
  draft.effects.push({ type: 'dossierUpdated' });
  return draft.result();
}

export function supplementDossier(
  ctx: EngineContext,
  procedure: CompiledProcedure,
  state: DossierState,
  input: { actor: Actor; items: string[] },
  now: Date,
): ActionResult {
  const draft = new Draft(ctx, procedure, state, now);
  assertOpen(draft.state);
  const pause = draft.state.pause;
  if (!pause) {
    throw new DomainError('DOSSIER_NOT_PAUSED', 'Hồ sơ không chờ bổ sung / The dossier is not waiting for a supplement');
  }
  const { calendar } = ctx;
  const dayCount = procedure.model.dayCount;
  // Decree 61/2018 art. 19: the time already spent counts; the citizen's time does not.
  // Counted in whole minutes: the papers and the register show minutes, and a real clock
  // stops pauses at any second.
  const paused = Math.round(pausedTime(calendar, new Date(pause.requestedAt), now, dayCount));
  const before = draft.state.appointmentAt;
  if (paused > 0) {
    const shift = (iso: string) => shiftByPause(calendar, new Date(iso), paused, dayCount).toISOString();
    draft.state.appointmentAt = shift(draft.state.appointmentAt);
    for (const task of draft.openTasks()) {
      if (task.dueAt) task.dueAt = shift(task.dueAt);
      if (task.dueSoonAt) task.dueSoonAt = shift(task.dueSoonAt);
      draft.effects.push({ type: 'taskUpdated', task });
    }
    for (const timer of draft.state.timers) timer.dueAt = shift(timer.dueAt);
  }
  draft.state.pausedMinutes += paused;
  draft.state.pause = null;
  draft.record(
    'supplemented',
    input.actor.username,
    { items: input.items, pausedMinutes: paused, requestedAt: pause.requestedAt },
    null,
    before,
  );
  settleStatus(draft);
  draft.effects.push({ type: 'dossierUpdated' });
  return draft.result();
}

export function rejectDossier(
  ctx: EngineContext,
  procedure: CompiledProcedure,
  state: DossierState,
  input: { actor: Actor; reason: string },
  now: Date,
): ActionResult {
  const draft = new Draft(ctx, procedure, state, now);
  assertOpen(draft.state);
  assertActsForDossier(draft.state, input.actor);
  draft.state.rejection = { at: draft.nowIso, by: input.actor.username, reason: input.reason };
  draft.record('rejected', input.actor.username, { reason: input.reason });
  close(draft, 'rejected', input.actor.username);
  return draft.result();
}

export function withdrawDossier(
  ctx: EngineContext,
  procedure: CompiledProcedure,
  state: DossierState,
  input: { actor: Actor; reason?: string },
  now: Date,
): ActionResult {
  const draft = new Draft(ctx, procedure, state, now);
  assertOpen(draft.state);
  draft.record('withdrawn', input.actor.username, { reason: input.reason ?? null });
  close(draft, 'withdrawn', input.actor.username);
  return draft.result();
}

/** Hand an open task to another agency (a misrouted dossier, or an agency that delegates). */
export function transferTask(
  ctx: EngineContext,
  procedure: CompiledProcedure,
  state: DossierState,
  input: { taskId: string; toAgency: string; actor: Actor; reason?: string },
  now: Date,
): ActionResult {
  const draft = new Draft(ctx, procedure, state, now);
  assertOpen(draft.state);
  assertNotPaused(draft.state);
  const task = openTask(draft.state, input.taskId);
  const target = ctx.agencies.require(input.toAgency);
  if (target.code === task.agencyCode) {
    throw new DomainError('SAME_AGENCY', 'Công việc đã ở cơ quan này / The task is already with that agency');
  }
  if (input.actor.agencyCode !== task.agencyCode) {
    throw new DomainError('WRONG_AGENCY', `Chỉ ${task.agencyCode} chuyển được công việc này / Only ${task.agencyCode} can transfer this task`, {
      agencyCode: task.agencyCode,
    });
  }
  const from = task.agencyCode;
  task.agencyCode = target.code;
  task.assignee = null;
  draft.effects.push({ type: 'handoff', taskId: task.id, stepId: task.stepId, fromAgency: from, toAgency: target.code });
  draft.effects.push({ type: 'taskUpdated', task });
  draft.record('transferred', input.actor.username, { fromAgency: from, toAgency: target.code, reason: input.reason ?? null, automatic: false }, task);
  draft.state.holdingAgency = target.code;
  settleStatus(draft);
  draft.effects.push({ type: 'dossierUpdated' });
  return draft.result();
}

/** Circular 01/2018 form 04: the agency at fault apologizes and sets a new appointment. */
export function apologize(
  ctx: EngineContext,
  procedure: CompiledProcedure,
  state: DossierState,
  input: { actor: Actor; reason: string; newAppointmentAt: string },
  now: Date,
): ActionResult {
  const draft = new Draft(ctx, procedure, state, now);
  assertOpen(draft.state);
  assertActsForDossier(draft.state, input.actor);
  const next = new Date(input.newAppointmentAt);
  const current = new Date(draft.state.appointmentAt);
  // Decree 118/2025 (as Decree 61/2018 art. 19 before it): the apology and the new
  // appointment are sent before the appointment passes. After it, the dossier is simply
  // late; an apology then would hide nothing and is refused with its own code.
  if (now.getTime() > current.getTime()) {
    throw new DomainError(
      'APPOINTMENT_PASSED',
      'Ngày hẹn trả đã qua: phiếu xin lỗi và hẹn lại phải gửi trước ngày hẹn / The appointment has passed: the apology must be issued before it',
      { appointmentAt: draft.state.appointmentAt },
    );
  }
  if (Number.isNaN(next.getTime()) || next <= current || next <= now) {
    throw new DomainError(
      'INVALID_APPOINTMENT',
      'Ngày hẹn mới phải sau ngày hẹn hiện tại và sau thời điểm hiện tại / The new appointment must be after the current one and after now',
      { appointmentAt: draft.state.appointmentAt },
    );
  }
  const before = draft.state.appointmentAt;
  draft.state.apologies.push({
    at: draft.nowIso,
    by: input.actor.username,
    reason: input.reason,
    previousAppointmentAt: before,
    newAppointmentAt: next.toISOString(),
  });
  draft.state.appointmentAt = next.toISOString();
  draft.record('apologized', input.actor.username, { reason: input.reason }, null, before);
  draft.effects.push({ type: 'dossierUpdated' });
  return draft.result();
}

/** Reception hands the result over. Open `return` steps are completed by it. */
export function returnResult(
  ctx: EngineContext,
  procedure: CompiledProcedure,
  state: DossierState,
  input: { actor: Actor; comment?: string },
  now: Date,
): ActionResult {
  const draft = new Draft(ctx, procedure, state, now);
  assertOpen(draft.state);
  if (draft.state.status !== 'awaitingReturn') {
    throw new DomainError('NOT_AWAITING_RETURN', 'Hồ sơ chưa có kết quả để trả / The dossier has no result to return yet', {
      status: draft.state.status,
    });
  }
  for (const task of draft.openTasks()) {
    assertMayAct(task, input.actor);
    completeInDraft(draft, task.id, { taskId: task.id, actor: input.actor, comment: input.comment ?? null });
  }
  settleStatus(draft);
  if ((draft.state.status as DossierState['status']) !== 'returned') close(draft, 'returned', input.actor.username);
  return draft.result();
}

/** The scheduler fires a timer that fell due (boundary, intermediate or escalation). */
export function fireTimer(
  ctx: EngineContext,
  procedure: CompiledProcedure,
  state: DossierState,
  input: { timerId: string },
  now: Date,
): ActionResult {
  const draft = new Draft(ctx, procedure, state, now);
  assertOpen(draft.state);
  assertNotPaused(draft.state);
  const timer = draft.state.timers.find((t) => t.id === input.timerId);
  if (!timer) throw new DomainError('TIMER_NOT_FOUND', `Không có hẹn giờ ${input.timerId} / No timer ${input.timerId}`);
  draft.state.timers = draft.state.timers.filter((t) => t.id !== timer.id);
  const node = procedure.nodes.get(timer.nodeId)?.node;
  if (node?.type === 'boundaryEvent' && node.trigger.kind === 'timer' && node.trigger.timer.kind === 'cycle') {
    rearmCycle(draft, timer, node);
  }
  applyMachine(draft, applyMachineEvent(procedure, draft.state.machine as PersistedMachine, { type: 'TIMER', nodeId: timer.nodeId }));
  if (timer.kind === 'escalation' && timer.taskId) {
    const task = draft.state.tasks.find((t) => t.id === timer.taskId);
    if (task) {
      task.escalationLevel = Math.max(task.escalationLevel, 1);
      draft.effects.push({ type: 'escalated', task, level: task.escalationLevel, notify: ['assignee', 'head'] });
    }
  }
  settleStatus(draft);
  draft.effects.push({ type: 'dossierUpdated' });
  return draft.result();
}

/**
 * Due-soon warnings and the escalation ladder for every open task (DOMAIN.md "Due
 * soon"). Each warning and each rung is raised once: the task remembers what was sent.
 * Steps with their own escalation boundary event follow the model instead of the ladder.
 */
export function checkDeadlines(
  ctx: EngineContext,
  procedure: CompiledProcedure,
  state: DossierState,
  now: Date,
): ActionResult {
  const draft = new Draft(ctx, procedure, state, now);
  if (draft.state.pause || CLOSED_STATUSES.includes(draft.state.status)) return draft.result();
  for (const task of draft.openTasks()) {
    if (!task.dueAt) continue;
    const dueAt = new Date(task.dueAt);
    if (!task.dueSoonNotified && task.dueSoonAt && now >= new Date(task.dueSoonAt)) {
      task.dueSoonNotified = true;
      if (now <= dueAt) {
        draft.effects.push({ type: 'dueSoon', task });
        draft.record('dueSoon', null, { dueAt: task.dueAt }, task);
      }
    }
    if (hasEscalationBoundary(procedure, task.stepId)) continue;
    for (const rung of escalationsDue(ctx.calendar, { dueAt, escalationLevel: task.escalationLevel }, now, draft.policy)) {
      task.escalationLevel = rung.level;
      draft.effects.push({ type: 'escalated', task, level: rung.level, notify: rung.notify });
      draft.record('escalated', null, { level: rung.level, notify: rung.notify, dueAt: task.dueAt }, task);
    }
  }
  return draft.result();
}

export function hasEscalationBoundary(procedure: CompiledProcedure, stepId: string): boolean {
  const step = procedure.nodes.get(stepId)?.node;
  if (step?.type !== 'userTask') return false;
  return step.boundary.some((id) => {
    const b = procedure.nodes.get(id)?.node;
    return b?.type === 'boundaryEvent' && b.trigger.kind === 'escalation';
  });
}
