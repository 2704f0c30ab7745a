// Dossiers, with their tasks, timers, history and outbox: one engine ActionResult is
// saved as one unit. The `state` column holds the whole engine DossierState; the other
// columns and tables are projections of it for the inbox, the scheduler and the
// dashboard, rewritten from the state on every save so they cannot drift.
import type {
  ActionResult,
  Applicant,
  Channel,
  DossierState,
  DossierStatus,
  Effect,
  EngineTimer,
  HistoryEvent,
  Task,
  TaskState,
  Verdict,
} from '../../engine/dossier/types.js';
import { isDeepStrictEqual } from 'node:util';
import { DomainError } from '../../engine/errors.js';
import { competentAgencyOf, returnPlaceOf } from '../../engine/dossier/places.js';
import { databaseKind, dbInstant, fromJson, isUniqueViolation, toBoolean, toJson, type Db } from './db.js';
import { notBackingOff } from './incidents.js';
import { chainEvents, GENESIS_HASH } from './history.js';
import { dossierSearchText } from './searchText.js';

export type { Applicant } from '../../engine/dossier/types.js';

/** The `dossiers` row: the columns projected from the engine's state, plus what only the store keeps. */
export type DossierRow = Pick<
  DossierState,
  | 'id'
  | 'code'
  | 'procedureKey'
  | 'procedureVersion'
  | 'status'
  | 'result'
  | 'channel'
  | 'receivingAgency'
  | 'holdingAgency'
  | 'receivedAt'
  | 'appointmentAt'
  | 'originalAppointmentAt'
  | 'pausedMinutes'
  | 'resolvedAt'
  | 'returnedAt'
  | 'closedAt'
> & {
  /** The agency competent to decide and the return place (agency code or `post`), as recorded at intake. */
  competentAgency: string;
  returnAt: string;
  lookupSecret: string;
  applicant: Applicant;
  version: number;
  createdAt: string;
  updatedAt: string;
};

export interface LoadedDossier {
  row: DossierRow;
  state: DossierState;
  /** Pass back as `expectedVersion` when saving the next action. */
  version: number;
}

/**
 * The next instant the scheduler must look at an open task (dueSoon warning, overdue,
 * next escalation level), or null. The engine owns the policy and the calendar, so it
 * decides; the store only indexes the answer.
 */
export type WakeAt = (task: Task) => string | null;

export interface NewDossier {
  /** The engine's result of receiving the dossier. */
  result: ActionResult;
  lookupSecret: string;
  applicant: Applicant;
  now: string;
  wakeAt: WakeAt;
}

/** What the last save left in the database, as the loader saw it: nothing of it is read back. */
export interface PreviousSave {
  state: DossierState;
  wakeAt: WakeAt;
  /** The highest history `seq` of the dossier (0: none yet). */
  lastEventSeq: number;
  /** That event's hash (`dossiers.last_event_hash`, read with the dossier; null: none yet): the new events chain from it. */
  lastEventHash: string | null;
}

export interface SaveDossierAction {
  dossierId: string;
  /** The version `loadDossier` returned; the save fails with VERSION_CONFLICT if it moved. */
  expectedVersion: number;
  result: ActionResult;
  now: string;
  /**
   * The state `loadDossier` returned, with the wake-up rule it was saved with: the tasks
   * and timers that did not change are then known without reading them back (one
   * statement fewer per action, and no write for what stayed the same).
   */
  previous?: PreviousSave;
  wakeAt: WakeAt;
}

/** A row of `tasks`: the engine's task, with the dossier it belongs to and its next wake-up. */
export type TaskRecord = Task & {
  dossierId: string;
  dossierCode: string;
  procedureKey: string;
  wakeAt: string | null;
  /** With `TaskFilter.withDossier`: what an inbox row shows of its dossier, read in the same statement. */
  dossier?: TaskDossier;
};

export interface TaskDossier {
  procedureVersion: number;
  status: DossierStatus;
  applicantName: string;
  receivedAt: string;
  appointmentAt: string;
  /** The assignee's full name (a head's team view names people, not logins). */
  assigneeName: string | null;
  /** While the dossier waits for the citizen: when its clock stopped. */
  pausedSince: string | null;
}

