// The read side of dossiers and tasks as the API shows them: a dossier with its tasks and
// history, the list of dossiers and a clerk's inbox, through the presenters. Writes go
// through DossierService; which dossier a caller may see is services/dossierAccess.ts.

import type { Knex } from 'knex';
import type { DeadlineState, DossierStatus } from '../../engine/index.js';
import { visibleAgencies, whereDossierVisible } from '../auth/permissions.js';
import type { AuthUser } from '../auth/tokens.js';
import type { ServerContext } from '../context.js';
import type { Received } from '../services/dossierService.js';
import { appendedEvents, dbInstant, dossierRowOf, listEvents, listTasks, readerOf, searchPatterns, type LoadedDossier } from '../store/index.js';
import { byUrgency, pausedSince, presentDossier, presentDossierSummary, presentTask, type TaskView } from './presenters.js';

/** Tasks of one dossier as the API shows them. */
export async function dossierTaskViews(ctx: ServerContext, loaded: LoadedDossier, taskIds?: readonly string[]): Promise<TaskView[]> {
  const engine = await ctx.dossiers.engineContext();
  const procedure = await ctx.dossiers.compiledProcedure(loaded.row.procedureKey, loaded.row.procedureVersion);
  const now = ctx.clock.now();
  const wanted = taskIds ? new Set(taskIds) : null;
  return loaded.state.tasks
    .filter((task) => !wanted || wanted.has(task.id))
    .map((task) =>
      presentTask(task, {
        calendar: engine.calendar,
        policy: engine.policy,
        procedure,
        dossierId: loaded.row.id,
        dossierCode: loaded.row.code,
        pausedSince: pausedSince(loaded.state),
        now,
      }),
    );
}

/** The whole dossier: fields, every task, the full history, and the full names of the people in them. */
export async function dossierView(ctx: ServerContext, loaded: LoadedDossier) {
  const [tasks, history, procedure] = await Promise.all([
    dossierTaskViews(ctx, loaded),
    listEvents(readerOf(ctx.knex), loaded.row.id),
    ctx.dossiers.compiledProcedure(loaded.row.procedureKey, loaded.row.procedureVersion),
  ]);
  return { ...presentDossier(loaded, tasks, history, procedure.model.name), people: await peopleOf(ctx, loaded, history) };
}

/**
 * `people`: username → full name of everyone the history and the tasks name (issue 20:
 * history shows people, not logins). One read of the users table; a deleted account
 * stays a login.
 */
async function peopleOf(ctx: ServerContext, loaded: LoadedDossier, history: ReadonlyArray<{ actor: string | null; details?: Record<string, unknown> }>): Promise<Record<string, string>> {
  const names = new Set<string>();
  for (const event of history) {
    if (event.actor) names.add(event.actor);
    for (const key of ['assignee', 'previousAssignee']) {
      const value = event.details?.[key];
      if (typeof value === 'string') names.add(value);
    }
  }
  for (const task of loaded.state.tasks) {
    if (task.assignee) names.add(task.assignee);
    if (task.completedBy) names.add(task.completedBy);
  }
  if (names.size === 0) return {};
  const rows: Array<{ username: string; full_name: string }> = await readerOf(ctx.knex)('users').whereIn('username', [...names]).select('username', 'full_name');
  return Object.fromEntries(rows.map((row) => [row.username, row.full_name]));
}

/** A dossier just received, as inserted: its history is the receipt's events (no read back). */
export async function receivedDossierView(ctx: ServerContext, received: Received) {
  const { dossier, result } = received;
  const [tasks, procedure] = await Promise.all([
    dossierTaskViews(ctx, dossier),
    ctx.dossiers.compiledProcedure(dossier.row.procedureKey, dossier.row.procedureVersion),
  ]);
  const history = appendedEvents(dossier.row.id, result.events, 0);
  return { ...presentDossier(dossier, tasks, history, procedure.model.name), people: await peopleOf(ctx, dossier, history) };
}

export interface DossierListFilter {
  status?: DossierStatus;
  procedure?: string;
  /** Received by or held by this agency. */
  agency?: string;
  /** Part of the dossier code, the applicant's name, ID number or phone (server/store/searchText.ts). */
  q?: string;
  /** Received at or after this instant. */
  from?: Date;
  /** Received before this instant. */
  to?: Date;
  limit: number;
  offset: number;
}

/**
 * The register (Sổ theo dõi hồ sơ, Mẫu 06): the dossiers the caller may see, newest
 * first, one page with the total. Each row carries the procedure's name and, for the
 * desk, what it waits for.
 */
