// The dossier as the engine sees it: plain JSON data, saved whole as the dossier's
// snapshot and handed back on the next action. All instants are ISO 8601 UTC strings.

/**
 * Every dossier status, in lifecycle order (CONTRACT.md §3, §6.3); the type follows from
 * the list. `submitted` (filed online on the National Public Service Portal, not yet
 * accepted — national status 1) and `refused` (not accepted at intake — national status 3)
 * belong to online filing; no action of this engine produces them yet.
 */
export const DOSSIER_STATUSES = [
  'submitted',
  'received',
  'processing',
  'awaitingSupplement',
  'transferred',
  'awaitingReturn',
  'returned',
  'rejected',
  'withdrawn',
  'refused',
] as const;

export type DossierStatus = (typeof DOSSIER_STATUSES)[number];

export const CLOSED_STATUSES: readonly DossierStatus[] = ['returned', 'rejected', 'withdrawn', 'refused'];

/** `returnAt` for a result sent by post (dịch vụ bưu chính công ích) instead of collected at a center. */
export const RETURN_BY_POST = 'post';

/** Early (trước hạn), on time (đúng hạn), late (quá hạn). */
export const VERDICTS = ['early', 'onTime', 'late'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** How the dossier came in: at the desk, online (the national portal), by post. */
export const CHANNELS = ['desk', 'online', 'post'] as const;
export type Channel = (typeof CHANNELS)[number];

export const DEADLINE_STATES = ['onTime', 'dueSoon', 'overdue'] as const;
export type DeadlineState = (typeof DEADLINE_STATES)[number];

/**
 * The person or business filing (CONTRACT.md §3, `POST /dossiers`). Stored beside the
 * engine state, never in it: the engine decides nothing on personal data.
 */
export interface Applicant {
  name: string;
  idNumber: string;
  phone: string;
  email?: string | null;
  address?: string | null;
  [field: string]: unknown;
}

export const TASK_STATES = ['open', 'done', 'cancelled'] as const;
export type TaskState = (typeof TASK_STATES)[number];

export interface Task {
  /** `<dossierId>.<n>`: deterministic, so the pure engine can mint it. */
  id: string;
  stepId: string;
  name: string;
  role: string;
  agencyCode: string;
  assignee: string | null;
  state: TaskState;
  startedAt: string;
  /** Allotted time (ISO duration) copied from the step; null = no allotment. */
  allotted: string | null;
  dueAt: string | null;
  /** When the task turns `dueSoon` (policy threshold); null without a due date. */
  dueSoonAt: string | null;
  completedAt: string | null;
  completedBy: string | null;
  outcome: string | null;
  comment: string | null;
  /** Step verdict on completion: did this hand-over keep its allotment? */
  verdict: Verdict | null;
  /** Highest escalation level already raised (0 = none); never raised twice. */
  escalationLevel: number;
  /** Set when the dueSoon warning was raised, so it is raised once. */
  dueSoonNotified: boolean;
}

/** A timer the engine keeps with a due time; the scheduler fires it. Never a setTimeout. */
export interface EngineTimer {
  id: string;
  /** The BPMN node the timer belongs to (boundary event or intermediate timer event). */
  nodeId: string;
  kind: 'boundaryTimer' | 'intermediateTimer' | 'escalation';
  dueAt: string;
  /** Task it is attached to, for boundary events on user tasks. */
  taskId: string | null;
  /** Remaining repetitions for cycle timers (R<n>/...), null otherwise. */
  repeatsLeft: number | null;
}

export interface SupplementRequest {
  requestedAt: string;
  requestedBy: string;
  reason: string;
  items: string[];
  /** The office-calendar date (`YYYY-MM-DD`) the citizen is asked to bring the papers by; null when the officer set none. */
  bringBy?: string | null;
}

export interface Apology {
  at: string;
  by: string;
  reason: string;
  previousAppointmentAt: string;
  newAppointmentAt: string;
}

export interface DossierState {
  id: string;
  code: string;
  procedureKey: string;
  procedureVersion: number;
  status: DossierStatus;
  /** Set when the dossier is returned: early / on time / late. */
  result: Verdict | null;
  channel: Channel;
  /** The center whose desk received the dossier (its code is in the dossier code); never changes. */
  receivingAgency: string;
  /**
   * The agency competent to decide (Decree 118/2025: province-wide intake — the receiving
   * center, the competent agency and the return place are three things), chosen at
   * intake; `@competent` steps run there. A record, never rewritten (a merged agency is
   * read through its successor). Absent in dossiers received before it existed: the
   * receiving agency.
   */
  competentAgency?: string;
  /** Where the citizen collects the result: an agency code, or `post`. Absent: the receiving agency. */
  returnAt?: string;
  /** The agency whose inbox holds the dossier now (differs from receiving while transferred). */
  holdingAgency: string;
  /**
   * Filed online (status `submitted`, national status 1): when. Until a desk accepts it,
   * `receivedAt` and the appointment are provisional; acceptance counts them afresh from
   * its own instant (CONTRACT.md §6.3). Absent for dossiers received at a desk.
   */
  submittedAt?: string;
  receivedAt: string;
  /** Received-at moved to the next office opening: where counting starts. */
  countingFrom: string;
  appointmentAt: string;
  originalAppointmentAt: string;
  /** Open supplement request: the clock is paused since `requestedAt`. */
  pause: SupplementRequest | null;
  /** Working minutes the citizen took over all supplements (not counted against the agency). */
  pausedMinutes: number;
  apologies: Apology[];
  data: Record<string, unknown>;
  /** Last outcome picked (visible to conditions as `outcome`). */
  lastOutcome: string | null;
  /** xstate persisted snapshot of the procedure machine. */
  machine: unknown;
  tasks: Task[];
  timers: EngineTimer[];
  /** Counter for deterministic ids of tasks and timers. */
  seq: number;
  /** Process reached its end: the result is ready. */
  resolvedAt: string | null;
  returnedAt: string | null;
  closedAt: string | null;
  rejection: { at: string; by: string; reason: string } | null;
}

/** Who performs an action. The engine checks role and agency for task actions. */
export interface Actor {
  username: string;
  agencyCode: string;
  roles: string[];
}

/** One appended history row: who did what when, with deadlines before and after. */
export interface HistoryEvent {
  type:
    | 'received'
    | 'claimed'
    | 'assigned'
    | 'completed'
    | 'supplementRequested'
    | 'supplemented'
    | 'rejected'
    | 'withdrawn'
    | 'transferred'
    | 'apologized'
    | 'resolved'
    | 'returned'
    | 'timerFired'
    | 'escalated'
    | 'dueSoon'
    | 'agencyMerged'
    // Online filing (issue 17): filed on the portal or the citizens' page, then accepted or refused at the desk.
    | 'submitted'
    | 'refused';
  at: string;
  actor: string | null;
  taskId: string | null;
  stepId: string | null;
  details: Record<string, unknown>;
  appointmentBefore: string | null;
  appointmentAfter: string | null;
}

/** Effects: what the edges must carry out after the new state is saved. */
export type Effect =
  | { type: 'taskOpened'; task: Task }
  | { type: 'taskClosed'; task: Task }
  | { type: 'taskUpdated'; task: Task }
  | { type: 'handoff'; taskId: string; stepId: string; fromAgency: string; toAgency: string }
  | { type: 'notify'; nodeId: string | null; role: string; agencyCode: string; message: string }
  | { type: 'resultIssued'; nodeId: string }
  | { type: 'dueSoon'; task: Task }
  | { type: 'escalated'; task: Task; level: number; notify: string[] }
  | {
      type: 'dossierUpdated';
      /**
       * What the outside world is told (issue 17: webhooks, the national portal, the
       * citizen's notifications ride on it): the command that changed the dossier, its
       * status before and after. Set by the command frame (command.ts); absent in rows
       * written before it existed.
       */
      verb?: string;
      status?: DossierStatus;
      statusBefore?: DossierStatus | null;
    };

export interface ActionResult {
  state: DossierState;
  effects: Effect[];
  events: HistoryEvent[];
}