export interface TaskFilter {
  dossierId?: string;
  agencyCode?: string;
  /** Tasks of any of these roles. */
  roles?: readonly string[];
  /** Tasks assigned to this username; `null` = unassigned tasks only. */
  assignee?: string | null;
  state?: TaskState | readonly TaskState[];
  procedureKey?: string;
  /**
   * A clerk's inbox: tasks assigned to them, plus unassigned tasks of one of their
   * roles in their agency (claimable). ANDed with the other filters.
   */
  inboxOf?: { username: string; agencyCode: string; roles: readonly string[] };
  /** Also the dossier's columns an inbox row shows (`TaskRecord.dossier`), from the same join. */
  withDossier?: boolean;
  limit?: number;
}

export interface TimerRecord extends EngineTimer {
  dossierId: string;
  firedAt: string | null;
}

/** A history row as stored: the engine's event plus its place in the dossier's history. */
export interface StoredEvent extends HistoryEvent {
  id: number;
  dossierId: string;
  seq: number;
}

type Row = Record<string, any>;

// ---------------------------------------------------------------------------------
// Writing

/** Columns of `dossiers` that follow the state, and the state itself. */
function dossierProjection(state: DossierState): Row {
  return { ...projectedColumns(state), state: toJson(state) };
}

/** The queryable columns projected from the state (indexed: the inbox, the scheduler, the dashboard). */
function projectedColumns(state: DossierState): Row {
  return {
    status: state.status,
    result: state.result,
    holding_agency: state.holdingAgency,
    // Records of the intake (Decree 118/2025); older states without them meant the receiving agency.
    competent_agency: competentAgencyOf(state),
    return_at: returnPlaceOf(state),
    // Issue 17: an online filing's acceptance is its receipt (the appointment counts from it).
    received_at: dbInstant(state.receivedAt),
    appointment_at: dbInstant(state.appointmentAt),
    original_appointment_at: dbInstant(state.originalAppointmentAt),
    paused_minutes: state.pausedMinutes,
    resolved_at: dbInstant(state.resolvedAt),
    returned_at: dbInstant(state.returnedAt),
    closed_at: dbInstant(state.closedAt),
  };
}

