// Everything wrong with a procedure model, all at once: an admin fixing a diagram wants
// the whole list, each finding pinned to the BPMN element it is about. Errors block a
// deploy; warnings (a missing time limit, allotments exceeding it) are shown and kept.

import { DateTime } from 'luxon';
import { parseDuration, WorkingCalendar } from '../calendar/index.js';
import { checkExpression } from '../expressions/index.js';
import {
  CYCLE_LIMITS,
  INTAKES,
  LEVELS,
  SERVICE_ACTIONS,
  type AgencySelector,
  type Container,
  type DayCount,
  type FlowNode,
  type ProcedureModel,
  type SequenceFlow,
  type SubProcess,
  type TimerDefinition,
  type UserTask,
} from '../model/procedure.js';
import { AGENCY_CODE_PATTERN, AGENCY_KIND_PATTERN } from '../model/agencySelector.js';
import { containerBudget } from '../model/timeBudget.js';
import { problem, type Problem } from '../model/problem.js';
import { analyzeStructure } from '../model/structure.js';
import { componentProblems } from './components.js';
import { fieldProblems } from './fields.js';

const DAY_COUNTS = ['working', 'calendar'];

// Agency codes are national codes like `000.23.51.H40`; kinds are slugs like `land-office`.

const CYCLE = /^R(\d*)\/(.+)$/;

// Tools wrap long names over several lines; a message wants them on one.
const nameOf = (node: { id: string; name: string }): string => node.name.replace(/\s+/g, ' ').trim() || node.id;

let workingDayMinutes: number | null = null;
/** Office minutes in one working day, as the calendar counts `P1D`. */
function dayMinutes(dayCount: DayCount): number {
  if (dayCount === 'calendar') return 24 * 60;
  workingDayMinutes ??= new WorkingCalendar().dayLengthMinutes;
  return workingDayMinutes;
}

/** Days a valid duration stands for, in the procedure's day count; null when it does not parse. */
function durationDays(iso: string, dayCount: DayCount): number | null {
  try {
    const { days, minutes } = parseDuration(iso, dayCount);
    return days + minutes / dayMinutes(dayCount);
  } catch {
    return null;
  }
}

const formatDays = (days: number): string => String(Math.round(days * 100) / 100);

class Validator {
  readonly problems: Problem[] = [];
  /** Where each node lives, to tell "missing" from "in another container". */
  private readonly homeOf = new Map<string, Container>();
  private readonly dayCount: DayCount;

  constructor(private readonly model: ProcedureModel) {
    this.dayCount = DAY_COUNTS.includes(model.dayCount) ? model.dayCount : 'working';
    this.index(model.root);
  }

  private index(container: Container): void {
    for (const node of Object.values(container.nodes)) {
      this.homeOf.set(node.id, container);
      if (node.type === 'subProcess') this.index(node.container);
    }
  }

  private error(code: string, elementId: string | null, vi: string, en: string): void {
    this.problems.push(problem('error', code, elementId, vi, en));
  }

  private warn(code: string, elementId: string | null, vi: string, en: string): void {
    this.problems.push(problem('warning', code, elementId, vi, en));
  }

  run(): Problem[] {
    this.checkProcess();
    this.problems.push(...componentProblems(this.model));
    this.problems.push(...fieldProblems(this.model));
    this.checkContainer(this.model.root, this.model.timeLimit, null);
    return this.problems;
  }

