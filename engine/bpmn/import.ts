// BPMN 2.0 XML → ProcedureModel. The importer maps what the engine can run and reports,
// by element id, everything it cannot: a behavioural element is never dropped
// silently. It judges only what the model cannot hold (unsupported elements, XML
// errors, foreign-model defaults); attribute values it copies as written and leaves
// to validate.ts, so the designer gets every finding from one place.

import { BpmnModdle, type ModdleElement, type ModdleWarning } from 'bpmn-moddle';
import { parseClockTime } from '../calendar/localDate.js';
import { parseAgencySelector } from '../model/agencySelector.js';
import type {
  BoundaryTrigger,
  Container,
  DayCount,
  Intake,
  FlowNode,
  Level,
  ProcedureModel,
  SequenceFlow,
  ServiceActionName,
  TimerDefinition,
} from '../model/procedure.js';
import { problem, type Problem } from '../model/problem.js';
import motcuaDescriptor from './motcua.moddle.json' with { type: 'json' };
import { componentsOf } from './components.js';
import { fieldsOf } from './fields.js';

export const MOTCUA_NAMESPACE = 'https://schemas.motcua.org/bpmn/1.0';

/** One moddle for import and export: the `mc:` descriptor must be known to both. */
export const bpmnModdle = new BpmnModdle({ mc: motcuaDescriptor });

export interface ImportResult {
  /** Null when the XML cannot be read or holds no single executable process. */
  model: ProcedureModel | null;
  problems: Problem[];
  /** The moddle root (`bpmn:Definitions`), for export; null when the XML did not parse. */
  definitions: unknown;
}

/** A user task in a model without any `mc:` attribute acts as this role. */
export const DEFAULT_ROLE = 'specialist';

// Elements that carry no behaviour: importing them changes nothing that runs.
const IGNORED_FLOW_ELEMENTS = new Set(['bpmn:DataObject', 'bpmn:DataObjectReference', 'bpmn:DataStoreReference']);

const USER_TASK_TYPES = new Set(['bpmn:UserTask', 'bpmn:Task', 'bpmn:ManualTask']);
const SERVICE_TASK_TYPES = new Set(['bpmn:ServiceTask', 'bpmn:ScriptTask', 'bpmn:SendTask']);

// Why each refused element cannot run, and what to use instead (Vietnamese, English).
const UNSUPPORTED_REASONS: Record<string, [string, string]> = {
  'bpmn:InclusiveGateway': ['hãy dùng cổng loại trừ hoặc cổng song song', 'use an exclusive or a parallel gateway'],
  'bpmn:EventBasedGateway': ['hãy dùng cổng loại trừ hoặc sự kiện hẹn giờ biên', 'use an exclusive gateway or a timer boundary event'],
  'bpmn:ComplexGateway': ['hãy dùng cổng loại trừ hoặc cổng song song', 'use an exclusive or a parallel gateway'],
  'bpmn:CallActivity': ['hãy dùng quy trình con (sub-process)', 'use an embedded sub-process'],
  'bpmn:ReceiveTask': ['hệ thống không nhận thông điệp; hãy dùng công việc người dùng', 'the engine receives no messages; use a user task'],
  'bpmn:BusinessRuleTask': ['hãy dùng cổng loại trừ với điều kiện', 'use an exclusive gateway with conditions'],
  'bpmn:IntermediateThrowEvent': ['hãy dùng công việc dịch vụ (mc:action="notify")', 'use a service task with mc:action="notify"'],
  'bpmn:Transaction': ['hãy dùng quy trình con thường', 'use a plain sub-process'],
  'bpmn:AdHocSubProcess': ['hãy dùng quy trình con thường', 'use a plain sub-process'],
  'bpmn:MessageFlow': [
    'hệ thống không gửi/nhận thông điệp giữa các bể; hãy mô hình hoá bằng công việc người dùng',
    'the engine exchanges no messages between pools; model the hand-over as user tasks',
  ],
};

interface ImportContext {
  problems: Problem[];
  /** `${elementId}|${property}` → the id an unresolved reference named (moddle drops it). */
  unresolved: Map<string, string>;
  /** Ids of refused elements: flows touching them are covered by that refusal. */
  refused: Set<string>;
  /** No `mc:` attribute anywhere: a model from another tool, imported with defaults. */
  foreign: boolean;
}

