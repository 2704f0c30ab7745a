// What the API sends out: the shapes of shared/CONTRACT.md §3, built from stored rows
// and engine state. Pure functions — the caller loads, these only shape — so a field
// has one spelling wherever it appears (a task in the inbox, in a dossier, in
// `nextTasks`).

import {
  nationalStatusOf,
  taskDeadlineState,
  formatAgencySelector,
  remainingWorkingMinutes,
  type CompiledProcedure,
  type DeadlinePolicy,
  type DeadlineState,
  type DossierState,
  type Task,
  type UserTask,
  type WorkingCalendar,
} from '../../engine/index.js';
import type {
  Agency,
  DossierRow,
  LoadedDossier,
  ProcedureSummary,
  ProcedureVersion,
  ProcedureVersionSummary,
  StoredEvent,
  User,
} from '../store/index.js';

export type { AgencyView, DossierView, HistoryView, ProcedureSummaryView, ProcedureVersionView, TaskView, UserView } from '../../contract/index.js';
import type { AgencyView, DossierView, HistoryView, ProcedureSummaryView, ProcedureVersionView, TaskView, UserView } from '../../contract/index.js';

export interface TaskContext {
  calendar: WorkingCalendar;
  policy?: DeadlinePolicy;
  procedure: CompiledProcedure;
  dossierId: string;
  dossierCode: string;
  /** Set while the dossier waits for a supplement. */
  pausedSince: string | null;
  now: Date;
}

/** The fields a task needs, whether it comes from the engine state or the `tasks` table. */
type TaskLike = Pick<
  Task,
  | 'id'
  | 'stepId'
  | 'name'
  | 'role'
  | 'agencyCode'
  | 'assignee'
  | 'state'
  | 'startedAt'
  | 'allotted'
  | 'dueAt'
  | 'dueSoonAt'
  | 'completedAt'
  | 'completedBy'
  | 'outcome'
  | 'comment'
  | 'verdict'
  | 'escalationLevel'
>;

export function presentTask(task: TaskLike, ctx: TaskContext): TaskView {
  const dayCount = ctx.procedure.model.dayCount;
  // An open task is judged now — or, while the citizen supplements, at the moment the
  // clock stopped (Decree 61/2018 art. 19: the citizen's time does not count). A closed
  // one is judged when it closed: was it overdue when it was handed on?
  let at = ctx.now;
  if (task.state !== 'open' && task.completedAt) at = new Date(task.completedAt);
  else if (ctx.pausedSince && new Date(ctx.pausedSince) < at) at = new Date(ctx.pausedSince);
  const dueAt = task.dueAt ? new Date(task.dueAt) : null;
  return {
    id: task.id,
    dossierId: ctx.dossierId,
    dossierCode: ctx.dossierCode,
    procedureKey: ctx.procedure.model.key,
    stepId: task.stepId,
    name: task.name,
    role: task.role,
    agencyCode: task.agencyCode,
    assignee: task.assignee,
    state: task.state,
    startedAt: task.startedAt,
    allotted: task.allotted,
    dueAt: task.dueAt,
    deadlineState: taskDeadlineState(task, at),
    remainingWorkingMinutes: dueAt ? remainingWorkingMinutes(ctx.calendar, dueAt, at, dayCount) : null,
    paused: task.state === 'open' && ctx.pausedSince !== null,
    escalationLevel: task.escalationLevel,
    completedAt: task.completedAt,
    completedBy: task.completedBy,
    outcome: task.outcome,
    comment: task.comment,
    verdict: task.verdict,
    // sendsBack: the outcome returns the dossier to an earlier step (a reason is required; shown apart).
    outcomes: (ctx.procedure.outcomes.get(task.stepId) ?? []).map(({ key, label, sendsBack }) => ({ key, label, sendsBack })),
  };
}

const DEADLINE_RANK: Record<DeadlineState, number> = { overdue: 0, dueSoon: 1, onTime: 2 };

/** Most urgent first: overdue, then due soon, then on time; within each, least time left; no due date last. */
export function byUrgency(a: TaskView, b: TaskView): number {
  return (
    DEADLINE_RANK[a.deadlineState] - DEADLINE_RANK[b.deadlineState] ||
    (a.remainingWorkingMinutes ?? Number.POSITIVE_INFINITY) - (b.remainingWorkingMinutes ?? Number.POSITIVE_INFINITY) ||
    (a.dueAt ?? '\uffff').localeCompare(b.dueAt ?? '\uffff') ||
    a.startedAt.localeCompare(b.startedAt) ||
    a.id.localeCompare(b.id)
  );
}

export function presentHistory(event: StoredEvent): HistoryView {
  return {
    seq: event.seq,
    type: event.type,
    at: event.at,
    actor: event.actor,
    taskId: event.taskId,
    stepId: event.stepId,
    details: event.details,
    appointmentBefore: event.appointmentBefore,
    appointmentAfter: event.appointmentAfter,
  };
}

