// What the REST API answers (docs/contract.md §3): tasks, dossiers, history, agencies,
// users, procedures. Node-free, so the server's presenters build these very types and
// the web app reads them; neither redeclares them.
import type { Level } from '../engine/model/procedure.js';
import type { Problem } from '../engine/model/problem.js';
import type { NationalStatus } from '../engine/dossier/nationalStatus.js';
import type {
  Apology,
  Applicant,
  Channel,
  DeadlineState,
  DossierStatus,
  HistoryEvent,
  SupplementRequest,
  Task,
  Verdict,
} from '../engine/dossier/types.js';
import type { Action } from './permissions.js';

export type TaskView = Omit<Task, 'dueSoonAt' | 'dueSoonNotified'> & {
  dossierId: string;
  dossierCode: string;
  procedureKey: string;
  deadlineState: DeadlineState;
  /** Working minutes left to `dueAt` (negative past it); null without a due date. */
  remainingWorkingMinutes: number | null;
  /** The dossier waits for the citizen: the task's clock stands still. */
  paused: boolean;
  /** `sendsBack`: the outcome returns the dossier to an earlier step — a reason is required, and it looks apart from moving on. */
  outcomes: Array<{ key: string; label: string; sendsBack: boolean }>;
  /** In GET /tasks only: what recognises the dossier in an inbox row, and who has the task (full name). */
  procedureName?: string | null;
  applicantName?: string;
  receivedAt?: string;
  appointmentAt?: string;
  assigneeName?: string | null;
};

/** One history row: who did what when, with the appointment before and after (the engine's event, numbered). */
export type HistoryView = HistoryEvent & { seq: number };

/** The dossier as staff see it (CONTRACT.md §3). */
export interface DossierView {
  id: string;
  code: string;
  procedureKey: string;
  procedureVersion: number;
  procedureName: string | null;
  status: DossierStatus;
  /** The national portal's status, 1–10 (engine/dossier/nationalStatus.ts). */
  nationalStatus: NationalStatus;
  result: Verdict | null;
  channel: Channel;
  applicant: Applicant;
  data: Record<string, unknown>;
  receivedAt: string;
  countingFrom: string;
  appointmentAt: string;
  originalAppointmentAt: string;
  pausedMinutes: number;
  /** The receiving agency: the center whose desk received it (its code is in the dossier code). */
  agencyCode: string;
  /** The agency competent to decide, chosen at intake (Decree 118/2025); the receiving one by default. */
  competentAgency: string;
  /** Where the result is returned: an agency code, or `post`. */
  returnAt: string;
  holdingAgency: string;
  tasks: TaskView[];
  history: HistoryView[];
  pause: SupplementRequest | null;
  apologies: Apology[];
  rejection: { at: string; by: string; reason: string } | null;
  resolvedAt: string | null;
  returnedAt: string | null;
  closedAt: string | null;
  /** Printed on the receipt, so staff may see it. */
  lookupSecret: string;
  /** Changes with every action: a client can tell that the dossier moved on. */
  version: number;
  /** Username → full name of everyone its history and tasks name (shown instead of logins). */
  people?: Record<string, string>;
}

/** A row of the register (GET /dossiers, Sổ theo dõi hồ sơ Mẫu 06): the dossier's own fields as in DossierView, and how to reach the applicant. */
export interface DossierRegisterRow
  extends Pick<
    DossierView,
    | 'id'
    | 'code'
    | 'procedureKey'
    | 'procedureVersion'
    | 'procedureName'
    | 'status'
    | 'nationalStatus'
    | 'result'
    | 'channel'
    | 'receivedAt'
    | 'appointmentAt'
    | 'resolvedAt'
    | 'returnedAt'
    | 'agencyCode'
    | 'holdingAgency'
    | 'version'
  > {
  applicantName: string;
  applicantIdNumber: string | null;
  applicantPhone: string | null;
  applicantAddress: string | null;
}

/** GET /dossiers: one page of the register. */
export interface DossierRegisterPage {
  items: DossierRegisterRow[];
  total: number;
  limit: number;
  offset: number;
}

/** GET /tasks/:id/candidates: who a head may give the task to, with how much each has open. */
export interface AssignCandidate {
  username: string;
  fullName: string;
  open: number;
}

export interface AgencyView {
  code: string;
  name: string;
  nameEn: string | null;
  level: Level;
  kind: string | null;
  parentCode: string | null;
  /**
   * The agency it was merged into (the 2025 reorganisation), or null while active. A
   * merged agency stays readable — its code and name are those of its old dossiers,
   * papers and statistics — but receives nothing more.
   */
  mergedInto: string | null;
  mergedAt: string | null;
  createdAt: string;
}

