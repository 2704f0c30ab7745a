// A working copy of one dossier during one action. Every lifecycle function clones the
// state into a Draft, changes the copy, and returns it with the effects and history
// rows it produced — so a refused action (a thrown DomainError) leaves the caller's
// state untouched, and the caller saves all of it in one transaction or none of it.

import type { WorkingCalendar } from '../calendar/index.js';
import {
  DEFAULT_POLICY,
  dueSoonAt,
  stepDueAt,
  type DeadlinePolicy,
} from '../deadlines/index.js';
import { DomainError } from '../errors.js';
import type { CompiledProcedure, EngineAction } from '../machine/compile.js';
import { stateKey } from '../machine/compile.js';
import type { MachineStep } from '../machine/transition.js';
import type { BoundaryEvent, FlowNode, ServiceTask, SubProcess, UserTask } from '../model/procedure.js';
import type { AgencyDirectory } from './agencies.js';
import type { ActionResult, Actor, DossierState, Effect, EngineTimer, HistoryEvent, Task } from './types.js';
import { CLOSED_STATUSES } from './types.js';
import { verdict } from '../deadlines/index.js';

export interface EngineContext {
  calendar: WorkingCalendar;
  agencies: AgencyDirectory;
  policy?: DeadlinePolicy;
}

const TRANSIENT: ReadonlySet<FlowNode['type']> = new Set(['exclusiveGateway', 'parallelGateway', 'serviceTask', 'startEvent']);

export class Draft {
  readonly state: DossierState;
  readonly effects: Effect[] = [];
  readonly events: HistoryEvent[] = [];
  readonly nowIso: string;
  readonly policy: DeadlinePolicy;

  constructor(
    readonly ctx: EngineContext,
    readonly procedure: CompiledProcedure,
    state: DossierState,
    readonly now: Date,
  ) {
    this.state = structuredClone(state);
    this.nowIso = now.toISOString();
    this.policy = ctx.policy ?? DEFAULT_POLICY;
  }

  get dayCount() {
    return this.procedure.model.dayCount;
  }

  /**
   * Where a step or timer opened now starts counting: not before the dossier's own
   * counting start. A dossier received after the cutoff counts from the next working day
   * (engine/deadlines/appointment.ts), and so do the steps opened at its receipt.
   */
  get countingNow(): Date {
    const from = new Date(this.state.countingFrom);
    return from.getTime() > this.now.getTime() ? from : this.now;
  }

  result(): ActionResult {
    return { state: this.state, effects: this.effects, events: this.events };
  }

  record(
    type: HistoryEvent['type'],
    actor: string | null,
    details: Record<string, unknown> = {},
    task?: Task | null,
    appointmentBefore: string | null = null,
  ): void {
    this.events.push({
      type,
      at: this.nowIso,
      actor,
      taskId: task?.id ?? null,
      stepId: task?.stepId ?? null,
      details,
      appointmentBefore,
      appointmentAfter: appointmentBefore === null ? null : this.state.appointmentAt,
    });
  }

  // ── guards every action shares ────────────────────────────────────────────
  assertOpen(): void {
    if (CLOSED_STATUSES.includes(this.state.status)) {
      throw new DomainError('DOSSIER_CLOSED', `Hồ sơ đã kết thúc (${this.state.status}) / The dossier is closed`, {
        status: this.state.status,
      });
    }
  }

  assertNotPaused(): void {
    if (this.state.pause) {
      throw new DomainError(
        'DOSSIER_PAUSED',
        'Hồ sơ đang chờ công dân bổ sung / The dossier is waiting for the citizen to supplement',
      );
    }
  }

  openTask(taskId: string): Task {
    const task = this.state.tasks.find((t) => t.id === taskId);
    if (!task) throw new DomainError('TASK_NOT_FOUND', `Không có công việc ${taskId} / No task ${taskId}`);
    if (task.state !== 'open') {
      throw new DomainError('TASK_NOT_OPEN', `Công việc đã ${task.state === 'done' ? 'xong' : 'huỷ'} / The task is ${task.state}`, {
        taskId,
        state: task.state,
      });
    }
    return task;
  }