/** Inserts a freshly received dossier with its first tasks, timers, events and outbox rows. Returns its version (1). */
export async function insertDossier(trx: Db, dossier: NewDossier): Promise<number> {
  const { state } = dossier.result;
  const now = dbInstant(dossier.now);
  const events = eventRows(state.id, dossier.result.events, 0, GENESIS_HASH);
  try {
    await trx('dossiers').insert({
      id: state.id,
      code: state.code,
      lookup_secret: dossier.lookupSecret,
      procedure_key: state.procedureKey,
      procedure_version: state.procedureVersion,
      channel: state.channel,
      receiving_agency: state.receivingAgency,
      applicant: toJson(dossier.applicant),
      // The register's search (server/store/searchText.ts): code and applicant never change.
      search_text: dossierSearchText(state.code, dossier.applicant),
      received_at: dbInstant(state.receivedAt),
      ...dossierProjection(state),
      last_event_hash: events.at(-1)?.hash ?? null,
      version: 1,
      created_at: now,
      updated_at: now,
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new DomainError('DUPLICATE.dossier', { dossierCode: state.code }, { id: state.id, code: state.code });
    }
    throw error;
  }
  // A new dossier has no task, timer or history row yet: nothing to read back.
  await writeProjections(trx, state.id, dossier.result, now, dossier.wakeAt, NOTHING_SAVED(state), events);
  return 1;
}

/**
 * Saves one action's result in the caller's transaction: the dossier row (only if it
 * is still at `expectedVersion`), its tasks, timers, appended events and one outbox
 * row per effect. Returns the new version. Throws VERSION_CONFLICT when another action
 * saved first — nothing of this one is written, the caller reloads and decides.
 */
export async function saveDossierAction(trx: Db, action: SaveDossierAction): Promise<number> {
  const { dossierId, expectedVersion, result } = action;
  if (result.state.id !== dossierId) {
    throw new Error(`result is for dossier ${result.state.id}, not ${dossierId}`);
  }
  const now = dbInstant(action.now);
  const events = await nextEventRows(trx, dossierId, result.events, action.previous);
  // Compare-and-set. On PostgreSQL the update also takes the row lock, so a concurrent
  // save waits here and then finds the version moved; on SQLite there is one writer.
  const updated = await trx('dossiers')
    .where({ id: dossierId, version: expectedVersion })
    .update({
      // With the previous state known, only what changed (see upsertTasks): a claim sets
      // the state, not the status, appointment and closing columns of eight indexes.
      ...(action.previous ? changedColumns(projectedColumns(action.previous.state), projectedColumns(result.state)) : projectedColumns(result.state)),
      state: toJson(result.state),
      ...(events.length > 0 ? { last_event_hash: events[events.length - 1].hash } : {}),
      version: expectedVersion + 1,
      updated_at: now,
    });
  if (updated === 0) {
    const current = await trx('dossiers').where({ id: dossierId }).first('version');
    if (!current) throw new DomainError('NOT_FOUND.dossier', {}, { dossierId });
    throw new DomainError('VERSION_CONFLICT', {}, {
      dossierId,
      expectedVersion,
      actualVersion: Number(current.version),
    });
  }
  await writeProjections(trx, dossierId, result, now, action.wakeAt, action.previous, events);
  return expectedVersion + 1;
}

const NOTHING_SAVED = (state: DossierState): PreviousSave => ({ state: { ...state, tasks: [], timers: [] }, wakeAt: () => null, lastEventSeq: 0, lastEventHash: null });

async function writeProjections(
  trx: Db,
  dossierId: string,
  result: ActionResult,
  now: string,
  wakeAt: WakeAt,
  previous: PreviousSave | undefined,
  events: readonly Row[],
): Promise<void> {
  await upsertTasks(trx, dossierId, result.state.tasks, wakeAt, previous);
  if (!previous || !isDeepStrictEqual(previous.state.timers, result.state.timers)) await replaceTimers(trx, dossierId, result.state.timers);
  await recordEscalations(trx, dossierId, result.effects, now);
  await appendEvents(trx, events);
  await writeOutbox(trx, dossierId, result.effects, now);
}

function taskRow(dossierId: string, task: Task, wakeAt: WakeAt): Row {
  return {
    id: task.id,
    dossier_id: dossierId,
    step_id: task.stepId,
    name: task.name,
    role: task.role,
    agency_code: task.agencyCode,
    assignee: task.assignee,
    state: task.state,
    started_at: dbInstant(task.startedAt),
    allotted: task.allotted,
    due_at: dbInstant(task.dueAt),
    due_soon_at: dbInstant(task.dueSoonAt),
    due_soon_notified: task.dueSoonNotified,
    // A closed task never wakes the scheduler, whatever the policy says.
    wake_at: task.state === 'open' ? dbInstant(wakeAt(task)) : null,
    escalation_level: task.escalationLevel,
    completed_at: dbInstant(task.completedAt),
    completed_by: task.completedBy,
    outcome: task.outcome,
    comment: task.comment,
    verdict: task.verdict,
  };
}

/**
 * Inserts new tasks and updates changed ones; unchanged rows are not touched (no needless
 * row locks). The rows as stored are those of the previous state when the caller has it
 * (they were saved from it), else read back.
 */
async function upsertTasks(trx: Db, dossierId: string, tasks: readonly Task[], wakeAt: WakeAt, previous?: PreviousSave): Promise<void> {
  if (tasks.length === 0) return;
  const existing = new Map<string, Row>();
  if (previous) for (const task of previous.state.tasks) existing.set(task.id, taskRow(dossierId, task, previous.wakeAt));
  else for (const row of await trx('tasks').where({ dossier_id: dossierId })) existing.set(row.id, row);
  const inserts: Row[] = [];
  for (const task of tasks) {
    const row = taskRow(dossierId, task, wakeAt);
    const old = existing.get(task.id);
    if (!old) {
      inserts.push(row);
      continue;
    }
    // Only the columns that changed: SQLite then leaves alone every index none of whose
    // columns is set (tasks has a dozen), where a full-row SET rewrites an entry in each.
    const changed = changedColumns(old, row);
    if (changed) await trx('tasks').where({ id: task.id }).update(changed);
  }
  if (inserts.length > 0) await trx('tasks').insert(inserts);
}

/** The columns of `next` whose value differs from `stored`'s, or null when none does. */
function changedColumns(stored: Row, next: Row): Row | null {
  let changed: Row | null = null;
  for (const column of Object.keys(next)) {
    if (!sameValue(stored[column], next[column])) (changed ??= {})[column] = next[column];
  }
  return changed;
}

const sameValue = (stored: unknown, next: unknown): boolean =>
  typeof next === 'boolean' ? toBoolean(stored) === next : (stored ?? null) === (next ?? null);

async function replaceTimers(trx: Db, dossierId: string, timers: readonly EngineTimer[]): Promise<void> {
  await trx('timers').where({ dossier_id: dossierId }).delete();
  if (timers.length === 0) return;
  await trx('timers').insert(
    timers.map((timer) => ({
      id: timer.id,
      dossier_id: dossierId,
      node_id: timer.nodeId,
      kind: timer.kind,
      due_at: dbInstant(timer.dueAt),
      task_id: timer.taskId,
      repeats_left: timer.repeatsLeft,
      fired_at: null,
    })),
  );
}

/**
 * "Never sent twice for the same step and level, also after a restart": the state
 * already remembers the level raised, and this table is the database's guarantee on
 * top — a second `escalated` effect for the same (task, level) aborts the whole save.
 */
async function recordEscalations(trx: Db, dossierId: string, effects: readonly Effect[], now: string): Promise<void> {
  for (const effect of effects) {
    if (effect.type !== 'escalated') continue;
    try {
      await trx('escalations').insert({ task_id: effect.task.id, level: effect.level, dossier_id: dossierId, at: now });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new DomainError('DUPLICATE.escalation', { taskId: effect.task.id, level: effect.level }, {
          taskId: effect.task.id,
          level: effect.level,
        });
      }
      throw error;
    }
  }
}