/** Never the password hash. */
export interface UserView {
  id: number;
  username: string;
  fullName: string;
  agencyCode: string;
  roles: string[];
  active: boolean;
  createdAt: string;
}

/** GET /auth/me: the caller, their agency, and every action the permission table allows their roles. */
export interface MeView extends UserView {
  agency: AgencyView | null;
  permissions: Action[];
}

/** What names a procedure version, in a list or in full. */
interface ProcedureHeader {
  key: string;
  code: string | null;
  name: string;
  version: number;
  latestVersion: number;
  timeLimit: string | null;
  level: Level | null;
  deployedAt: string;
}

/** In a list of procedures, `version` is the latest one. */
export interface ProcedureSummaryView extends ProcedureHeader {
  createdAt: string;
  /** `mc:intake` of the latest version (null: a model without it), for the desk's list of what it may receive. */
  intake?: 'province' | 'competent' | null;
}

/** A deployed version: the definition, its XML, the steps with their outcomes, and the version history. */
export interface ProcedureVersionView extends ProcedureHeader {
  dayCount: 'working' | 'calendar';
  documentation: string;
  deployedBy: string;
  warnings: Problem[];
  steps: Array<{ id: string; name: string; role: string; agency: string; duration: string | null; outcomes: Array<{ key: string; label: string }> }>;
  xml: string;
  versions: Array<{
    version: number;
    timeLimit: string | null;
    level: Level | null;
    deployedAt: string;
    deployedBy: string;
    warningCount: number;
    /** Recorded at deploy (issue 20); null for the shipped procedures and older versions. */
    changeNote?: string | null;
    decisionNumber?: string | null;
    /** Local date `YYYY-MM-DD`. */
    effectiveFrom?: string | null;
    /** Why the steps may exceed the legal time limit. */
    overLimitReason?: string | null;
  }>;
}

/**
 * Scheduled work that failed for one dossier (`GET /admin/incidents`): the scheduler
 * recorded it and went on with every other dossier; this one is tried again at
 * `retryAt` (the wait doubles with each attempt, at most an hour), or at once by
 * `POST /admin/incidents/:id/retry`. `message` is the server's own text of the error.
 */
export interface IncidentView {
  id: number;
  dossierId: string;
  dossierCode: string | null;
  /** `timer` (a BPMN timer firing; its id in `ref`) or `deadlines` (due-soon warning, escalation). */
  kind: 'timer' | 'deadlines';
  ref: string | null;
  /** The error's code: a domain code such as `NO_ROUTE`, or `INTERNAL`. */
  code: string;
  message: string;
  attempts: number;
  firstFailedAt: string;
  lastFailedAt: string;
  /** When the scheduler tries again; null once resolved. */
  retryAt: string | null;
  resolvedAt: string | null;
  /** `scheduler` (a later attempt succeeded) or the admin whose retry did. */
  resolvedBy: string | null;
  state: 'open' | 'resolved';
}

/** A file of a dossier (GET /dossiers/:id/files; the answer of an upload), CONTRACT.md §6.3. */
export interface FileView {
  id: string;
  name: string;
  size: number;
  /** Judged by the bytes, never by the name: `application/pdf`, `image/jpeg` or `image/png`. */
  mediaType: string;
  sha256: string;
  /** The component it is a scan of, or null. */
  component: string | null;
  purpose: 'component' | 'working' | 'result';
  uploadedBy: string;
  uploadedAt: string;
  /** A result signed with the agency's certificate (PAdES); null for every other file. */
  signature: SignatureView | null;
}

export interface SignatureView {
  /** The certificate's subject (common name and organisation). */
  signer: string;
  signedAt: string;
  /** Verified when read: the signed bytes' digest and the CMS signature still hold. */
  valid: boolean;
}

/** One component of the procedure at this dossier: received at the desk, and digitised (a scan uploaded). */
export interface DossierComponentView {
  key: string;
  name: string;
  kind: string;
  copies: number;
  required: boolean;
  received: boolean;
  digitised: boolean;
}

/** GET /dossiers/:id/files: the files and the component checklist. */
export interface DossierFilesView {
  files: FileView[];
  components: DossierComponentView[];
  /** The electronic result issued for the dossier (the latest), or null. */
  result: FileView | null;
}

/** POST /dossiers/:id/result. */
export interface IssuedResultView {
  fileId: string;
  signed: boolean;
  signer: string | null;
  signedAt: string | null;
}