const typeName = (el: ModdleElement): string => {
  const local = el.$type.replace(/^bpmn:/, '');
  return local.charAt(0).toLowerCase() + local.slice(1);
};

const label = (el: ModdleElement): string =>
  (typeof el.name === 'string' ? el.name.replace(/\s+/g, ' ').trim() : '') || el.id || '?';

function mcText(el: ModdleElement, attribute: string): string | null {
  const value = el.get(`mc:${attribute}`);
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

function list(el: ModdleElement, property: string): ModdleElement[] {
  const value = el.get(property);
  return Array.isArray(value) ? (value as ModdleElement[]) : [];
}

function ref(el: ModdleElement, property: string): ModdleElement | null {
  const value = el[property];
  return value && typeof value === 'object' ? (value as ModdleElement) : null;
}

/** The id a reference points at, even when it resolves to nothing (so validation can name it). */
function refId(el: ModdleElement, property: string, ctx: ImportContext): string | null {
  const target = ref(el, property);
  if (target?.id) return target.id;
  return ctx.unresolved.get(`${el.id}|bpmn:${property}`) ?? null;
}

function refuse(ctx: ImportContext, el: ModdleElement, reason?: [string, string]): void {
  const [vi, en] = reason ?? UNSUPPORTED_REASONS[el.$type] ?? ['hệ thống không thực thi được phần tử này', 'the engine cannot execute it'];
  if (el.id) ctx.refused.add(el.id);
  ctx.problems.push(
    problem(
      'error',
      'UNSUPPORTED_ELEMENT',
      el.id ?? null,
      `Phần tử "${label(el)}" (${typeName(el)}) không được hỗ trợ: ${vi}.`,
      `Element "${label(el)}" (${typeName(el)}) is not supported: ${en}.`,
    ),
  );
}

function eventDefinitionNames(el: ModdleElement): string {
  return list(el, 'eventDefinitions')
    .map((d) => typeName(d).replace(/EventDefinition$/, ''))
    .join(', ');
}

function timerOf(definition: ModdleElement, owner: ModdleElement, ctx: ImportContext): TimerDefinition {
  const bodies: [TimerDefinition['kind'], string][] = [];
  for (const [kind, property] of [
    ['duration', 'timeDuration'],
    ['date', 'timeDate'],
    ['cycle', 'timeCycle'],
  ] as const) {
    const expression = ref(definition, property);
    if (expression) bodies.push([kind, typeof expression.body === 'string' ? expression.body.trim() : '']);
  }
  if (bodies.length > 1) {
    ctx.problems.push(
      problem(
        'error',
        'INVALID_TIMER',
        owner.id ?? null,
        `Hẹn giờ "${label(owner)}" khai báo nhiều loại thời gian (${bodies.map(([k]) => k).join(', ')}); chỉ được chọn một.`,
        `Timer "${label(owner)}" sets several kinds of time (${bodies.map(([k]) => k).join(', ')}); choose one.`,
      ),
    );
  }
  // An empty timer stays in the model as an empty duration so validation names it.
  const [kind, value] = bodies[0] ?? ['duration', ''];
  return { kind, value };
}

function activityRefusal(el: ModdleElement): [string, string] | null {
  if (el.loopCharacteristics) {
    return ['không hỗ trợ lặp / nhiều thể hiện (multi-instance)', 'loops and multi-instance activities are not supported'];
  }
  if (el.isForCompensation === true) {
    return ['không hỗ trợ hoạt động bù trừ (compensation)', 'compensation activities are not supported'];
  }
  return null;
}

interface NodeBase {
  id: string;
  name: string;
  incoming: string[];
  outgoing: string[];
}

interface Inherited {
  role: string | null;
  agency: string | null;
}

function warnIgnored(ctx: ImportContext, el: ModdleElement, attributes: string[]): void {
  for (const attribute of attributes) {
    if (mcText(el, attribute) === null) continue;
    ctx.problems.push(
      problem(
        'warning',
        'IGNORED_ATTRIBUTE',
        el.id ?? null,
        `Thuộc tính mc:${attribute} không có tác dụng trên ${typeName(el)} "${label(el)}".`,
        `mc:${attribute} has no effect on ${typeName(el)} "${label(el)}".`,
      ),
    );
  }
}

function userTaskOf(el: ModdleElement, base: NodeBase, ctx: ImportContext, inherited: Inherited): FlowNode {
  let role = mcText(el, 'role') ?? inherited.role;
  const agencyText = mcText(el, 'agency') ?? inherited.agency;
  const duration = mcText(el, 'duration');
  if (ctx.foreign) {
    const name = label(el);
    role = DEFAULT_ROLE;
    ctx.problems.push(
      problem(
        'warning',
        'MISSING_ROLE',
        base.id,
        `Bước "${name}" chưa có mc:role; mặc định giao cho vai trò "${DEFAULT_ROLE}".`,
        `Step "${name}" has no mc:role; it defaults to the "${DEFAULT_ROLE}" role.`,
      ),
      problem(
        'warning',
        'DEFAULT_AGENCY',
        base.id,
        `Bước "${name}" chưa có mc:agency; mặc định do cơ quan tiếp nhận hồ sơ (@receiving) xử lý.`,
        `Step "${name}" has no mc:agency; the receiving agency (@receiving) acts on it.`,
      ),
      problem(
        'warning',
        'NO_DURATION',
        base.id,
        `Bước "${name}" chưa có mc:duration; bước này không có thời hạn riêng.`,
        `Step "${name}" has no mc:duration; it gets no allotment of its own.`,
      ),
    );
  }
  return {
    ...base,
    type: 'userTask',
    // Validation reports an empty role in a MộtCửa model; only foreign models get a default.
    role: role ?? '',
    agency: parseAgencySelector(agencyText),
    duration,
    boundary: [],
    returns: el.get('mc:returns') === true || mcText(el, 'returns') === 'true',
  };
}

function boundaryTriggerOf(el: ModdleElement, definition: ModdleElement, ctx: ImportContext): BoundaryTrigger | null {
  if (definition.$type === 'bpmn:TimerEventDefinition') return { kind: 'timer', timer: timerOf(definition, el, ctx) };
  if (definition.$type === 'bpmn:EscalationEventDefinition') {
    const escalation = ref(definition, 'escalationRef');
    const code = escalation && typeof escalation.escalationCode === 'string' ? escalation.escalationCode : null;
    return { kind: 'escalation', code };
  }
  return null;
}

/** One flow node → model node, or null after reporting why it cannot run. */
function nodeOf(el: ModdleElement, ctx: ImportContext, inherited: Inherited): FlowNode | null {
  const id = el.id!;
  const base: NodeBase = { id, name: typeof el.name === 'string' ? el.name : '', incoming: [], outgoing: [] };
  const definitions = list(el, 'eventDefinitions');
  const activityProblem = activityRefusal(el);

  if (activityProblem) {
    refuse(ctx, el, activityProblem);
    return null;
  }
  if (USER_TASK_TYPES.has(el.$type)) return userTaskOf(el, base, ctx, inherited);
  if (SERVICE_TASK_TYPES.has(el.$type)) {
    warnIgnored(ctx, el, ['agency', 'duration']);
    if (el.$type === 'bpmn:ScriptTask' && typeof el.script === 'string' && el.script.trim() !== '') {
      ctx.problems.push(
        problem(
          'warning',
          'SCRIPT_NOT_RUN',
          id,
          `Mã kịch bản của "${label(el)}" không bao giờ được chạy; chỉ hành động mc:action được thực hiện.`,
          `The script of "${label(el)}" is never run; only its mc:action is performed.`,
        ),
      );
    }
    return {
      ...base,
      type: 'serviceTask',
      // Copied as written: validation reports an action outside SERVICE_ACTIONS.
      action: (mcText(el, 'action') ?? '') as ServiceActionName,
      role: mcText(el, 'role'),
    };
  }
  switch (el.$type) {
    case 'bpmn:StartEvent':
      if (definitions.length > 0) {
        refuse(ctx, el, [
          `chỉ hỗ trợ sự kiện bắt đầu thường, không hỗ trợ loại ${eventDefinitionNames(el)}`,
          `only plain start events are supported, not ${eventDefinitionNames(el)}`,
        ]);
        return null;
      }
      return { ...base, type: 'startEvent' };
    case 'bpmn:EndEvent': {
      const terminate = definitions.length === 1 && definitions[0].$type === 'bpmn:TerminateEventDefinition';
      if (definitions.length > 0 && !terminate) {
        refuse(ctx, el, [
          `chỉ hỗ trợ sự kiện kết thúc thường hoặc kết thúc toàn bộ (terminate), không hỗ trợ ${eventDefinitionNames(el)}`,
          `only plain and terminate end events are supported, not ${eventDefinitionNames(el)}`,
        ]);
        return null;
      }
      return { ...base, type: 'endEvent', terminate };
    }
    case 'bpmn:ExclusiveGateway':
      return { ...base, type: 'exclusiveGateway', defaultFlow: refId(el, 'default', ctx) };
    case 'bpmn:ParallelGateway':
      return { ...base, type: 'parallelGateway' };
    case 'bpmn:IntermediateCatchEvent':
      if (definitions.length !== 1 || definitions[0].$type !== 'bpmn:TimerEventDefinition') {
        refuse(ctx, el, [
          `chỉ hỗ trợ sự kiện trung gian hẹn giờ, không hỗ trợ ${eventDefinitionNames(el) || 'sự kiện không loại'}`,
          `only timer intermediate events are supported, not ${eventDefinitionNames(el) || 'an untyped event'}`,
        ]);
        return null;
      }
      return { ...base, type: 'timerEvent', timer: timerOf(definitions[0], el, ctx) };
    case 'bpmn:BoundaryEvent': {
      const trigger = definitions.length === 1 ? boundaryTriggerOf(el, definitions[0], ctx) : null;
      if (!trigger) {
        refuse(ctx, el, [
          `chỉ hỗ trợ sự kiện biên hẹn giờ hoặc leo thang (escalation), không hỗ trợ ${eventDefinitionNames(el) || 'sự kiện không loại'}`,
          `only timer and escalation boundary events are supported, not ${eventDefinitionNames(el) || 'an untyped event'}`,
        ]);
        return null;
      }
      return {
        ...base,
        type: 'boundaryEvent',
        attachedTo: refId(el, 'attachedToRef', ctx) ?? '',
        // BPMN's default for cancelActivity is true: a boundary interrupts unless told otherwise.
        interrupting: el.cancelActivity !== false,
        trigger,
      };
    }
    case 'bpmn:SubProcess': {
      if (el.triggeredByEvent === true) {
        refuse(ctx, el, ['không hỗ trợ quy trình con kích hoạt bởi sự kiện', 'event sub-processes are not supported']);
        return null;
      }
      // Steps inside a sub-process act for the sub-process's role and agency unless they say otherwise.
      const inner: Inherited = {
        role: mcText(el, 'role') ?? inherited.role,
        agency: mcText(el, 'agency') ?? inherited.agency,
      };
      return {
        ...base,
        type: 'subProcess',
        container: containerOf(el, ctx, inner),
        duration: mcText(el, 'duration'),
        boundary: [],
      };
    }
    default:
      refuse(ctx, el);
      return null;
  }
}

function flowOf(el: ModdleElement, ctx: ImportContext): SequenceFlow {
  const condition = ref(el, 'conditionExpression');
  const body = condition && typeof condition.body === 'string' ? condition.body.trim() : '';
  return {
    id: el.id!,
    name: typeof el.name === 'string' ? el.name : '',
    source: refId(el, 'sourceRef', ctx) ?? '',
    target: refId(el, 'targetRef', ctx) ?? '',
    outcome: mcText(el, 'outcome'),
    condition: body === '' ? null : body,
  };
}

function containerOf(el: ModdleElement, ctx: ImportContext, inherited: Inherited): Container {
  const container: Container = { id: el.id ?? '', nodes: {}, flows: {} };
  const flowElements = list(el, 'flowElements');
  for (const child of flowElements) {
    if (child.$type === 'bpmn:SequenceFlow' || IGNORED_FLOW_ELEMENTS.has(child.$type)) continue;
    if (!child.id) {
      ctx.problems.push(
        problem(
          'error',
          'MISSING_ID',
          container.id || null,
          `Một phần tử ${typeName(child)} trong "${label(el)}" không có id.`,
          `A ${typeName(child)} inside "${label(el)}" has no id.`,
        ),
      );
      continue;
    }
    const node = nodeOf(child, ctx, inherited);
    if (node) container.nodes[node.id] = node;
  }
  for (const child of flowElements) {
    if (child.$type !== 'bpmn:SequenceFlow' || !child.id) continue;
    const flow = flowOf(child, ctx);
    if (ctx.refused.has(flow.source) || ctx.refused.has(flow.target)) continue;
    container.flows[flow.id] = flow;
    // Derived from the flows, not from <bpmn:incoming>/<bpmn:outgoing>, which many tools omit.
    container.nodes[flow.source]?.outgoing.push(flow.id);
    container.nodes[flow.target]?.incoming.push(flow.id);
  }
  if (ctx.foreign) defaultOutcomes(container, ctx);
  for (const node of Object.values(container.nodes)) {
    if (node.type !== 'boundaryEvent') continue;
    const host = container.nodes[node.attachedTo];
    if (host?.type === 'userTask' || host?.type === 'subProcess') host.boundary.push(node.id);
  }
  return container;
}

/**
 * A foreign model's choice (a gateway after a task, or a task with several ways out)
 * has no outcomes: each unconditioned way out becomes an outcome named by its flow, so
 * a clerk picks it by its label. Without this every model drawn elsewhere would be
 * refused for its first decision.
 */
function defaultOutcomes(container: Container, ctx: ImportContext): void {
  for (const node of Object.values(container.nodes)) {
    const choice =
      (node.type === 'exclusiveGateway' || node.type === 'userTask') && node.outgoing.length > 1;
    if (!choice) continue;
    for (const flowId of node.outgoing) {
      const flow = container.flows[flowId];
      if (!flow || flow.outcome !== null || flow.condition !== null) continue;
      if (node.type === 'exclusiveGateway' && node.defaultFlow === flowId) continue;
      flow.outcome = flow.id;
      const label = flow.name.trim() || flow.id;
      ctx.problems.push(
        problem(
          'warning',
          'DEFAULT_OUTCOME',
          flow.id,
          `Luồng "${label}" chưa có mc:outcome: dùng "${flow.id}" làm kết quả để cán bộ chọn.`,
          `Flow "${label}" has no mc:outcome: "${flow.id}" is used as the outcome a clerk picks.`,
        ),
      );
    }
  }
}

function usesMotcua(elementsById: Record<string, ModdleElement>): boolean {
  for (const el of Object.values(elementsById)) {
    if (Object.keys(el.$attrs ?? {}).some((key) => key.startsWith('mc:'))) return true;
    for (const property of el.$descriptor.properties) {
      if (property.ns.prefix === 'mc' && el.get(property.ns.name) !== undefined) return true;
    }
  }
  return false;
}

function warningProblems(warnings: ModdleWarning[], ctx: ImportContext): void {
  for (const warning of warnings) {
    const elementId = warning.element?.id ?? null;
    const message = warning.message;
    // The caller hands in a decoded string; the prolog's encoding no longer matters.
    if (message.startsWith('unsupported document encoding')) continue;
    const unresolved = /^unresolved reference <(.*)>$/.exec(message);
    if (unresolved && elementId && warning.property) {
      ctx.unresolved.set(`${elementId}|${warning.property}`, unresolved[1]);
      // Flows, defaults and attachments keep the id in the model; validation names them.
      if (['bpmn:sourceRef', 'bpmn:targetRef', 'bpmn:default', 'bpmn:attachedToRef'].includes(warning.property)) continue;
      ctx.problems.push(
        problem(
          'warning',
          'UNRESOLVED_REFERENCE',
          elementId,
          `"${elementId}" tham chiếu tới "${unresolved[1]}" không tồn tại (${warning.property}).`,
          `"${elementId}" refers to "${unresolved[1]}", which does not exist (${warning.property}).`,
        ),
      );
      continue;
    }
    const unknownAttribute = /^unknown attribute <(.*)>$/.exec(message);
    if (unknownAttribute) {
      const owner = warning.element ? `${typeName(warning.element)} "${label(warning.element)}"` : 'element';
      ctx.problems.push(
        problem(
          'warning',
          'UNKNOWN_ATTRIBUTE',
          elementId,
          `Thuộc tính ${unknownAttribute[1]} không có tác dụng trên ${owner}.`,
          `Attribute ${unknownAttribute[1]} has no effect on ${owner}.`,
        ),
      );
      continue;
    }
    // moddle skips an element it cannot read (a duplicate id, a misplaced tag) and only
    // warns: that element would vanish from the procedure, so it is an error here.
    const duplicate = /duplicate ID <(.*)>/.exec(message);
    if (duplicate) {
      ctx.problems.push(
        problem(
          'error',
          'DUPLICATE_ID',
          duplicate[1],
          `Mã phần tử "${duplicate[1]}" bị trùng; phần tử thứ hai bị bỏ qua.`,
          `Element id "${duplicate[1]}" is used twice; the second element was skipped.`,
        ),
      );
      continue;
    }
    const position = /line: (\d+)\s+column: (\d+)/.exec(message);
    const where = position ? ` (dòng ${Number(position[1]) + 1}, cột ${Number(position[2]) + 1})` : '';
    const whereEn = position ? ` (line ${Number(position[1]) + 1}, column ${Number(position[2]) + 1})` : '';
    const detail = message.replace(/\s+/g, ' ');
    ctx.problems.push(
      problem(
        'error',
        'INVALID_XML',
        elementId,
        `Không đọc được một phần của tệp BPMN${where}: ${detail}`,
        `Part of the BPMN file could not be read${whereEn}: ${detail}`,
      ),
    );
  }
}

function idsIn(el: ModdleElement, into: Set<string>): Set<string> {
  if (el.id) into.add(el.id);
  for (const child of list(el, 'flowElements')) idsIn(child, into);
  return into;
}

const hasFlowNodes = (process: ModdleElement): boolean =>
  list(process, 'flowElements').some((el) => !IGNORED_FLOW_ELEMENTS.has(el.$type));

/**
 * Message flows are refused where they touch a process MộtCửa would run: the engine
 * neither sends nor waits for messages, so running it would not match the diagram.
 * Between pools it does not run (a citizen pool, another office) they are documentation.
 */
function checkMessageFlows(definitions: ModdleElement, executable: ModdleElement[], ctx: ImportContext): void {
  const touched = new Set<string>();
  for (const process of executable) idsIn(process, touched);
  const collaborations = list(definitions, 'rootElements').filter((el) => list(el, 'messageFlows').length > 0 || list(el, 'participants').length > 0);
  for (const collaboration of collaborations) {
    for (const participant of list(collaboration, 'participants')) {
      const processRef = ref(participant, 'processRef');
      if (processRef && executable.includes(processRef) && participant.id) touched.add(participant.id);
    }
  }
  for (const collaboration of collaborations) {
    for (const messageFlow of list(collaboration, 'messageFlows')) {
      const source = ref(messageFlow, 'sourceRef')?.id;
      const target = ref(messageFlow, 'targetRef')?.id;
      if ((source && touched.has(source)) || (target && touched.has(target))) refuse(ctx, messageFlow);
    }
  }
}

function participantName(definitions: ModdleElement, process: ModdleElement): string | null {
  for (const root of list(definitions, 'rootElements')) {
    for (const participant of list(root, 'participants')) {
      if (ref(participant, 'processRef') === process && typeof participant.name === 'string' && participant.name.trim()) {
        return participant.name.trim();
      }
    }
  }
  return null;
}

function checkCutoff(process: ModdleElement, ctx: ImportContext): void {
  const cutoff = mcText(process, 'cutoff');
  if (cutoff === null) return;
  const minutes = parseClockTime(cutoff);
  if (Number.isNaN(minutes) || minutes >= 24 * 60) {
    ctx.problems.push(
      problem(
        'error',
        'INVALID_CUTOFF',
        process.id ?? null,
        `mc:cutoff "${cutoff}" phải là giờ dạng HH:mm, ví dụ 16:30.`,
        `mc:cutoff "${cutoff}" must be a time of day as HH:mm, e.g. 16:30.`,
      ),
    );
  }
}

/** `mc:fee`: the fee in đồng, a whole number ≥ 0 (CONTRACT.md §6.2); absent = null (not stated). */
function feeOf(process: ModdleElement, ctx: ImportContext): number | null {
  const fee = mcText(process, 'fee');
  if (fee === null) return null;
  if (!/^\d{1,12}$/.test(fee.trim())) {
    ctx.problems.push(
      problem(
        'error',
        'INVALID_FEE',
        process.id ?? null,
        `mc:fee "${fee}" phải là số tiền nguyên (đồng), ví dụ 50000; 0 là miễn phí.`,
        `mc:fee "${fee}" must be a whole amount in đồng, e.g. 50000; 0 is free.`,
      ),
    );
    return null;
  }
  return Number(fee.trim());
}

function modelOf(definitions: ModdleElement, process: ModdleElement, ctx: ImportContext): ProcedureModel {
  checkCutoff(process, ctx);
  const documentation = list(process, 'documentation')
    .map((d) => (typeof d.text === 'string' ? d.text.trim() : ''))
    .filter((text) => text !== '')
    .join('\n');
  const name = typeof process.name === 'string' && process.name.trim() ? process.name.trim() : participantName(definitions, process);
  return {
    key: process.id ?? '',
    code: mcText(process, 'code'),
    name: name ?? process.id ?? '',
    // Level and day count are copied as written; validation reports values outside their lists.
    level: mcText(process, 'level') as Level | null,
    intake: (mcText(process, 'intake') ?? 'province') as Intake,
    timeLimit: mcText(process, 'timeLimit'),
    dayCount: (mcText(process, 'dayCount') ?? 'working') as DayCount,
    cutoff: mcText(process, 'cutoff'),
    fee: feeOf(process, ctx),
    documentation,
    components: componentsOf(process),
    fields: fieldsOf(process),
    root: containerOf(process, ctx, { role: null, agency: null }),
  };
}

function notXml(message: string): Problem {
  const detail = message.replace(/\s+/g, ' ').trim();
  return problem(
    'error',
    'INVALID_XML',
    null,
    `Tệp không phải là BPMN 2.0 XML hợp lệ: ${detail}`,
    `The file is not valid BPMN 2.0 XML: ${detail}`,
  );
}

export async function importBpmn(xml: string): Promise<ImportResult> {
  let parsed;
  try {
    parsed = await bpmnModdle.fromXML(xml);
  } catch (e) {
    return { model: null, problems: [notXml(e instanceof Error ? e.message : String(e))], definitions: null };
  }
  const definitions = parsed.rootElement;
  const ctx: ImportContext = {
    problems: [],
    unresolved: new Map(),
    refused: new Set(),
    foreign: !usesMotcua(parsed.elementsById),
  };
  warningProblems(parsed.warnings, ctx);
  if (definitions?.$type !== 'bpmn:Definitions') {
    ctx.problems.push(notXml(`expected <bpmn:definitions>, found <${definitions?.$type ?? '?'}>`));
    return { model: null, problems: ctx.problems, definitions: null };
  }

  const processes = list(definitions, 'rootElements').filter((el) => el.$type === 'bpmn:Process');
  if (processes.length === 0) {
    ctx.problems.push(
      problem(
        'error',
        'NO_PROCESS',
        definitions.id ?? null,
        'Tệp BPMN không có quy trình (bpmn:process) nào.',
        'The BPMN file contains no process (bpmn:process).',
      ),
    );
    return { model: null, problems: ctx.problems, definitions };
  }
  const withNodes = processes.filter(hasFlowNodes);
  // Pools with no flow nodes are black boxes (the citizen, another office): nothing to run.
  const executable = withNodes.length > 0 ? withNodes : [processes[0]];
  checkMessageFlows(definitions, executable, ctx);

  if (executable.length > 1) {
    const ids = executable.map((p) => p.id ?? '?').join(', ');
    for (const process of executable) {
      ctx.problems.push(
        problem(
          'error',
          'MULTIPLE_PROCESSES',
          process.id ?? null,
          `Tệp có nhiều quy trình chứa bước xử lý (${ids}); mỗi thủ tục chỉ được có một quy trình chạy được.`,
          `The file has several processes with flow nodes (${ids}); a procedure must have exactly one executable process.`,
        ),
      );
    }
    // Map them anyway so every unsupported element is named in this one answer.
    for (const process of executable) modelOf(definitions, process, ctx);
    return { model: null, problems: ctx.problems, definitions };
  }
  const model = modelOf(definitions, executable[0], ctx);
  return { model, problems: ctx.problems, definitions };
}