  private checkProcess(): void {
    const { model } = this;
    if (model.level !== null && !(LEVELS as readonly string[]).includes(model.level)) {
      this.error(
        'INVALID_LEVEL',
        model.key,
        `mc:level "${model.level}" không hợp lệ; chọn commune (xã), district (huyện) hoặc province (tỉnh).`,
        `mc:level "${model.level}" is invalid; use commune, district or province.`,
      );
    }
    if (model.intake !== undefined && !(INTAKES as readonly string[]).includes(model.intake)) {
      this.error(
        'INVALID_INTAKE',
        model.key,
        `mc:intake "${model.intake}" không hợp lệ; chọn province (mọi trung tâm trong tỉnh tiếp nhận) hoặc competent (chỉ bộ phận một cửa của cơ quan có thẩm quyền).`,
        `mc:intake "${model.intake}" is invalid; use province (any center of the province receives) or competent (only the competent agency's desk).`,
      );
    }
    if (!DAY_COUNTS.includes(model.dayCount)) {
      this.error(
        'INVALID_DAY_COUNT',
        model.key,
        `mc:dayCount "${model.dayCount}" không hợp lệ; chọn working (ngày làm việc) hoặc calendar (ngày lịch).`,
        `mc:dayCount "${model.dayCount}" is invalid; use working or calendar.`,
      );
    }
    if (model.timeLimit === null) {
      this.warn(
        'MISSING_TIME_LIMIT',
        model.key,
        'Quy trình chưa có thời hạn giải quyết (mc:timeLimit); không tính được ngày hẹn trả kết quả.',
        'The procedure has no time limit (mc:timeLimit); no appointment date can be computed.',
      );
    } else {
      this.checkDuration(model.key, 'mc:timeLimit', model.timeLimit);
    }
  }

  private checkDuration(elementId: string, attribute: string, value: string): boolean {
    if (durationDays(value, this.dayCount) !== null) return true;
    this.error(
      'INVALID_DURATION',
      elementId,
      `${attribute} "${value}" không phải thời lượng ISO 8601 hợp lệ (ví dụ P5D, P0.5D, PT4H; không dùng năm, tháng${this.dayCount === 'working' ? ', tuần' : ''}).`,
      `${attribute} "${value}" is not a valid ISO 8601 duration (e.g. P5D, P0.5D, PT4H; no years, months${this.dayCount === 'working' ? ' or weeks' : ''}).`,
    );
    return false;
  }

  private checkContainer(container: Container, limit: string | null, owner: SubProcess | null): void {
    const nodes = Object.values(container.nodes);
    const where = owner ? `Quy trình con "${nameOf(owner)}"` : 'Quy trình';
    const whereEn = owner ? `Sub-process "${nameOf(owner)}"` : 'The process';
    const starts = nodes.filter((n) => n.type === 'startEvent');
    if (starts.length === 0) {
      this.error('NO_START_EVENT', container.id, `${where} chưa có sự kiện bắt đầu.`, `${whereEn} has no start event.`);
    } else if (starts.length > 1) {
      const ids = starts.map((s) => s.id).join(', ');
      this.error(
        'MULTIPLE_START_EVENTS',
        container.id,
        `${where} có nhiều sự kiện bắt đầu (${ids}); chỉ được có một.`,
        `${whereEn} has several start events (${ids}); it needs exactly one.`,
      );
    }
    if (!nodes.some((n) => n.type === 'endEvent')) {
      this.error('NO_END_EVENT', container.id, `${where} chưa có sự kiện kết thúc.`, `${whereEn} has no end event.`);
    }

    for (const flow of Object.values(container.flows)) this.checkFlow(container, flow);
    for (const node of nodes) this.checkNode(container, node);
    this.checkReachability(container, starts);
    this.checkOutcomes(container);
    this.checkTimeLimit(container, limit, owner);
    this.problems.push(...analyzeStructure(container).problems);

    for (const node of nodes) {
      if (node.type === 'subProcess') {
        const own = node.duration !== null && durationDays(node.duration, this.dayCount) !== null ? node.duration : null;
        this.checkContainer(node.container, own, node);
      }
    }
  }