/**
 * The action's events as `events` rows, numbered after the dossier's last one and chained
 * from its hash (server/store/history.ts). Safe without a lock of its own: the caller's
 * version check (or the fresh insert) makes this transaction the dossier's only writer,
 * so the last event the loader saw is still the last. Without `previous`, one read.
 */
async function nextEventRows(trx: Db, dossierId: string, events: readonly HistoryEvent[], previous?: PreviousSave): Promise<Array<Row & { hash: string }>> {
  if (events.length === 0) return [];
  if (previous) return eventRows(dossierId, events, previous.lastEventSeq, previous.lastEventHash ?? GENESIS_HASH);
  const last = await trx('events').where({ dossier_id: dossierId }).orderBy('seq', 'desc').first('seq', 'hash');
  return eventRows(dossierId, events, Number(last?.seq ?? 0), last?.hash ?? GENESIS_HASH);
}

function eventRows(dossierId: string, events: readonly HistoryEvent[], lastSeq: number, lastHash: string): Array<Row & { hash: string }> {
  return chainEvents(
    lastHash,
    events.map((event, i) => ({
      dossier_id: dossierId,
      seq: lastSeq + i + 1,
      type: event.type,
      actor: event.actor,
      task_id: event.taskId,
      step_id: event.stepId,
      at: dbInstant(event.at),
      details: toJson(event.details ?? {}),
      appointment_before: dbInstant(event.appointmentBefore),
      appointment_after: dbInstant(event.appointmentAfter),
    })),
  );
}

async function appendEvents(trx: Db, rows: readonly Row[]): Promise<void> {
  if (rows.length > 0) await trx('events').insert(rows);
}

function effectTaskId(effect: Effect): string | null {
  if ('task' in effect) return effect.task.id;
  if ('taskId' in effect) return effect.taskId;
  return null;
}

async function writeOutbox(trx: Db, dossierId: string, effects: readonly Effect[], now: string): Promise<void> {
  if (effects.length === 0) return;
  await trx('outbox').insert(
    effects.map((effect) => ({
      dossier_id: dossierId,
      topic: effect.type,
      // CONTRACT.md §4: every socket payload carries dossierId, task events taskId.
      payload: toJson({ ...effect, dossierId, taskId: effectTaskId(effect) }),
      created_at: now,
      published_at: null,
    })),
  );
}

// ---------------------------------------------------------------------------------
// Reading

function dossierFromRow(row: Row): LoadedDossier {
  const dossier = dossierRowOf(row);
  return { row: dossier, state: fromJson<DossierState>(row.state), version: dossier.version };
}