export async function listDossiers(ctx: ServerContext, user: AuthUser, filter: DossierListFilter) {
  const visible = await visibleAgencies(ctx.knex, user);
  const base = (): Knex.QueryBuilder => {
    const query = ctx.knex('dossiers');
    whereDossierVisible(query, visible);
    if (filter.status) query.where('dossiers.status', filter.status);
    if (filter.procedure) query.where('dossiers.procedure_key', filter.procedure);
    if (filter.agency) {
      const agency = filter.agency;
      query.where((q) => q.where('dossiers.receiving_agency', agency).orWhere('dossiers.holding_agency', agency));
    }
    if (filter.from) query.where('dossiers.received_at', '>=', dbInstant(filter.from.toISOString()));
    if (filter.to) query.where('dossiers.received_at', '<', dbInstant(filter.to.toISOString()));
    // Folded on both sides (lower case, no diacritics): "nguyen van an" finds "Nguyễn Văn An".
    if (filter.q) {
      const patterns = searchPatterns(filter.q);
      query.where((q) => {
        for (const pattern of patterns) q.orWhereRaw("dossiers.search_text like ? escape '\\'", [pattern]);
      });
    }
    return query;
  };
  const [countRow, rows] = await Promise.all([
    base().count({ n: '*' }).first(),
    base()
      .select('dossiers.*')
      .orderBy([
        { column: 'dossiers.received_at', order: 'desc' },
        { column: 'dossiers.id', order: 'asc' },
      ])
      .limit(filter.limit)
      .offset(filter.offset),
  ]);
  const names = await procedureNames(ctx, rows);
  const items = rows.map((record: Record<string, any>) => {
    const row = dossierRowOf(record);
    const applicant = row.applicant;
    return {
      ...presentDossierSummary(row),
      procedureName: names.get(`${row.procedureKey}@${row.procedureVersion}`) ?? null,
      // The register's columns (Mẫu 06): how to reach the applicant, when the result was ready and handed over.
      applicantIdNumber: applicant.idNumber ?? null,
      applicantPhone: applicant.phone ?? null,
      applicantAddress: applicant.address ?? null,
      resolvedAt: row.resolvedAt,
      returnedAt: row.returnedAt,
    };
  });
  return { items, total: Number(countRow?.n ?? 0), limit: filter.limit, offset: filter.offset };
}


/** Names of the procedure versions of some rows, from the compiled-procedure cache (one per distinct version). */
async function procedureNames(ctx: ServerContext, rows: ReadonlyArray<Record<string, any>>): Promise<Map<string, string>> {
  const versions = new Map<string, [string, number]>();
  for (const row of rows) versions.set(`${row.procedure_key}@${row.procedure_version}`, [row.procedure_key, Number(row.procedure_version)]);
  const names = new Map<string, string>();
  await Promise.all(
    [...versions].map(async ([id, [key, version]]) => {
      const compiled = await ctx.dossiers.compiledProcedure(key, version).catch(() => null);
      if (compiled) names.set(id, compiled.model.name);
    }),
  );
  return names;
}

export interface InboxFilter {
  deadlineState?: DeadlineState;
  procedure?: string;
  agency?: string;
  /**
   * `mine` (default): the caller's own tasks and the unclaimed ones of their roles in their
   * agency. `team`: every open task at the caller's agency, whoever has it — a head's
   * view of the team's open and overdue work.
   */
  scope?: 'mine' | 'team';
}

/** An inbox row: the task, and what a clerk needs to recognise the dossier without opening it. */
export type InboxTaskView = TaskView & {
  procedureName: string | null;
  applicantName: string;
  receivedAt: string;
  appointmentAt: string;
  assigneeName: string | null;
};

/**
 * The caller's open tasks (or, `scope: team`, their agency's), judged at the clock's now
 * with the engine's deadline rules, most urgent first. One statement reads the tasks with
 * their dossiers (procedure version, status, applicant, and for a paused one the instant
 * its clock stopped) and assignees: no read per row.
 */
export async function inbox(ctx: ServerContext, user: AuthUser, filter: InboxFilter): Promise<InboxTaskView[]> {
  const records = await listTasks(readerOf(ctx.knex), {
    ...(filter.scope === 'team' ? { agencyCode: user.agencyCode } : { inboxOf: { username: user.username, agencyCode: user.agencyCode, roles: user.roles } }),
    ...(filter.scope !== 'team' && filter.agency ? { agencyCode: filter.agency } : {}),
    state: 'open',
    procedureKey: filter.procedure,
    withDossier: true,
  });
  if (records.length === 0) return [];
  const engine = await ctx.dossiers.engineContext();
  const now = ctx.clock.now();
  const views: InboxTaskView[] = [];
  for (const record of records) {
    const dossier = record.dossier!;
    const procedure = await ctx.dossiers.compiledProcedure(record.procedureKey, dossier.procedureVersion);
    const view = presentTask(record, {
      calendar: engine.calendar,
      policy: engine.policy,
      procedure,
      dossierId: record.dossierId,
      dossierCode: record.dossierCode,
      pausedSince: dossier.pausedSince,
      now,
    });
    views.push({
      ...view,
      procedureName: procedure.model.name,
      applicantName: dossier.applicantName,
      receivedAt: dossier.receivedAt,
      appointmentAt: dossier.appointmentAt,
      assigneeName: dossier.assigneeName,
    });
  }
  const filtered = filter.deadlineState ? views.filter((v) => v.deadlineState === filter.deadlineState) : views;
  return filtered.sort(byUrgency);
}