  private checkFlow(container: Container, flow: SequenceFlow): void {
    for (const [end, id] of [
      ['source', flow.source],
      ['target', flow.target],
    ] as const) {
      if (container.nodes[id]) continue;
      const vi = end === 'source' ? 'nguồn' : 'đích';
      if (id === '') {
        this.error('DANGLING_FLOW', flow.id, `Luồng "${flow.id}" thiếu phần tử ${vi}.`, `Flow "${flow.id}" has no ${end}.`);
      } else if (this.homeOf.has(id)) {
        this.error(
          'DANGLING_FLOW',
          flow.id,
          `Luồng "${flow.id}" nối tới "${id}" ở ngoài phạm vi (quy trình con) của nó; luồng không được vượt ranh giới quy trình con.`,
          `Flow "${flow.id}" connects to "${id}" outside its own container; flows cannot cross a sub-process boundary.`,
        );
      } else {
        this.error(
          'DANGLING_FLOW',
          flow.id,
          `Luồng "${flow.id}" có ${vi} "${id}" không tồn tại.`,
          `Flow "${flow.id}" has a ${end} "${id}" that does not exist.`,
        );
      }
    }
    const source = container.nodes[flow.source];
    const target = container.nodes[flow.target];
    if (source?.type === 'endEvent') {
      this.error(
        'INVALID_FLOW',
        flow.id,
        `Luồng "${flow.id}" đi ra từ sự kiện kết thúc "${nameOf(source)}".`,
        `Flow "${flow.id}" leaves end event "${nameOf(source)}".`,
      );
    }
    if (target?.type === 'startEvent' || target?.type === 'boundaryEvent') {
      this.error(
        'INVALID_FLOW',
        flow.id,
        `Luồng "${flow.id}" đi vào "${nameOf(target)}", nơi chỉ được có luồng đi ra.`,
        `Flow "${flow.id}" enters "${nameOf(target)}", which may only have outgoing flows.`,
      );
    }
    if (flow.condition !== null) {
      const check = checkExpression(flow.condition);
      if (!check.ok) this.error('INVALID_EXPRESSION', flow.id, `Luồng "${flow.id}": ${check.message}`, `Flow "${flow.id}": ${check.messageEn}`);
    }
  }

