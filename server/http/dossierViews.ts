// The read side of dossiers and tasks as the API shows them: a dossier with its tasks and
// history, the list of dossiers and a clerk's inbox, through the presenters. Writes go
// through DossierService; which dossier a caller may see is services/dossierAccess.ts.

import type { Knex } from 'knex';
import type { Applicant, DeadlineState, DossierStatus } from '../../engine/index.js';
import { visibleAgencies, whereDossierVisible } from '../auth/permissions.js';
import type { AuthUser } from '../auth/tokens.js';
import type { ServerContext } from '../context.js';
import type { Received } from '../services/dossierService.js';
import { appendedEvents, dbInstant, listEvents, listTasks, loadDossier, readerOf, searchPattern, type LoadedDossier } from '../store/index.js';
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

/** The whole dossier: fields, every task, the full history. */
export async function dossierView(ctx: ServerContext, loaded: LoadedDossier) {
  const [tasks, history, procedure] = await Promise.all([
    dossierTaskViews(ctx, loaded),
    listEvents(readerOf(ctx.knex), loaded.row.id),
    ctx.dossiers.compiledProcedure(loaded.row.procedureKey, loaded.row.procedureVersion),
  ]);
  return presentDossier(loaded, tasks, history, procedure.model.name);
}

/** A dossier just received, as inserted: its history is the receipt's events (no read back). */
export async function receivedDossierView(ctx: ServerContext, received: Received) {
  const { dossier, result } = received;
  const [tasks, procedure] = await Promise.all([
    dossierTaskViews(ctx, dossier),
    ctx.dossiers.compiledProcedure(dossier.row.procedureKey, dossier.row.procedureVersion),
  ]);
  return presentDossier(dossier, tasks, appendedEvents(dossier.row.id, result.events, 0), procedure.model.name);
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
    if (filter.q) query.whereRaw("dossiers.search_text like ? escape '\\'", [searchPattern(filter.q)]);
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
  const items = rows.map((row: Record<string, any>) => {
    const applicant = applicantOf(row);
    return {
      ...presentDossierSummary({
        id: row.id,
        code: row.code,
        procedureKey: row.procedure_key,
        procedureVersion: Number(row.procedure_version),
        status: row.status,
        result: row.result ?? null,
        channel: row.channel,
        receivingAgency: row.receiving_agency,
        holdingAgency: row.holding_agency,
        competentAgency: row.competent_agency ?? row.receiving_agency,
        returnAt: row.return_at ?? row.receiving_agency,
        applicant: applicant as Applicant,
        receivedAt: row.received_at,
        appointmentAt: row.appointment_at,
        version: Number(row.version),
      }),
      procedureName: names.get(`${row.procedure_key}@${row.procedure_version}`) ?? null,
      // The register's columns (Mẫu 06): how to reach the applicant, when the result was ready and handed over.
      applicantIdNumber: applicant.idNumber ?? null,
      applicantPhone: applicant.phone ?? null,
      applicantAddress: applicant.address ?? null,
      resolvedAt: row.resolved_at ?? null,
      returnedAt: row.returned_at ?? null,
    };
  });
  return { items, total: Number(countRow?.n ?? 0), limit: filter.limit, offset: filter.offset };
}

const applicantOf = (row: Record<string, any>): Record<string, any> => (typeof row.applicant === 'string' ? JSON.parse(row.applicant) : row.applicant ?? {});

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
}

/**
 * The caller's open tasks: assigned to them, plus unclaimed ones of one of their roles
 * in their agency. Each is judged at the clock's now with the engine's deadline rules
 * and the list comes most urgent first.
 */
export async function inbox(ctx: ServerContext, user: AuthUser, filter: InboxFilter): Promise<TaskView[]> {
  const records = await listTasks(ctx.knex, {
    inboxOf: { username: user.username, agencyCode: user.agencyCode, roles: user.roles },
    state: 'open',
    procedureKey: filter.procedure,
    agencyCode: filter.agency,
  });
  if (records.length === 0) return [];
  const engine = await ctx.dossiers.engineContext();
  const now = ctx.clock.now();
  // The version and pause of each dossier decide the outcomes offered and whether the clock runs.
  const dossierIds = [...new Set(records.map((t) => t.dossierId))];
  const dossierRows: Array<Record<string, any>> = await ctx.knex('dossiers')
    .whereIn('id', dossierIds)
    .select('id', 'procedure_key', 'procedure_version', 'status');
  const dossiers = new Map(dossierRows.map((row) => [row.id as string, row]));
  const paused = dossierRows.filter((row) => row.status === 'awaitingSupplement').map((row) => row.id as string);
  const pauses = new Map<string, string | null>();
  for (const id of paused) pauses.set(id, pausedSince((await loadDossier(ctx.knex, id)).state));
  const views: TaskView[] = [];
  for (const record of records) {
    const dossier = dossiers.get(record.dossierId);
    if (!dossier) continue;
    const procedure = await ctx.dossiers.compiledProcedure(dossier.procedure_key, Number(dossier.procedure_version));
    views.push(
      presentTask(record, {
        calendar: engine.calendar,
        policy: engine.policy,
        procedure,
        dossierId: record.dossierId,
        dossierCode: record.dossierCode,
        pausedSince: pauses.get(record.dossierId) ?? null,
        now,
      }),
    );
  }
  const filtered = filter.deadlineState ? views.filter((v) => v.deadlineState === filter.deadlineState) : views;
  return filtered.sort(byUrgency);
}