  /** The actor may act on the task: its assignee, or anyone with its role in its agency when unclaimed. */
  assertMayAct(task: Task, actor: Actor): void {
    if (task.assignee !== null) {
      if (task.assignee !== actor.username) {
        throw new DomainError('NOT_ASSIGNEE', `Công việc do ${task.assignee} xử lý / The task is assigned to ${task.assignee}`, {
          assignee: task.assignee,
        });
      }
      return;
    }
    this.assertRoleAndAgency(task, actor);
  }

  assertRoleAndAgency(task: Task, actor: Actor): void {
    if (!actor.roles.includes(task.role)) {
      throw new DomainError('ROLE_REQUIRED', `Cần vai trò "${task.role}" / Role "${task.role}" is required`, {
        role: task.role,
      });
    }
    if (actor.agencyCode !== task.agencyCode) {
      throw new DomainError(
        'WRONG_AGENCY',
        `Công việc thuộc cơ quan ${task.agencyCode} / The task belongs to agency ${task.agencyCode}`,
        { agencyCode: task.agencyCode },
      );
    }
  }

  /** Dossier-level actions (supplement request, reject, apology) come from an agency that holds it. */
  assertActsForDossier(actor: Actor): void {
    const agencies = new Set([
      this.state.receivingAgency,
      this.state.holdingAgency,
      ...this.openTasks().map((t) => t.agencyCode),
    ]);
    if (!agencies.has(actor.agencyCode)) {
      throw new DomainError(
        'WRONG_AGENCY',
        `Cơ quan ${actor.agencyCode} không giữ hồ sơ này / Agency ${actor.agencyCode} does not hold this dossier`,
        { agencyCode: actor.agencyCode },
      );
    }
  }

  openTasks(): Task[] {
    return this.state.tasks.filter((t) => t.state === 'open');
  }

  nextId(prefix = ''): string {
    this.state.seq += 1;
    return `${this.state.id}.${prefix}${this.state.seq}`;
  }

  // ── the machine ───────────────────────────────────────────────────────────
  /** Take a machine step: interpret its actions, then check nothing is left stranded on a gateway. */
  applyMachine(step: MachineStep): void {
    this.state.machine = step.snapshot;
    this.state.data = { ...step.snapshot.context.data };
    this.state.lastOutcome = step.snapshot.context.outcome;
    for (const action of step.actions) this.interpret(action);
    if (step.done) return;
    for (const key of step.active) {
      const node = this.nodeByKey(key);
      if (node && TRANSIENT.has(node.type)) {
        throw new DomainError(
          'NO_ROUTE',
          `Không có nhánh nào của "${node.name || node.id}" khớp với dữ liệu hồ sơ / No flow out of "${node.name || node.id}" matches the dossier`,
          { elementId: node.id },
        );
      }
    }
  }

  private nodeByKey(key: string): FlowNode | undefined {
    for (const { node } of this.procedure.nodes.values()) if (stateKey(node.id) === key) return node;
    return undefined;
  }

  private node<T extends FlowNode>(id: string): T {
    const found = this.procedure.nodes.get(id);
    if (!found) throw new DomainError('INVALID_MODEL', `Không có phần tử ${id} / No element ${id}`);
    return found.node as T;
  }

  private interpret(action: EngineAction): void {
    switch (action.type) {
      case 'openStep':
        return this.openStep(this.node<UserTask>(action.params.stepId));
      case 'leaveStep':
        return this.leaveStep(action.params.stepId);
      case 'armBoundary':
        return this.armBoundary(this.node<BoundaryEvent>(action.params.nodeId), action.params.hostId);
      case 'disarmBoundaries':
        this.state.timers = this.state.timers.filter(
          (t) => this.procedure.nodes.get(t.nodeId)?.node.type !== 'boundaryEvent' ||
            (this.node<BoundaryEvent>(t.nodeId).attachedTo !== action.params.hostId),
        );
        return;
      case 'armTimer': {
        const node = this.node<FlowNode>(action.params.nodeId);
        if (node.type === 'timerEvent') this.addTimer(node.id, 'intermediateTimer', node.timer, null);
        return;
      }
      case 'disarmTimer':
        this.state.timers = this.state.timers.filter((t) => t.nodeId !== action.params.nodeId);
        return;
      case 'runService':
        return this.runService(this.node<ServiceTask>(action.params.nodeId));
      case 'boundaryFired':
        return this.boundaryFired(this.node<BoundaryEvent>(action.params.nodeId));
    }
  }