  /**
   * A non-interrupting boundary event runs beside its activity: the engine carries out the
   * notifications on its path, but a step there would never be assigned. Say so.
   */
  private checkSidePath(container: Container, boundary: FlowNode): void {
    const seen = new Set<string>();
    const stack = boundary.outgoing.map((id) => container.flows[id]?.target).filter((t): t is string => !!t);
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (seen.has(id)) continue;
      seen.add(id);
      const node = container.nodes[id];
      if (!node || node.type === 'endEvent') continue;
      if (node.type !== 'serviceTask') {
        this.error(
          'NON_INTERRUPTING_PATH',
          node.id,
          `"${nameOf(node)}" nằm sau sự kiện biên không ngắt "${nameOf(boundary)}": nhánh này chỉ được có tác vụ thông báo (mc:action) và sự kiện kết thúc.`,
          `"${nameOf(node)}" follows the non-interrupting boundary event "${nameOf(boundary)}": that path may only hold notification tasks (mc:action) and end events.`,
        );
        continue;
      }
      for (const flowId of node.outgoing) {
        const target = container.flows[flowId]?.target;
        if (target) stack.push(target);
      }
    }
  }

  private checkNode(container: Container, node: FlowNode): void {
    const name = nameOf(node);
    const silentWithoutExit = node.type === 'endEvent' || (node.type === 'boundaryEvent' && !node.interrupting);
    if (node.outgoing.length === 0 && !silentWithoutExit) {
      this.error(
        'DEAD_END',
        node.id,
        `"${name}" không có luồng đi ra; hồ sơ sẽ dừng mãi ở đây. Hãy nối tới bước tiếp theo hoặc sự kiện kết thúc.`,
        `"${name}" has no outgoing flow; a dossier would stop here for good. Connect it to the next step or an end event.`,
      );
    }
    this.checkImplicitSplit(container, node);
    if (node.type === 'boundaryEvent' && !node.interrupting) this.checkSidePath(container, node);
    switch (node.type) {
      case 'userTask':
        if (node.role.trim() === '') {
          this.error(
            'MISSING_ROLE',
            node.id,
            `Bước "${name}" chưa có vai trò xử lý (mc:role).`,
            `Step "${name}" has no acting role (mc:role).`,
          );
        }
        this.checkAgency(node);
        if (node.duration !== null) this.checkDuration(node.id, 'mc:duration', node.duration);
        return;
      case 'subProcess':
        if (node.duration !== null) this.checkDuration(node.id, 'mc:duration', node.duration);
        return;
      case 'serviceTask':
        if (!(SERVICE_ACTIONS as readonly string[]).includes(node.action)) {
          this.error(
            'UNKNOWN_ACTION',
            node.id,
            node.action
              ? `Hành động "${node.action}" của "${name}" không tồn tại; chọn một trong: ${SERVICE_ACTIONS.join(', ')}.`
              : `"${name}" chưa chọn hành động (mc:action); chọn một trong: ${SERVICE_ACTIONS.join(', ')}.`,
            node.action
              ? `Action "${node.action}" of "${name}" does not exist; use one of: ${SERVICE_ACTIONS.join(', ')}.`
              : `"${name}" names no action (mc:action); use one of: ${SERVICE_ACTIONS.join(', ')}.`,
          );
        }
        return;
      case 'timerEvent':
        this.checkTimer(node.id, name, node.timer);
        return;
      case 'boundaryEvent':
        this.checkBoundary(container, node);
        return;
      case 'exclusiveGateway':
        this.checkExclusiveGateway(container, node);
        return;
      default:
        return;
    }
  }

  private checkImplicitSplit(container: Container, node: FlowNode): void {
    if (node.type === 'exclusiveGateway' || node.type === 'parallelGateway' || node.outgoing.length < 2) return;
    // A user task whose every outgoing flow is an outcome is routed by the clerk's choice.
    if (node.type === 'userTask' && node.outgoing.every((id) => container.flows[id]?.outcome != null)) return;
    this.error(
      'IMPLICIT_SPLIT',
      node.id,
      `"${nameOf(node)}" có ${node.outgoing.length} luồng đi ra không gắn kết quả xử lý (mc:outcome); hãy dùng cổng loại trừ hoặc cổng song song để tách nhánh.`,
      `"${nameOf(node)}" has ${node.outgoing.length} outgoing flows without outcomes (mc:outcome); use an exclusive or a parallel gateway to split.`,
    );
  }

  private checkAgency(task: UserTask): void {
    const agency: AgencySelector = task.agency;
    let bad: string | null = null;
    if (agency.kind === 'ofKind' && !AGENCY_KIND_PATTERN.test(agency.agencyKind)) bad = `kind:${agency.agencyKind}`;
    if (agency.kind === 'exact' && !AGENCY_CODE_PATTERN.test(agency.code)) bad = agency.code;
    if (bad === null) return;
    this.error(
      'INVALID_AGENCY',
      task.id,
      `mc:agency "${bad}" của bước "${nameOf(task)}" không hợp lệ; dùng @receiving, @competent, @parent, kind:<loại cơ quan> hoặc mã cơ quan.`,
      `mc:agency "${bad}" of step "${nameOf(task)}" is invalid; use @receiving, @competent, @parent, kind:<agency kind> or an agency code.`,
    );
  }

  private checkTimer(elementId: string, name: string, timer: TimerDefinition): void {
    const invalidTimer = (vi: string, en: string) =>
      this.error('INVALID_TIMER', elementId, `Hẹn giờ "${name}": ${vi}.`, `Timer "${name}": ${en}.`);
    if (timer.value === '') {
      invalidTimer('chưa đặt thời gian (timeDuration, timeDate hoặc timeCycle)', 'no time is set (timeDuration, timeDate or timeCycle)');
      return;
    }
    switch (timer.kind) {
      case 'duration':
        this.checkDuration(elementId, 'timeDuration', timer.value);
        return;
      case 'date':
        if (!DateTime.fromISO(timer.value, { setZone: true }).isValid) {
          invalidTimer(`"${timer.value}" không phải thời điểm ISO 8601`, `"${timer.value}" is not an ISO 8601 date-time`);
        }
        return;
      case 'cycle': {
        const cycle = CYCLE.exec(timer.value);
        if (!cycle) {
          invalidTimer(`chu kỳ "${timer.value}" phải có dạng R<n>/<thời lượng>, ví dụ R3/P1D`, `cycle "${timer.value}" must look like R<n>/<duration>, e.g. R3/P1D`);
          return;
        }
        if (!this.checkDuration(elementId, 'timeCycle', cycle[2])) return;
        const repeats = cycle[1] === '' ? null : Number(cycle[1]);
        if (repeats === null || repeats < 1 || repeats > CYCLE_LIMITS.maxRepeats) {
          invalidTimer(
            `chu kỳ "${timer.value}" phải ghi số lần lặp R<n>, từ 1 đến ${CYCLE_LIMITS.maxRepeats} (không lặp vô hạn)`,
            `cycle "${timer.value}" must give a repetition count R<n> from 1 to ${CYCLE_LIMITS.maxRepeats} (no endless repetition)`,
          );
        }
        const interval = durationDays(cycle[2], this.dayCount)! * dayMinutes(this.dayCount);
        if (interval < CYCLE_LIMITS.minIntervalMinutes) {
          invalidTimer(
            `chu kỳ "${timer.value}" lặp quá dày; khoảng cách tối thiểu là ${CYCLE_LIMITS.minIntervalMinutes} phút (PT1H)`,
            `cycle "${timer.value}" repeats too often; the shortest interval is ${CYCLE_LIMITS.minIntervalMinutes} minutes (PT1H)`,
          );
        }
        return;
      }
    }
  }

  private checkBoundary(container: Container, node: Extract<FlowNode, { type: 'boundaryEvent' }>): void {
    const name = nameOf(node);
    const host = container.nodes[node.attachedTo];
    if (!host || (host.type !== 'userTask' && host.type !== 'subProcess')) {
      this.error(
        'INVALID_BOUNDARY',
        node.id,
        host
          ? `Sự kiện biên "${name}" gắn vào "${nameOf(host)}"; chỉ gắn được vào công việc người dùng hoặc quy trình con.`
          : `Sự kiện biên "${name}" không gắn vào bước nào (attachedToRef "${node.attachedTo}").`,
        host
          ? `Boundary event "${name}" is attached to "${nameOf(host)}"; only user tasks and sub-processes can hold one.`
          : `Boundary event "${name}" is not attached to any step (attachedToRef "${node.attachedTo}").`,
      );
      return;
    }
    if (node.trigger.kind === 'timer') {
      this.checkTimer(node.id, name, node.trigger.timer);
    } else if (host.duration === null) {
      // Escalation fires when the host's allotment runs out; without one it never would.
      this.error(
        'BOUNDARY_WITHOUT_DURATION',
        node.id,
        `Sự kiện leo thang "${name}" gắn vào "${nameOf(host)}", nhưng bước này chưa có thời hạn (mc:duration) nên không bao giờ quá hạn.`,
        `Escalation event "${name}" is attached to "${nameOf(host)}", which has no mc:duration, so it can never become overdue.`,
      );
    }
  }

  private checkExclusiveGateway(container: Container, gateway: Extract<FlowNode, { type: 'exclusiveGateway' }>): void {
    const name = nameOf(gateway);
    if (gateway.defaultFlow !== null && !gateway.outgoing.includes(gateway.defaultFlow)) {
      this.error(
        'INVALID_DEFAULT_FLOW',
        gateway.id,
        `Luồng mặc định "${gateway.defaultFlow}" của cổng "${name}" không đi ra từ cổng này.`,
        `Default flow "${gateway.defaultFlow}" of gateway "${name}" does not leave it.`,
      );
    }
    if (gateway.outgoing.length < 2) return;
    const flows = gateway.outgoing.map((id) => container.flows[id]).filter((f): f is SequenceFlow => f !== undefined);
    const others = flows.filter((f) => f.id !== gateway.defaultFlow);
    const bare = others.filter((f) => f.outcome === null && f.condition === null);
    for (const flow of bare) {
      this.error(
        'AMBIGUOUS_FLOW',
        flow.id,
        `Luồng "${nameOf(flow)}" ra khỏi cổng "${name}" không có kết quả xử lý (mc:outcome) hay điều kiện, và không phải luồng mặc định.`,
        `Flow "${nameOf(flow)}" out of gateway "${name}" has neither an outcome (mc:outcome) nor a condition and is not the default flow.`,
      );
    }
    const hasDefault = gateway.defaultFlow !== null && gateway.outgoing.includes(gateway.defaultFlow);
    const onlyConditions = others.every((f) => f.outcome === null);
    if (!hasDefault && (bare.length > 0 || onlyConditions)) {
      this.error(
        'GATEWAY_NOT_COVERED',
        gateway.id,
        bare.length > 0
          ? `Cổng "${name}" không biết chọn nhánh nào: mỗi luồng ra cần kết quả xử lý hoặc điều kiện, hoặc đặt một luồng mặc định.`
          : `Cổng "${name}" chỉ dùng điều kiện: khi không điều kiện nào đúng hồ sơ sẽ kẹt; hãy đặt một luồng mặc định.`,
        bare.length > 0
          ? `Gateway "${name}" cannot choose a branch: give every outgoing flow an outcome or a condition, or set a default flow.`
          : `Gateway "${name}" uses conditions only: when none holds the dossier is stuck; set a default flow.`,
      );
    }
  }

  private checkReachability(container: Container, starts: FlowNode[]): void {
    if (starts.length === 0) return;
    const reached = new Set<string>();
    const queue = starts.map((s) => s.id);
    while (queue.length > 0) {
      const id = queue.pop()!;
      if (reached.has(id)) continue;
      reached.add(id);
      const node = container.nodes[id];
      if (!node) continue;
      for (const flowId of node.outgoing) {
        const target = container.flows[flowId]?.target;
        if (target && container.nodes[target]) queue.push(target);
      }
      if (node.type === 'userTask' || node.type === 'subProcess') queue.push(...node.boundary);
    }
    for (const node of Object.values(container.nodes)) {
      if (reached.has(node.id)) continue;
      this.error(
        'UNREACHABLE',
        node.id,
        `"${nameOf(node)}" không bao giờ được tới từ sự kiện bắt đầu.`,
        `"${nameOf(node)}" can never be reached from the start event.`,
      );
    }
  }

  /** Outcome flows a clerk is offered at a task: its own, or those of the exclusive gateway right after it. */
  private offeredOutcomes(container: Container, task: UserTask): SequenceFlow[] {
    const offered: SequenceFlow[] = [];
    for (const flowId of task.outgoing) {
      const flow = container.flows[flowId];
      if (!flow) continue;
      if (flow.outcome !== null) offered.push(flow);
      const next = container.nodes[flow.target];
      // Same reading as engine/machine/compile.ts: a gateway speaks for the task only when it is the task's one way out.
      if (next?.type === 'exclusiveGateway' && task.outgoing.length === 1) {
        for (const id of next.outgoing) {
          const gatewayFlow = container.flows[id];
          if (gatewayFlow?.outcome != null) offered.push(gatewayFlow);
        }
      }
    }
    return offered;
  }

  private checkOutcomes(container: Container): void {
    const attributed = new Set<string>();
    for (const node of Object.values(container.nodes)) {
      if (node.type !== 'userTask') continue;
      const seen = new Map<string, SequenceFlow>();
      for (const flow of this.offeredOutcomes(container, node)) {
        attributed.add(flow.id);
        const outcome = flow.outcome!;
        const first = seen.get(outcome);
        if (!first) {
          seen.set(outcome, flow);
          continue;
        }
        if (first.id === flow.id) continue;
        this.error(
          'DUPLICATE_OUTCOME',
          flow.id,
          `Bước "${nameOf(node)}" có hai luồng cùng kết quả "${outcome}" (${first.id}, ${flow.id}); người xử lý không phân biệt được.`,
          `Step "${nameOf(node)}" offers outcome "${outcome}" on two flows (${first.id}, ${flow.id}); a clerk cannot tell them apart.`,
        );
      }
    }
    for (const flow of Object.values(container.flows)) {
      if (flow.outcome === null || attributed.has(flow.id)) continue;
      this.warn(
        'OUTCOME_NOT_AFTER_TASK',
        flow.id,
        `Kết quả "${flow.outcome}" trên luồng "${nameOf(flow)}" không thuộc bước người dùng nào (luồng phải ra từ công việc người dùng hoặc từ cổng loại trừ ngay sau nó); người xử lý sẽ không thấy lựa chọn này.`,
        `Outcome "${flow.outcome}" on flow "${nameOf(flow)}" belongs to no user task (the flow must leave a user task or the exclusive gateway right after one); no clerk will be offered it.`,
      );
    }
  }

  /**
   * The path from a start to an end with the largest sum of allotments, in days (the
   * designer shows the same figures: engine/model/timeBudget.ts).
   */
  private longestPath(container: Container): { days: number; path: string[]; weight: Map<string, number> } | null {
    const budget = containerBudget(container, this.dayCount);
    if (budget.path.length === 0) return null;
    const perDay = dayMinutes(this.dayCount);
    return { days: budget.longestMinutes / perDay, path: budget.path, weight: budget.weight };
  }

  private checkTimeLimit(container: Container, limit: string | null, owner: SubProcess | null): void {
    if (limit === null) return;
    let limitDays = durationDays(limit, this.dayCount);
    if (limitDays === null) return;
    // A same-day procedure (P0D) has at most one working day from counting start to close.
    if (limitDays === 0 && owner === null) limitDays = 1;
    const longest = this.longestPath(container);
    // Rounding guards against PT4H + PT4H + … summing to 5.0000001 days.
    if (!longest || longest.days <= limitDays + 1e-9) return;
    const steps = longest.path.filter((id) => (longest.weight.get(id) ?? 0) > 0);
    const last = steps[steps.length - 1] ?? longest.path[longest.path.length - 1];
    const unit = this.dayCount === 'working' ? 'ngày làm việc' : 'ngày';
    const unitEn = this.dayCount === 'working' ? 'working days' : 'days';
    const total = formatDays(longest.days);
    const allowed = formatDays(limitDays);
    const of = owner ? `thời hạn của quy trình con "${nameOf(owner)}"` : 'thời hạn giải quyết (mc:timeLimit)';
    const ofEn = owner ? `the allotment of sub-process "${nameOf(owner)}"` : 'the time limit (mc:timeLimit)';
    const path = longest.path.map((id) => nameOf(container.nodes[id])).join(' → ');
    this.warn(
      'TIME_LIMIT_EXCEEDED',
      last,
      `Tổng thời hạn các bước trên nhánh ${path} là ${total} ${unit}, vượt ${of} ${allowed} ${unit}.`,
      `The allotments along ${path} add up to ${total} ${unitEn}, more than ${ofEn} of ${allowed} ${unitEn}.`,
    );
  }
}

/** Every problem of a model, each naming its element; never throws on a bad model. */
export function validateModel(model: ProcedureModel): Problem[] {
  return new Validator(model).run();
}
