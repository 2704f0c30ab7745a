// What the REST API answers (CONTRACT.md §3). Domain words come from the engine's own
// types so the web app and the server cannot drift apart; the optional fields are ones
// the server may add ("more fields are welcome") and the screens use when present.
import type {
  Channel,
  DeadlineState,
  DossierStatus,
  HistoryEvent,
  Level,
  Problem,
  Verdict,
} from '../../../engine/index.js';

export type { Channel, DeadlineState, DossierStatus, HistoryEvent, Level, Problem, Verdict };

/** A staff account as the server presents it (never the password hash). */
export type User = import('../../../contract/index.js').UserView;

/** GET /auth/me: the user, their agency and the actions of the permission table their roles allow. */
export type Me = import('../../../contract/index.js').MeView;

export interface LoginResult {
  token: string;
  user: User;
  expiresAt?: string;
  /** The hard cap of the session: no renewal reaches past it. */
  sessionEndsAt?: string;
}

/** POST /auth/refresh: a fresh token of the same login. */
export interface RefreshResult {
  token: string;
  expiresAt: string;
  sessionEndsAt: string;
}

export type Agency = import('../../../contract/index.js').AgencyView;

export type ProcedureSummary = import('../../../contract/index.js').ProcedureSummaryView;

/** One line of a procedure's version history. */
export type ProcedureVersion = import('../../../contract/index.js').ProcedureVersionView['versions'][number];

export type ProcedureDetail = import('../../../contract/index.js').ProcedureVersionView;

export interface DeployResult {
  key: string;
  version: number;
  warnings: Problem[];
}

export type { Applicant } from '../../../engine/dossier/types.js';
import type { Applicant } from '../../../engine/dossier/types.js';

/** POST /dossiers, as the contract's schema accepts it. */
export type { ReceiveBody as ReceiveRequest } from '../../../contract/index.js';

export interface ReceiveResult {
  id: string;
  code: string;
  status: DossierStatus;
  receivedAt: string;
  appointmentAt: string;
  lookupSecret: string;
}

/** A task as the server presents it (inbox, dossier, next tasks), plus what the inbox joins in. */
export type Task = import('../../../contract/index.js').TaskView & {
  procedureName?: string;
  applicantName?: string;
  appointmentAt?: string;
};

/** A history row as stored (engine HistoryEvent) plus who the actor is, when the server adds it. */
export type HistoryRow = Partial<HistoryEvent> & {
  type: string;
  at: string;
  actor?: string | null;
  actorName?: string | null;
  stepName?: string | null;
  dueAt?: string | null;
  [key: string]: unknown;
};

export interface SupplementInfo {
  requestedAt: string;
  requestedBy?: string;
  reason: string;
  items: string[];
}

/** The dossier as the server presents it, with the inbox's extras on its tasks. */
export type Dossier = Omit<import('../../../contract/index.js').DossierView, 'tasks' | 'history'> & {
  tasks: Task[];
  history: HistoryRow[];
};

// What the dashboard and the citizen lookup answer: the contract's types.
export type {
  Counters as DashboardCounters,
  Dashboard,
  DrillDownItem,
  OfficerRow,
  PublicDossier,
} from '../../../contract/index.js';

export interface CalendarYear {
  year?: number;
  holidays: string[];
  workingDays: string[];
  daysOff?: { date: string; name: string; nameEn: string; kind: string }[];
}

/** POST /users, as the contract's schema accepts it. */
export type { NewUserBody as NewUser, UserChangesBody as UserChanges } from '../../../contract/index.js';

export type PaperForm = 'receipt' | 'supplement-request' | 'rejection' | 'control-slip' | 'apology';