/** The dossier as staff see it (CONTRACT.md §3). `lookupSecret` is printed on the receipt, so staff may see it. */
export function presentDossier(
  loaded: LoadedDossier,
  tasks: TaskView[],
  history: StoredEvent[],
  procedureName: string | null,
): DossierView {
  const { row, state } = loaded;
  return {
    id: row.id,
    code: row.code,
    procedureKey: row.procedureKey,
    procedureVersion: row.procedureVersion,
    procedureName,
    status: row.status,
    nationalStatus: nationalStatusOf(row.status),
    result: row.result,
    channel: row.channel,
    applicant: row.applicant,
    data: state.data,
    receivedAt: row.receivedAt,
    countingFrom: state.countingFrom,
    appointmentAt: row.appointmentAt,
    originalAppointmentAt: row.originalAppointmentAt,
    pausedMinutes: row.pausedMinutes,
    agencyCode: row.receivingAgency,
    competentAgency: row.competentAgency,
    returnAt: row.returnAt,
    holdingAgency: row.holdingAgency,
    tasks,
    history: history.map(presentHistory),
    pause: state.pause,
    apologies: state.apologies,
    rejection: state.rejection,
    resolvedAt: row.resolvedAt,
    returnedAt: row.returnedAt,
    closedAt: row.closedAt,
    lookupSecret: row.lookupSecret,
    version: row.version,
  };
}

export type DossierSummarySource = Pick<
  DossierRow,
  | 'id'
  | 'code'
  | 'procedureKey'
  | 'procedureVersion'
  | 'status'
  | 'result'
  | 'channel'
  | 'receivingAgency'
  | 'holdingAgency'
  | 'applicant'
  | 'receivedAt'
  | 'appointmentAt'
  | 'version'
> &
  Partial<Pick<DossierRow, 'competentAgency' | 'returnAt'>>;

/** One line of the dossier list. */
export function presentDossierSummary(row: DossierSummarySource) {
  return {
    id: row.id,
    code: row.code,
    procedureKey: row.procedureKey,
    procedureVersion: row.procedureVersion,
    status: row.status,
    nationalStatus: nationalStatusOf(row.status),
    result: row.result,
    channel: row.channel,
    applicantName: row.applicant.name,
    receivedAt: row.receivedAt,
    appointmentAt: row.appointmentAt,
    agencyCode: row.receivingAgency,
    competentAgency: row.competentAgency ?? row.receivingAgency,
    returnAt: row.returnAt ?? row.receivingAgency,
    holdingAgency: row.holdingAgency,
    version: row.version,
  };
}

export function presentAgency(agency: Agency): AgencyView {
  return {
    code: agency.code,
    name: agency.name,
    nameEn: agency.nameEn,
    level: agency.level,
    kind: agency.kind,
    parentCode: agency.parentCode,
    mergedInto: agency.mergedInto ?? null,
    mergedAt: agency.mergedAt ?? null,
    createdAt: agency.createdAt,
  };
}

/** Never the password hash. */
export function presentUser(user: User): UserView {
  return {
    id: user.id,
    username: user.username,
    fullName: user.fullName,
    agencyCode: user.agencyCode,
    roles: user.roles,
    active: user.active,
    createdAt: user.createdAt,
  };
}

export function presentProcedureSummary(p: ProcedureSummary): ProcedureSummaryView {
  return {
    key: p.key,
    code: p.code,
    name: p.name,
    version: p.latestVersion,
    latestVersion: p.latestVersion,
    timeLimit: p.timeLimit,
    level: p.level,
    createdAt: p.createdAt,
    deployedAt: p.deployedAt,
  };
}

/** Every user task of the model, sub-processes included, in document order. */
function userTasks(procedure: CompiledProcedure): UserTask[] {
  const tasks: UserTask[] = [];
  for (const { node } of procedure.nodes.values()) if (node.type === 'userTask') tasks.push(node);
  return tasks;
}

/** A deployed version: the definition, its XML, the steps with their outcomes, and the version history. */
export function presentProcedureVersion(
  version: ProcedureVersion,
  procedure: CompiledProcedure,
  history: ProcedureVersionSummary[],
  latestVersion: number,
): ProcedureVersionView {
  const { model } = version;
  return {
    key: version.key,
    code: model.code,
    name: model.name,
    version: version.version,
    latestVersion,
    timeLimit: version.timeLimit,
    level: version.level,
    dayCount: model.dayCount,
    documentation: model.documentation,
    deployedAt: version.deployedAt,
    deployedBy: version.deployedBy,
    warnings: version.warnings,
    steps: userTasks(procedure).map((task) => ({
      id: task.id,
      name: task.name,
      role: task.role,
      agency: formatAgencySelector(task.agency),
      duration: task.duration,
      outcomes: (procedure.outcomes.get(task.id) ?? []).map(({ key, label }) => ({ key, label })),
    })),
    xml: version.xml,
    versions: history.map((v) => ({
      version: v.version,
      timeLimit: v.timeLimit,
      level: v.level,
      deployedAt: v.deployedAt,
      deployedBy: v.deployedBy,
      warningCount: v.warnings.length,
      // What the officer recorded at deploy (issue 20): shown in the version history.
      changeNote: v.record.changeNote,
      decisionNumber: v.record.decisionNumber,
      effectiveFrom: v.record.effectiveFrom,
      overLimitReason: v.record.overLimitReason,
    })),
  };
}

/** The pause start while a supplement is awaited, for `TaskContext.pausedSince`. */
export const pausedSince = (state: Pick<DossierState, 'pause'>): string | null => state.pause?.requestedAt ?? null;
