// The procedure model: what a deployed procedure version *is*, independent of BPMN XML
// and of xstate. The importer produces it, the validator inspects it, the compiler
// turns it into a machine. Every id is the BPMN element id, so problems, tasks and
// history can always point back at the diagram.

import type { DossierComponent } from './components.js';
import type { DossierField } from './fields.js';

/** Levels of government an agency or a procedure belongs to (`district` only before 1 July 2025). */
export const LEVELS = ['commune', 'district', 'province'] as const;
export type Level = (typeof LEVELS)[number];

/**
 * Who may receive a dossier of the procedure (`mc:intake`, CONTRACT.md §6.2): `province` —
 * any service center of the province, whatever the administrative boundary (province-wide
 * intake, "phi địa giới", Decree 118/2025/NĐ-CP), the default; `competent` — only the
 * desk of the competent agency itself.
 */
export const INTAKES = ['province', 'competent'] as const;
export type Intake = (typeof INTAKES)[number];

/** How time limits are counted: working time (default) or calendar days (the law says so for a few procedures). */
export type DayCount = 'working' | 'calendar';

/**
 * Who acts on a step (`mc:agency`):
 * `@receiving` (default: the center that received the dossier), `@competent` (the agency
 * competent for it, chosen at intake), `@parent` (the competent agency's parent),
 * `kind:<kind>` (nearest agency of that kind to the competent agency) or an exact code.
 */
export type AgencySelector =
  | { kind: 'receiving' }
  | { kind: 'competent' }
  | { kind: 'parent' }
  | { kind: 'ofKind'; agencyKind: string }
  | { kind: 'exact'; code: string };

export interface TimerDefinition {
  /** `duration`: ISO duration after the activity starts (working time); `date`: an absolute instant; `cycle`: `R<n>/<duration>`. */
  kind: 'duration' | 'date' | 'cycle';
  value: string;
}

/**
 * What a `timeCycle` may ask for (refused at deploy otherwise, INVALID_TIMER): a count
 * `R<n>` of 1 to `maxRepeats` — an unbounded `R/…` or `R0` is refused — and an interval
 * of at least `minIntervalMinutes` in the procedure's day count (`R/PT0S` would fire
 * without end). Every repetition is a write to the dossier and a socket event.
 */
export const CYCLE_LIMITS = { minIntervalMinutes: 60, maxRepeats: 100 } as const;

interface NodeBase {
  id: string;
  name: string;
  incoming: string[];
  outgoing: string[];
}

export interface StartEvent extends NodeBase {
  type: 'startEvent';
}

export interface EndEvent extends NodeBase {
  type: 'endEvent';
  terminate: boolean;
}

/** A step a person acts on. Plain `bpmn:task` and `bpmn:manualTask` import as user tasks too. */
export interface UserTask extends NodeBase {
  type: 'userTask';
  role: string;
  agency: AgencySelector;
  /** Allotted time, ISO 8601 duration in the procedure's day count; null = no allotment of its own. */
  duration: string | null;
  /** Ids of boundary events attached to this task. */
  boundary: string[];
  /**
   * `mc:returns="true"` (CONTRACT.md §6.2): completing this step hands the result to the
   * citizen. Only the attribute as written; `isReturnStep` adds the implicit rule.
   */
  returns: boolean;
}

/** Built-in actions a service or script task may name with `mc:action`. Nothing else runs. */
export const SERVICE_ACTIONS = ['notify', 'issueResult'] as const;
export type ServiceActionName = (typeof SERVICE_ACTIONS)[number];

export interface ServiceTask extends NodeBase {
  type: 'serviceTask';
  action: ServiceActionName;
  /** For `notify`: the role to notify (`mc:role`), default the receiving agency's reception. */
  role: string | null;
}

export interface ExclusiveGateway extends NodeBase {
  type: 'exclusiveGateway';
  defaultFlow: string | null;
}

export interface ParallelGateway extends NodeBase {
  type: 'parallelGateway';
}

export interface TimerEvent extends NodeBase {
  type: 'timerEvent';
  timer: TimerDefinition;
}

export type BoundaryTrigger =
  | { kind: 'timer'; timer: TimerDefinition }
  /** Fires when the host activity becomes overdue (its allotment runs out). */
  | { kind: 'escalation'; code: string | null };

export interface BoundaryEvent extends NodeBase {
  type: 'boundaryEvent';
  attachedTo: string;
  interrupting: boolean;
  trigger: BoundaryTrigger;
}

export interface SubProcess extends NodeBase {
  type: 'subProcess';
  container: Container;
  /** Optional allotment for the whole sub-process (needed for an escalation boundary). */
  duration: string | null;
  boundary: string[];
}

export type FlowNode =
  | StartEvent
  | EndEvent
  | UserTask
  | ServiceTask
  | ExclusiveGateway
  | ParallelGateway
  | TimerEvent
  | BoundaryEvent
  | SubProcess;

export type FlowNodeType = FlowNode['type'];

export interface SequenceFlow {
  id: string;
  name: string;
  source: string;
  target: string;
  /** `mc:outcome`: the key a clerk picks when completing the task this flow leaves (directly or through the gateway right after it). */
  outcome: string | null;
  /** Body of `bpmn:conditionExpression`, evaluated by engine/expressions. */
  condition: string | null;
}

/** A process or a sub-process: the nodes and flows that live at one level. */
export interface Container {
  id: string;
  nodes: Record<string, FlowNode>;
  flows: Record<string, SequenceFlow>;
}

export interface ProcedureModel {
  /** The `bpmn:process` id: with `code`, identifies the procedure across versions. */
  key: string;
  code: string | null;
  name: string;
  level: Level | null;
  /** `mc:intake`: who may receive (absent in models stored before it existed: `province`). */
  intake?: Intake;
  /** Legal time limit (`mc:timeLimit`), ISO 8601 duration; null when the model has none. */
  timeLimit: string | null;
  dayCount: DayCount;
  /**
   * `mc:cutoff` (HH:mm): a dossier received after it counts from the next working day's
   * opening (the civil-status rule for same-day procedures). Null = no cutoff.
   */
  cutoff?: string | null;
  /** `mc:fee`: the fee in đồng (0 = free); null or absent when the model states none. */
  fee?: number | null;
  documentation: string;
  /** `<mc:component>`: the dossier components, in model order (absent in models stored before them: none). */
  components?: DossierComponent[];
  /** `<mc:field>`: the procedure-specific fields reception asks for, in model order (absent in models stored before them: none). */
  fields?: DossierField[];
  root: Container;
}
