// The shapes the dashboard and the citizen lookup answer with (docs/contract.md §3).
// Node-free: the server's reporting builds them, the web app reads them.
import type { DossierStatus, Verdict } from '../engine/dossier/types.js';

export interface Counters {
  carriedOver: number;
  received: number;
  receivedOnline: number;
  receivedDesk: number;
  receivedPost: number;
  /** carriedOver + received: what the agency had to handle in the period. */
  total: number;
  resolved: number;
  resolvedEarly: number;
  resolvedOnTime: number;
  resolvedLate: number;
  inProgress: number;
  inProgressOnTime: number;
  inProgressOverdue: number;
  /** Among inProgressOnTime: paused, waiting for the citizen's supplement. */
  awaitingSupplement: number;
  withdrawn: number;
  rejected: number;
  /** (early + on time) / resolved; null when nothing was resolved. */
  onTimeRate: number | null;
}

export interface AgencyRow extends Counters {
  agencyCode: string;
  agencyName: string;
}

export interface ProcedureRow extends Counters {
  procedureKey: string;
  procedureName: string;
}

export interface OfficerRow {
  username: string;
  fullName: string;
  agencyCode: string | null;
  stepsDone: number;
  stepsEarly: number;
  stepsOnTime: number;
  stepsLate: number;
  /** Steps assigned to the officer, open and past due at `asOf`. */
  openOverdue: number;
}

export interface DrillDownItem {
  kind: 'dossier' | 'step';
  dossierId: string;
  dossierCode: string;
  procedureKey: string;
  taskId: string | null;
  /** The step's name; for a dossier, the names of its open steps. */
  step: string | null;
  agencyCode: string;
  agencyName: string;
  officer: string | null;
  officerName: string | null;
  /** The appointment (dossier) or the step's due time. */
  dueAt: string;
  /** Dossiers only: late because an apology slip (Mẫu 04) moved an appointment that has passed, though the new one has not. */
  apologized: boolean;
}

export interface Dashboard {
  period: { from: string; to: string; asOf: string };
  filters: { agency: string | null; procedure: string | null };
  /** The agencies the caller sees (and may filter on), in tree order. */
  agencies: Array<{ code: string; name: string }>;
  totals: Counters;
  byAgency: AgencyRow[];
  byProcedure: ProcedureRow[];
  byOfficer: OfficerRow[];
  overdue: DrillDownItem[];
  overdueTotal: { dossiers: number; steps: number };
  dueSoon: DrillDownItem[];
  dueSoonTotal: { dossiers: number; steps: number };
}

/** The lookup; issue 17 adds the national status, a refusal, a payment waiting and the rating (contract/citizens.ts). */
export interface PublicDossier extends Partial<import('./citizens.js').CitizenLookupExtras> {
  code: string;
  status: DossierStatus;
  statusLabel: string;
  procedureName: string;
  /** Names of the open step(s), joined; null once closed or between steps. */
  currentStep: string | null;
  currentSteps: string[];
  /** Name of the agency that has the dossier now. */
  agencyHolding: string;
  receivedAt: string;
  appointmentAt: string;
  result: Verdict | null;
  resultLabel: string | null;
  /** What the citizen must still bring: the items of an open supplement request (Mẫu 02). */
  missing: string[];
  /**
   * Late: returned late, or still open past its appointment (not while waiting for the
   * citizen's papers), or apologised for (an apology still counts as late).
   */
  overdue: boolean;
  /** The latest apology (Mẫu 04): why, and the new appointment it gave. */
  apology: PublicApology | null;
  /** The open supplement request (Mẫu 02): what is missing, why, where to bring it, by when. */
  supplement: PublicSupplement | null;
}

export interface PublicApology {
  at: string;
  reason: string;
  previousAppointmentAt: string;
  newAppointmentAt: string;
}

export interface PublicSupplement {
  requestedAt: string;
  reason: string;
  items: string[];
  /** The one-stop desk that takes the papers: the receiving agency's name. */
  bringTo: string;
  /** Office-calendar date `YYYY-MM-DD` to bring them by; null when the officer set none. */
  bringBy: string | null;
}

// ─── Decision 766/QĐ-TTg service-quality index (GET /index766, docs/contract.md) ───

export type Index766MetricName = 'onTime' | 'synced' | 'online' | 'payment' | 'digitisation' | 'satisfaction';

/** Why a metric has no score: the data it needs is not kept (yet). */
export type Index766NoData = 'noData.synced' | 'noData.payment' | 'noData.digitisation' | 'noData.satisfaction';

export interface Index766Figure {
  /** max × numerator / denominator, two decimals; null when there is nothing to judge or no data. */
  points: number | null;
  max: number;
  numerator: number;
  denominator: number;
  /** Set when the metric has no data: which data is missing. */
  reason: Index766NoData | null;
  /** A condition of the official rule that could not be applied for lack of data (e.g. `eResultNotChecked`). */
  notes: string[];
}

export interface Index766Figures {
  onTime: Index766Figure;
  synced: Index766Figure;
  online: Index766Figure;
  payment: Index766Figure;
  digitisation: Index766Figure;
  satisfaction: Index766Figure;
  /** Sum of the points of the metrics that have data. */
  total: number;
  /** Sum of the maxima of those metrics: `total` is out of this, not 100. */
  totalMax: number;
}

export interface Index766AgencyRow extends Index766Figures {
  agencyCode: string;
  agencyName: string;
}

export interface Index766ProcedureRow extends Index766Figures {
  procedureKey: string;
  procedureName: string;
}

export interface Index766MonthRow extends Index766Figures {
  /** `YYYY-MM` on the office calendar. */
  month: string;
  from: string;
  to: string;
}

/** Why a dossier cost points. */
export type Index766CostReason =
  | 'supplements'
  | 'apology'
  | 'finishedLate'
  | 'overdue'
  | 'notSynced'
  | 'noEResult'
  | 'unpaidOnline'
  | 'notDigitised'
  | 'notSatisfied';

export interface Index766Cost {
  metric: Index766MetricName;
  reason: Index766CostReason;
  dossierId: string;
  dossierCode: string;
  procedureKey: string;
  procedureName: string;
  agencyCode: string;
  agencyName: string;
  appointmentAt: string;
  /** When it finished (first of result ready, returned, closed), null while open. */
  finishedAt: string | null;
  supplementRequests: number;
  /** Late: the step where the time went (late when done, or past due while open) and who had it. */
  step: string | null;
  stepAgencyCode: string | null;
  officer: string | null;
  officerName: string | null;
}

export interface Index766 extends Index766Figures {
  period: { from: string; to: string; asOf: string };
  filters: { agency: string | null; procedure: string | null };
  /** The rule's settings in force (configurable). */
  policy: { maxSupplementRequests: number; apologyIsLate: boolean };
  byAgency: Index766AgencyRow[];
  byProcedure: Index766ProcedureRow[];
  /** Month by month over the period (at most 12 months). */
  byMonth: Index766MonthRow[];
  /** The dossiers that cost points, capped per metric; `costTotals` counts them all. */
  costs: Index766Cost[];
  costTotals: Record<Index766MetricName, number>;
}

/** GET /public/statistics: on-time rate (index rule) by agency and month; no personal data. */
export interface PublicStatistics {
  year: number;
  months: string[];
  agencies: Array<{
    agencyCode: string;
    agencyName: string;
    months: Array<{ month: string; onTime: number; total: number; rate: number | null }>;
  }>;
  province: Array<{ month: string; onTime: number; total: number; rate: number | null }>;
}