  private openStep(step: UserTask): void {
    const agencyCode = this.ctx.agencies.resolve(step.agency, this.state.receivingAgency);
    const start = this.countingNow;
    const due = stepDueAt(this.ctx.calendar, start, step.duration, this.dayCount);
    const task: Task = {
      id: this.nextId(),
      stepId: step.id,
      name: step.name || step.id,
      role: step.role,
      agencyCode,
      assignee: null,
      state: 'open',
      startedAt: this.nowIso,
      allotted: step.duration,
      dueAt: due ? due.toISOString() : null,
      dueSoonAt: due ? dueSoonAt(this.ctx.calendar, start, due, this.policy, this.dayCount).toISOString() : null,
      completedAt: null,
      completedBy: null,
      outcome: null,
      comment: null,
      verdict: null,
      escalationLevel: 0,
      dueSoonNotified: false,
    };
    this.state.tasks.push(task);
    this.effects.push({ type: 'taskOpened', task });
    const from = this.state.holdingAgency;
    if (agencyCode !== from) {
      // Inter-agency one-stop (Decree 61/2018 ch. IV): each hop is recorded as a hand-over.
      this.effects.push({ type: 'handoff', taskId: task.id, stepId: step.id, fromAgency: from, toAgency: agencyCode });
      this.record('transferred', null, { fromAgency: from, toAgency: agencyCode, automatic: true }, task);
    }
    this.state.holdingAgency = agencyCode;
  }

  private leaveStep(stepId: string): void {
    for (const task of this.openTasks()) {
      if (task.stepId !== stepId) continue;
      task.state = 'cancelled';
      task.completedAt = this.nowIso;
      this.effects.push({ type: 'taskClosed', task });
    }
  }

  private armBoundary(boundary: BoundaryEvent, hostId: string): void {
    const hostTask = [...this.openTasks()].reverse().find((t) => t.stepId === hostId) ?? null;
    if (boundary.trigger.kind === 'timer') {
      this.addTimer(boundary.id, 'boundaryTimer', boundary.trigger.timer, hostTask?.id ?? null);
      return;
    }
    // Escalation boundary: fires when the host runs out of its allotment.
    let dueAt: string | null = hostTask?.dueAt ?? null;
    if (!hostTask) {
      const host = this.node<SubProcess>(hostId);
      const due = stepDueAt(this.ctx.calendar, this.countingNow, host.duration, this.dayCount);
      dueAt = due ? due.toISOString() : null;
    }
    if (dueAt === null) return;
    this.state.timers.push({
      id: this.nextId('t'),
      nodeId: boundary.id,
      kind: 'escalation',
      dueAt,
      taskId: hostTask?.id ?? null,
      repeatsLeft: null,
    });
  }

  private addTimer(
    nodeId: string,
    kind: EngineTimer['kind'],
    timer: { kind: 'duration' | 'date' | 'cycle'; value: string },
    taskId: string | null,
  ): void {
    let dueAt: Date;
    let repeatsLeft: number | null = null;
    if (timer.kind === 'date') {
      dueAt = new Date(timer.value);
    } else if (timer.kind === 'cycle') {
      const { repeats, interval } = parseCycle(timer.value);
      dueAt = this.ctx.calendar.addTime(this.countingNow, interval, this.dayCount);
      repeatsLeft = repeats === null ? null : repeats - 1;
    } else {
      dueAt = this.ctx.calendar.addTime(this.countingNow, timer.value, this.dayCount);
    }
    this.state.timers.push({ id: this.nextId('t'), nodeId, kind, dueAt: dueAt.toISOString(), taskId, repeatsLeft });
  }