/** A `dossiers` row as read (`select dossiers.*`), without parsing its state: lists read many. */
export function dossierRowOf(row: Row): DossierRow {
  return {
    id: row.id,
    code: row.code,
    lookupSecret: row.lookup_secret,
    procedureKey: row.procedure_key,
    procedureVersion: Number(row.procedure_version),
    status: row.status,
    result: row.result ?? null,
    channel: row.channel,
    receivingAgency: row.receiving_agency,
    holdingAgency: row.holding_agency,
    competentAgency: row.competent_agency ?? row.receiving_agency,
    returnAt: row.return_at ?? row.receiving_agency,
    applicant: fromJson<Applicant>(row.applicant),
    receivedAt: row.received_at,
    appointmentAt: row.appointment_at,
    originalAppointmentAt: row.original_appointment_at,
    pausedMinutes: Number(row.paused_minutes),
    resolvedAt: row.resolved_at ?? null,
    returnedAt: row.returned_at ?? null,
    closedAt: row.closed_at ?? null,
    version: Number(row.version),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/**
 * A dossier as one statement read it, with what the next save needs: the reference
 * version (agencies, calendar) and the history's last number. Good for one attempt: the
 * save's version check refuses it once anything else saved the dossier.
 */
export interface DossierSnapshot {
  loaded: LoadedDossier;
  setting: string | null;
  lastEventSeq: number;
  /** The hash of that last event (`dossiers.last_event_hash`), which the next events chain from. */
  lastEventHash: string | null;
}

/** The row's columns that follow the state, as `dossierProjection` writes them. */
function projectedRow(state: DossierState) {
  return {
    status: state.status,
    result: state.result,
    holdingAgency: state.holdingAgency,
    competentAgency: competentAgencyOf(state),
    returnAt: returnPlaceOf(state),
    receivedAt: dbInstant(state.receivedAt),
    appointmentAt: dbInstant(state.appointmentAt),
    originalAppointmentAt: dbInstant(state.originalAppointmentAt),
    pausedMinutes: state.pausedMinutes,
    resolvedAt: dbInstant(state.resolvedAt),
    returnedAt: dbInstant(state.returnedAt),
    closedAt: dbInstant(state.closedAt),
  };
}

/** The dossier as an action just saved it, without reading it back: the projected columns follow the state, the rest is as loaded. */
export function dossierAfterSave(before: LoadedDossier, state: DossierState, version: number, now: string): LoadedDossier {
  return { row: { ...before.row, ...projectedRow(state), version, updatedAt: dbInstant(now) }, state, version };
}

/** The dossier as `insertDossier` wrote it (version 1), without reading it back. */
export function dossierAsInserted(dossier: NewDossier): LoadedDossier {
  const { state } = dossier.result;
  const now = dbInstant(dossier.now);
  const row: DossierRow = {
    id: state.id,
    code: state.code,
    lookupSecret: dossier.lookupSecret,
    procedureKey: state.procedureKey,
    procedureVersion: state.procedureVersion,
    channel: state.channel,
    receivingAgency: state.receivingAgency,
    applicant: dossier.applicant,
    ...projectedRow(state),
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  return { row, state, version: 1 };
}

/** The history rows an insert or save appended, numbered after `lastSeq`, without reading them back. */
export function appendedEvents(dossierId: string, events: readonly HistoryEvent[], lastSeq: number): StoredEvent[] {
  // As `appendEvents` writes them and `listEvents` reads them back.
  return events.map((event, i) => ({
    id: 0,
    dossierId,
    seq: lastSeq + i + 1,
    type: event.type,
    at: dbInstant(event.at),
    actor: event.actor ?? null,
    taskId: event.taskId ?? null,
    stepId: event.stepId ?? null,
    details: event.details ?? {},
    appointmentBefore: dbInstant(event.appointmentBefore),
    appointmentAfter: dbInstant(event.appointmentAfter),
  }));
}

/** Throws NOT_FOUND when there is no such dossier. */
export async function loadDossier(db: Db, id: string): Promise<LoadedDossier> {
  const row = await db('dossiers').where({ id }).first();
  if (!row) throw new DomainError('NOT_FOUND.dossier', {}, { dossierId: id });
  return dossierFromRow(row);
}

/**
 * The dossier and, in the same statement, the value of one setting: the write path learns
 * whether the agencies or the calendar changed (the reference version) without a read of
 * its own.
 */
export async function loadDossierWithSetting(db: Db, id: string, settingKey: string): Promise<DossierSnapshot> {
  const row = await db('dossiers')
    .where({ id })
    .first(
      'dossiers.*',
      db.raw('(select value from settings where key = ?) as setting_value', [settingKey]),
      // The history's last number, for the next save to append after (the (dossier_id, seq) index).
      db.raw('(select max(seq) from events where events.dossier_id = dossiers.id) as last_event_seq'),
    );
  if (!row) throw new DomainError('NOT_FOUND.dossier', {}, { dossierId: id });
  const setting = row.setting_value === null || row.setting_value === undefined ? null : String(row.setting_value);
  const lastEventSeq = Number(row.last_event_seq ?? 0);
  const lastEventHash: string | null = row.last_event_hash ?? null;
  delete row.setting_value;
  delete row.last_event_seq;
  return { loaded: dossierFromRow(row), setting, lastEventSeq, lastEventHash };
}

/** By the printed code (citizen lookup, reception search); null when unknown. */
export async function findDossierByCode(db: Db, code: string): Promise<LoadedDossier | null> {
  const row = await db('dossiers').where({ code }).first();
  return row ? dossierFromRow(row) : null;
}

/** The dossier's history, oldest first. */
export async function listEvents(db: Db, dossierId: string): Promise<StoredEvent[]> {
  const rows = await db('events').where({ dossier_id: dossierId }).orderBy('seq');
  return rows.map((row: Row) => ({
    id: Number(row.id),
    dossierId: row.dossier_id,
    seq: Number(row.seq),
    type: row.type,
    at: row.at,
    actor: row.actor ?? null,
    taskId: row.task_id ?? null,
    stepId: row.step_id ?? null,
    details: fromJson<Record<string, unknown>>(row.details),
    appointmentBefore: row.appointment_before ?? null,
    appointmentAfter: row.appointment_after ?? null,
  }));
}

const TASK_COLUMNS = ['tasks.*', 'dossiers.code as dossier_code', 'dossiers.procedure_key as procedure_key'];
/** An inbox row's dossier columns (the applicant is a small JSON object: its name is read here). */
const TASK_DOSSIER_COLUMNS = [
  'dossiers.procedure_version as dossier_procedure_version',
  'dossiers.status as dossier_status',
  'dossiers.applicant as dossier_applicant',
  'dossiers.received_at as dossier_received_at',
  'dossiers.appointment_at as dossier_appointment_at',
  'assignees.full_name as assignee_name',
];

/** The state of a paused dossier only (its pause instant stops the task's clock); null for the others. */
const PAUSED_STATE = "case when dossiers.status = 'awaitingSupplement' then dossiers.state end as dossier_paused_state";

function taskDossierFromRow(row: Row): TaskDossier {
  return {
    procedureVersion: Number(row.dossier_procedure_version),
    status: row.dossier_status,
    applicantName: String(fromJson<Applicant>(row.dossier_applicant)?.name ?? ''),
    receivedAt: row.dossier_received_at,
    appointmentAt: row.dossier_appointment_at,
    assigneeName: row.assignee_name ?? null,
    pausedSince: row.dossier_paused_state ? (fromJson<DossierState>(row.dossier_paused_state).pause?.requestedAt ?? null) : null,
  };
}

function taskFromRow(row: Row): TaskRecord {
  return {
    id: row.id,
    dossierId: row.dossier_id,
    dossierCode: row.dossier_code,
    procedureKey: row.procedure_key,
    stepId: row.step_id,
    name: row.name,
    role: row.role,
    agencyCode: row.agency_code,
    assignee: row.assignee ?? null,
    state: row.state,
    startedAt: row.started_at,
    allotted: row.allotted ?? null,
    dueAt: row.due_at ?? null,
    dueSoonAt: row.due_soon_at ?? null,
    dueSoonNotified: toBoolean(row.due_soon_notified),
    wakeAt: row.wake_at ?? null,
    escalationLevel: Number(row.escalation_level),
    completedAt: row.completed_at ?? null,
    completedBy: row.completed_by ?? null,
    outcome: row.outcome ?? null,
    comment: row.comment ?? null,
    verdict: row.verdict ?? null,
  };
}

/** Tasks matching every given filter, the most urgent first (no due date last). */
export async function listTasks(db: Db, filter: TaskFilter = {}): Promise<TaskRecord[]> {
  const query = db('tasks')
    .join('dossiers', 'dossiers.id', 'tasks.dossier_id')
    .select(filter.withDossier ? [...TASK_COLUMNS, ...TASK_DOSSIER_COLUMNS] : TASK_COLUMNS);
  if (filter.withDossier) query.leftJoin('users as assignees', 'assignees.username', 'tasks.assignee').select(db.raw(PAUSED_STATE));
  if (filter.dossierId !== undefined) query.where('tasks.dossier_id', filter.dossierId);
  if (filter.agencyCode !== undefined) query.where('tasks.agency_code', filter.agencyCode);
  if (filter.roles !== undefined) query.whereIn('tasks.role', [...filter.roles]);
  if (filter.assignee === null) query.whereNull('tasks.assignee');
  else if (filter.assignee !== undefined) query.where('tasks.assignee', filter.assignee);
  if (typeof filter.state === 'string') query.where('tasks.state', filter.state);
  else if (filter.state !== undefined) query.whereIn('tasks.state', [...filter.state]);
  if (filter.procedureKey !== undefined) query.where('dossiers.procedure_key', filter.procedureKey);
  const inbox = filter.inboxOf;
  if (inbox) {
    query.where((q) => {
      q.where('tasks.assignee', inbox.username).orWhere((claimable) => {
        claimable
          .whereNull('tasks.assignee')
          .where('tasks.agency_code', inbox.agencyCode)
          .whereIn('tasks.role', [...inbox.roles]);
      });
    });
  }
  // SQLite sorts NULL first, PostgreSQL last: say it explicitly.
  query.orderByRaw('case when tasks.due_at is null then 1 else 0 end, tasks.due_at, tasks.started_at, tasks.id');
  if (filter.limit !== undefined) query.limit(filter.limit);
  const rows: Row[] = await query;
  return filter.withDossier ? rows.map((row) => ({ ...taskFromRow(row), dossier: taskDossierFromRow(row) })) : rows.map(taskFromRow);
}

/**
 * Open tasks whose wake-up time has come, earliest first. On PostgreSQL the rows are
 * claimed `FOR UPDATE SKIP LOCKED`, so several server processes each get different
 * tasks and none escalates the same one twice; call it inside `inTransaction` and save
 * the consequences in that same transaction. SQLite has one writer, nothing to skip.
 */
export async function dueTasks(trx: Db, now: string, limit: number): Promise<TaskRecord[]> {
  const query = trx('tasks')
    .join('dossiers', 'dossiers.id', 'tasks.dossier_id')
    .select(TASK_COLUMNS)
    // `state = 'open'` lets both databases use the partial index tasks_open_wake_at.
    .where('tasks.state', 'open')
    .whereNotNull('tasks.wake_at')
    .where('tasks.wake_at', '<=', dbInstant(now))
    .orderBy([{ column: 'tasks.wake_at' }, { column: 'tasks.id' }])
    .limit(limit);
  // A dossier whose scheduled work failed waits for its retry instant (store/incidents.ts).
  notBackingOff(query, trx, 'tasks.dossier_id', now);
  if (databaseKind(trx) === 'postgres') query.forUpdate('tasks').skipLocked();
  return (await query).map(taskFromRow);
}

/** Pending timers due by `now`, earliest first; claimed like `dueTasks`. */
export async function dueTimers(trx: Db, now: string, limit: number): Promise<TimerRecord[]> {
  const query = trx('timers')
    .whereNull('fired_at')
    .where('due_at', '<=', dbInstant(now))
    // A paused dossier's clock stands still (Decree 61/2018 art. 19): its timers wait.
    .whereNotIn('dossier_id', trx('dossiers').select('id').where('status', 'awaitingSupplement'))
    .orderBy([{ column: 'due_at' }, { column: 'id' }])
    .limit(limit);
  notBackingOff(query, trx, 'timers.dossier_id', now);
  if (databaseKind(trx) === 'postgres') query.forUpdate().skipLocked();
  return (await query).map(
    (row: Row): TimerRecord => ({
      id: row.id,
      dossierId: row.dossier_id,
      nodeId: row.node_id,
      kind: row.kind,
      dueAt: row.due_at,
      taskId: row.task_id ?? null,
      repeatsLeft: row.repeats_left === null || row.repeats_left === undefined ? null : Number(row.repeats_left),
      firedAt: row.fired_at ?? null,
    }),
  );
}