  private runService(node: ServiceTask): void {
    if (node.action === 'notify') {
      this.effects.push({
        type: 'notify',
        nodeId: node.id,
        role: node.role ?? 'reception',
        agencyCode: this.state.receivingAgency,
        message: node.name || node.id,
      });
    } else {
      this.state.data = { ...this.state.data, resultIssuedAt: this.nowIso };
      this.effects.push({ type: 'resultIssued', nodeId: node.id });
    }
  }

  private boundaryFired(boundary: BoundaryEvent): void {
    const host = this.openTasks().find((t) => t.stepId === boundary.attachedTo) ?? null;
    this.record('timerFired', null, { nodeId: boundary.id, interrupting: boundary.interrupting, trigger: boundary.trigger.kind }, host);
    if (boundary.interrupting) return;
    // A non-interrupting boundary only runs the notifications on its path.
    let flowId = boundary.outgoing[0];
    const container = this.procedure.nodes.get(boundary.id)!.container;
    const seen = new Set<string>();
    while (flowId && !seen.has(flowId)) {
      seen.add(flowId);
      const next = container.nodes[container.flows[flowId]?.target ?? ''];
      if (next?.type !== 'serviceTask') break;
      this.runService(next);
      flowId = next.outgoing[0];
    }
  }

  // ── status ────────────────────────────────────────────────────────────────
  /** The dossier status follows from the machine, the pause and the open tasks. */
  settleStatus(): void {
    const s = this.state;
    if (CLOSED_STATUSES.includes(s.status)) return;
    if (s.pause) {
      s.status = 'awaitingSupplement';
      return;
    }
    const open = this.openTasks();
    const machineDone = (s.machine as { status?: string } | null)?.status === 'done';
    const lastDone = s.tasks.filter((t) => t.state === 'done').at(-1);
    const returnStep = (t: Task) => this.procedure.returnSteps.has(t.stepId);
    // CONTRACT.md §6.2: completing the modelled return step is the hand-over itself.
    if (lastDone && returnStep(lastDone)) {
      this.markResolved();
      s.holdingAgency = s.receivingAgency;
      this.close('returned', lastDone.completedBy);
      return;
    }
    if (machineDone) {
      // A model without a return step: the desk returns with the explicit action.
      this.markResolved();
      s.holdingAgency = s.receivingAgency;
      s.status = 'awaitingReturn';
      return;
    }
    if (open.length > 0 && open.every(returnStep)) {
      this.markResolved();
      s.status = 'awaitingReturn';
      return;
    }
    if (open.length > 0 && open.every((t) => t.agencyCode !== s.receivingAgency)) {
      s.status = 'transferred';
      return;
    }
    s.holdingAgency = open.at(-1)?.agencyCode ?? s.receivingAgency;
    s.status = s.tasks.some((t) => t.state === 'done') ? 'processing' : 'received';
  }

  private markResolved(): void {
    if (this.state.resolvedAt !== null) return;
    this.state.resolvedAt = this.nowIso;
    this.record('resolved', null, {});
  }

  close(status: 'returned' | 'rejected' | 'withdrawn', actor: string | null): void {
    const s = this.state;
    for (const task of this.openTasks()) {
      task.state = 'cancelled';
      task.completedAt = this.nowIso;
      this.effects.push({ type: 'taskClosed', task });
    }
    s.timers = [];
    s.status = status;
    s.closedAt = this.nowIso;
    if (status === 'returned') {
      s.returnedAt = this.nowIso;
      s.result = verdict(this.ctx.calendar, new Date(s.appointmentAt), this.now, {
        apologized: s.apologies.length > 0,
      });
      this.record('returned', actor, { result: s.result });
    }
    this.effects.push({ type: 'dossierUpdated' });
  }
}

/** `R3/PT4H` → 3 repetitions every 4 working hours; `R/PT4H` repeats until the step ends. */
export function parseCycle(value: string): { repeats: number | null; interval: string } {
  const match = /^R(\d*)\/(P.+)$/.exec(value.trim());
  if (!match) {
    throw new DomainError('INVALID_DURATION', `Chu kỳ hẹn giờ không hợp lệ "${value}" / Invalid timer cycle "${value}"`);
  }
  return { repeats: match[1] === '' ? null : Number(match[1]), interval: match[2] };
}
