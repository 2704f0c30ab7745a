// The reporting form every agency files (DOMAIN.md, "What managers watch"; the figures
// the seeds quote: "716 of 869 dossiers early or on time, 85.9%"), for a period:
//
//   carried over      received before `from`, still open at `from`
//   received          received in [from, to), split online / desk / post by channel
//   resolved          returned in [from, to): early / on time / late by the dossier's verdict
//   in progress       open at `asOf` = min(to, now): overdue when the appointment passed by
//                     then (or an apology slip, Mẫu 04, moved a passed one: it still counts
//                     as late), else on time; a dossier waiting for the citizen's supplement
//                     is on time — its clock stands still (Decree 61/2018 art. 19)
//   withdrawn, rejected  closed that way in [from, to)
//   on-time rate      (early + on time) / resolved, null when nothing was resolved
//
// carried over + received = resolved + withdrawn + rejected + in progress, when `to` is
// not in the future. Broken down by receiving agency and procedure; per officer from the
// steps (done in the period, late among them; open and overdue at `asOf`), with the
// overdue and due-soon items listed for the drill-down.
//
// Scale (a million dossiers): every query is a GROUP BY over an index range — the
// indexes of migrations/20261122020000_reporting.ts and the foundation's — and only group
// rows (agencies × procedures × a handful of buckets) and capped lists come back to
// JavaScript. "Open at an instant" is split into "open now" (the partial index over
// `closed_at is null`, a few percent of the table) and "closed since the instant" (a
// range of closed_at), so it never walks the history; the few paused and apologized
// dossiers are read once as id sets instead of a join per row. Measured on a 2-core box
// with 1,000,000 dossiers and 2,000,000 steps (3 % left open): the current month in
// ~0.4 s for an admin on SQLite and PostgreSQL, ~0.3 s / 0.07 s for a commune manager,
// a whole year 1–4 s.
// Figures for a past period use today's projection of each dossier (its appointment
// after supplements and apologies).
import type { Knex } from 'knex';
import { addDays, appointmentDueSoonUntil, isLocalDate, type Channel, type Verdict, type WorkingCalendar } from '../../engine/index.js';
import { visibleAgencies } from '../auth/permissions.js';
import type { AuthUser } from '../auth/tokens.js';
import { ServiceError } from './errors.js';
import { agencyTree, dbInstant } from '../store/index.js';

export interface DashboardQuery {
  from?: string;
  to?: string;
  agency?: string;
  procedure?: string;
}

export type { AgencyRow, Counters, Dashboard, DrillDownItem, OfficerRow, ProcedureRow } from '../../contract/index.js';
import type { AgencyRow, Counters, Dashboard, DrillDownItem, OfficerRow, ProcedureRow } from '../../contract/index.js';

/** Lists are for one-click drill-down, not export: capped. */
export const DRILL_DOWN_LIMIT = 100;

const OPEN_DOSSIER_PAUSED = 'awaitingSupplement';

type Row = Record<string, any>;

// ─── period ──────────────────────────────────────────────────────────────────

function badQuery(field: string, message: string): ServiceError {
  return new ServiceError('VALIDATION_FAILED', {}, [{ field: `query.${field}`, message }]);
}

/** `YYYY-MM-DD` (a local day in Asia/Ho_Chi_Minh) or an ISO 8601 instant with offset. */
function parseBound(cal: WorkingCalendar, field: 'from' | 'to', value: string): Date {
  if (isLocalDate(value)) {
    // `to` as a date is inclusive: the period ends when that day ends.
    return cal.atLocal(field === 'to' ? addDays(value, 1) : value);
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value)) {
    const at = new Date(value);
    if (!Number.isNaN(at.getTime())) return at;
  }
  throw badQuery(field, 'YYYY-MM-DD or an ISO 8601 instant with offset');
}

/** Default: the current month on the office calendar, by the server clock. */
export function resolvePeriod(cal: WorkingCalendar, now: Date, query: DashboardQuery): { from: Date; to: Date; asOf: Date } {
  const today = cal.localDate(now);
  const [y, m] = today.split('-').map(Number);
  const monthStart = `${today.slice(0, 7)}-01`;
  const nextMonth = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
  const from = query.from ? parseBound(cal, 'from', query.from) : cal.atLocal(monthStart);
  const to = query.to ? parseBound(cal, 'to', query.to) : cal.atLocal(nextMonth);
  if (from.getTime() >= to.getTime()) throw badQuery('to', '`to` must be after `from`');
  // A period reaching into the future is judged as of now: nothing is overdue yet in
  // the days that have not come.
  const asOf = new Date(Math.min(to.getTime(), now.getTime()));
  return { from, to, asOf: asOf.getTime() < from.getTime() ? from : asOf };
}

// ─── scope ───────────────────────────────────────────────────────────────────

interface Scope {
  /** Receiving agencies (dossier counters) and step agencies (officer counters); 'all' for admins. */
  agencies: string[] | 'all';
  procedure: string | null;
}

async function resolveScope(knex: Knex, user: AuthUser, query: DashboardQuery): Promise<Scope> {
  const visible = await visibleAgencies(knex, user);
  if (query.agency) {
    if (visible !== 'all' && !visible.has(query.agency)) {
      throw new ServiceError('FORBIDDEN.agency', { agencyCode: query.agency }, { agency: query.agency });
    }
    return { agencies: [query.agency], procedure: query.procedure ?? null };
  }
  return { agencies: visible === 'all' ? 'all' : [...visible].sort(), procedure: query.procedure ?? null };
}

function scopeDossiers(q: Knex.QueryBuilder, scope: Scope, alias = 'd'): Knex.QueryBuilder {
  if (scope.agencies !== 'all') q.whereIn(`${alias}.receiving_agency`, scope.agencies);
  if (scope.procedure) q.where(`${alias}.procedure_key`, scope.procedure);
  return q;
}

// ─── counters ────────────────────────────────────────────────────────────────

const zero = (): Counters => ({
  carriedOver: 0,
  received: 0,
  receivedOnline: 0,
  receivedDesk: 0,
  receivedPost: 0,
  total: 0,
  resolved: 0,
  resolvedEarly: 0,
  resolvedOnTime: 0,
  resolvedLate: 0,
  inProgress: 0,
  inProgressOnTime: 0,
  inProgressOverdue: 0,
  awaitingSupplement: 0,
  withdrawn: 0,
  rejected: 0,
  onTimeRate: null,
});

/** One group row: (receiving agency, procedure, bucket) → n. */
interface Group {
  agency: string;
  procedure: string;
  bucket: string;
  n: number;
}

const toGroups = (rows: Row[]): Group[] =>
  rows.map((r) => ({ agency: String(r.agency), procedure: String(r.procedure), bucket: String(r.bucket ?? ''), n: Number(r.n) }));

function grouped(knex: Knex, inner: Knex.QueryBuilder): Promise<Group[]> {
  // Grouping over a derived table: the bucket is an expression, and PostgreSQL would
  // read a bare name in GROUP BY as an input column first.
  return knex
    .from(inner.as('g'))
    .select('agency', 'procedure', 'bucket')
    .count({ n: '*' })
    .groupBy('agency', 'procedure', 'bucket')
    .then(toGroups);
}

function receivedIn(knex: Knex, scope: Scope, from: string, to: string): Promise<Group[]> {
  const q = knex('dossiers as d')
    .select({ agency: 'd.receiving_agency', procedure: 'd.procedure_key', bucket: 'd.channel' })
    .where('d.received_at', '>=', from)
    .where('d.received_at', '<', to);
  return grouped(knex, scopeDossiers(q, scope));
}

function resolvedIn(knex: Knex, scope: Scope, from: string, to: string): Promise<Group[]> {
  const q = knex('dossiers as d')
    .select({ agency: 'd.receiving_agency', procedure: 'd.procedure_key', bucket: 'd.result' })
    .where('d.returned_at', '>=', from)
    .where('d.returned_at', '<', to);
  return grouped(knex, scopeDossiers(q, scope));
}

function closedOtherwiseIn(knex: Knex, scope: Scope, from: string, to: string): Promise<Group[]> {
  const q = knex('dossiers as d')
    .select({ agency: 'd.receiving_agency', procedure: 'd.procedure_key', bucket: 'd.status' })
    .where('d.closed_at', '>=', from)
    .where('d.closed_at', '<', to)
    .whereIn('d.status', ['withdrawn', 'rejected']);
  return grouped(knex, scopeDossiers(q, scope));
}

/**
 * Dossiers an apology slip (Mẫu 04) gave a new appointment after the old one had passed
 * by `at`: late whatever the new date. Apologies are rare — one set, read once through
 * the partial index events_apologized, then matched by id.
 */
const apologizedBy = (knex: Knex, at: string) =>
  knex('events').select('dossier_id').where('type', 'apologized').where('appointment_before', '<', at);

/** Bucket of dossiers received after the instant looked at: dropped when tallying. */
const LATER = 'later';

/**
 * Dossiers received before `at` and open at `at`, bucketed `overdue` / `paused` /
 * `onTime` as of `at` (or all `open` when `deadlines` is false). Two halves, each bound
 * to one index: open now (the partial index over `closed_at is null`: a few percent of
 * the table) and closed since `at` (a range of closed_at). "Received before `at`" is a
 * bucket, not a WHERE term, on purpose: as a range on received_at it would tempt the
 * planner into walking (receiving_agency, received_at) over the whole history.
 */
async function openAt(knex: Knex, scope: Scope, at: string, deadlines: boolean): Promise<Group[]> {
  const bucket = deadlines
    ? knex.raw(
        // In progress *at* asOf includes a dossier received at that very instant (a
        // frozen test clock receives and reports in the same millisecond).
        `case when d.received_at > ? then '${LATER}'
              when d.id in ? then 'overdue'
              when d.closed_at is null and d.status = ? then 'paused'
              when d.appointment_at < ? then 'overdue'
              else 'onTime' end`,
        [at, apologizedBy(knex, at), OPEN_DOSSIER_PAUSED, at],
      )
    : knex.raw(`case when d.received_at >= ? then '${LATER}' else 'open' end`, [at]);
  const half = (openNow: boolean) => {
    const q = knex('dossiers as d')
      .select({ agency: 'd.receiving_agency', procedure: 'd.procedure_key' })
      .select(knex.raw('? as bucket', [bucket]));
    if (openNow) q.whereNull('d.closed_at');
    else q.where('d.closed_at', '>=', at);
    return grouped(knex, scopeDossiers(q, scope));
  };
  const [now, since] = await Promise.all([half(true), half(false)]);
  return [...now, ...since].filter((g) => g.bucket !== LATER);
}

function add(c: Counters, key: 'carriedOver' | 'received' | 'resolved' | 'inProgress' | 'closed', bucket: string, n: number): void {
  switch (key) {
    case 'carriedOver':
      c.carriedOver += n;
      return;
    case 'received':
      c.received += n;
      if (bucket === ('online' satisfies Channel)) c.receivedOnline += n;
      else if (bucket === ('post' satisfies Channel)) c.receivedPost += n;
      else c.receivedDesk += n;
      return;
    case 'resolved':
      c.resolved += n;
      if (bucket === ('early' satisfies Verdict)) c.resolvedEarly += n;
      else if (bucket === ('onTime' satisfies Verdict)) c.resolvedOnTime += n;
      else c.resolvedLate += n;
      return;
    case 'inProgress':
      c.inProgress += n;
      if (bucket === 'overdue') c.inProgressOverdue += n;
      else c.inProgressOnTime += n;
      if (bucket === 'paused') c.awaitingSupplement += n;
      return;
    case 'closed':
      if (bucket === 'withdrawn') c.withdrawn += n;
      else if (bucket === 'rejected') c.rejected += n;
      return;
  }
}

function finish<T extends Counters>(c: T): T {
  c.total = c.carriedOver + c.received;
  c.onTimeRate = c.resolved === 0 ? null : (c.resolvedEarly + c.resolvedOnTime) / c.resolved;
  return c;
}

// ─── officers ────────────────────────────────────────────────────────────────

function scopeTasks(q: Knex.QueryBuilder, scope: Scope): Knex.QueryBuilder {
  if (scope.agencies !== 'all') q.whereIn('t.agency_code', scope.agencies);
  if (scope.procedure) q.join('dossiers as d', 'd.id', 't.dossier_id').where('d.procedure_key', scope.procedure);
  return q;
}

/** Steps done in the period, per officer and step verdict (the step's share of time, Mẫu 05). */
async function stepsDone(knex: Knex, scope: Scope, from: string, to: string): Promise<Row[]> {
  const q = knex('tasks as t')
    .select({ username: 't.completed_by', verdict: 't.verdict' })
    .count({ n: '*' })
    .where('t.state', 'done')
    .where('t.completed_at', '>=', from)
    .where('t.completed_at', '<', to)
    .whereNotNull('t.completed_by')
    .groupBy('t.completed_by', 't.verdict');
  return scopeTasks(q, scope);
}

/** Steps open at `at` and past due by then, per assignee; steps of a paused dossier are not overdue. */
async function stepsOverdueAt(knex: Knex, scope: Scope, at: string): Promise<Row[]> {
  // Grouped over a derived table by an expression, so that no index on assignee can
  // serve the GROUP BY: the planner must pick the index that narrows the rows (the
  // partial index of open tasks by due_at, or completed_at), not walk every task in
  // assignee order.
  const perAssignee = (inner: Knex.QueryBuilder, within: Scope) =>
    knex.from(scopeTasks(inner, within).as('s')).select('username').count({ n: '*' }).groupBy('username');
  const username = knex.raw("coalesce(t.assignee, '') as username");
  // The paused dossiers are few (status index): checked as one set, not one row per task.
  const openNow = knex('tasks as t')
    .select(username)
    .where('t.state', 'open')
    .where('t.due_at', '<', at)
    .where('t.started_at', '<', at)
    .whereNotIn('t.dossier_id', knex('dossiers').select('id').where('status', OPEN_DOSSIER_PAUSED));
  // Done or cancelled since `at` (completed_at is set for both), so open at `at`.
  const closedSince = knex('tasks as t')
    .select(username)
    .where('t.completed_at', '>=', at)
    .where('t.due_at', '<', at)
    .where('t.started_at', '<', at);
  if (scope.procedure) openNow.whereIn('t.dossier_id', openIdsInScope(knex, { agencies: 'all', procedure: scope.procedure }));
  const [a, b] = await Promise.all([perAssignee(openNow, { ...scope, procedure: null }), perAssignee(closedSince, scope)]);
  return [...a, ...b];
}

// ─── drill-down ──────────────────────────────────────────────────────────────

interface Names {
  agencies: Map<string, string>;
  people: Map<string, { fullName: string; agencyCode: string }>;
}

const STEP_COLUMNS = {
  taskId: 't.id',
  dossierId: 't.dossier_id',
  dossierCode: 'd.code',
  procedureKey: 'd.procedure_key',
  step: 't.name',
  agencyCode: 't.agency_code',
  officer: 't.assignee',
  dueAt: 't.due_at',
};

/** Paused dossiers (waiting for the citizen): few, read once through the status index. */
const pausedIds = (knex: Knex) => knex('dossiers').select('id').where('status', OPEN_DOSSIER_PAUSED);

/** Open dossiers of the scope: the partial index over open dossiers, read once. */
const openIdsInScope = (knex: Knex, scope: Scope) => scopeDossiers(knex('dossiers as d').select('d.id').whereNull('d.closed_at'), scope);

/**
 * Open steps of dossiers in scope or at agencies in scope (a commune manager follows its
 * dossier into the tax office), not of paused dossiers. No join: an open step belongs
 * to an open dossier, so the dossier side is two small id sets; the listing joins
 * dossiers only for the rows it returns.
 */
function openStepsInScope(knex: Knex, scope: Scope): Knex.QueryBuilder {
  const q = knex('tasks as t').where('t.state', 'open').whereNotIn('t.dossier_id', pausedIds(knex));
  const agencies = scope.agencies;
  if (agencies !== 'all') {
    q.where((w) => w.whereIn('t.agency_code', agencies).orWhereIn('t.dossier_id', openIdsInScope(knex, { agencies, procedure: null })));
  }
  if (scope.procedure) q.whereIn('t.dossier_id', openIdsInScope(knex, { agencies: 'all', procedure: scope.procedure }));
  return q;
}

function openDossiersInScope(knex: Knex, scope: Scope): Knex.QueryBuilder {
  return scopeDossiers(knex('dossiers as d').whereNull('d.closed_at').whereNot('d.status', OPEN_DOSSIER_PAUSED), scope);
}

async function countOf(q: Knex.QueryBuilder): Promise<number> {
  const row = await q.clone().clearSelect().clearOrder().count({ n: '*' }).first();
  return Number(row?.n ?? 0);
}

async function dossierItems(knex: Knex, rows: Row[], names: Names): Promise<DrillDownItem[]> {
  if (rows.length === 0) return [];
  const open = await knex('tasks')
    .whereIn('dossier_id', rows.map((r) => r.dossierId))
    .where('state', 'open')
    .orderBy('started_at')
    .select('dossier_id', 'name', 'assignee');
  const byDossier = new Map<string, Row[]>();
  for (const t of open) byDossier.set(t.dossier_id, [...(byDossier.get(t.dossier_id) ?? []), t]);
  return rows.map((r) => {
    const tasks = byDossier.get(r.dossierId) ?? [];
    const officer = tasks.find((t) => t.assignee)?.assignee ?? null;
    return {
      kind: 'dossier',
      dossierId: r.dossierId,
      dossierCode: r.dossierCode,
      procedureKey: r.procedureKey,
      taskId: null,
      step: tasks.length > 0 ? [...new Set(tasks.map((t) => String(t.name)))].join('; ') : null,
      agencyCode: r.agencyCode,
      agencyName: names.agencies.get(r.agencyCode) ?? r.agencyCode,
      officer,
      officerName: officer ? (names.people.get(officer)?.fullName ?? officer) : null,
      dueAt: r.dueAt,
      apologized: Number(r.apologized ?? 0) === 1,
    };
  });
}

const stepItems = (rows: Row[], names: Names): DrillDownItem[] =>
  rows.map((r) => ({
    kind: 'step',
    dossierId: r.dossierId,
    dossierCode: r.dossierCode,
    procedureKey: r.procedureKey,
    taskId: r.taskId,
    step: r.step,
    agencyCode: r.agencyCode,
    agencyName: names.agencies.get(r.agencyCode) ?? r.agencyCode,
    officer: r.officer ?? null,
    officerName: r.officer ? (names.people.get(r.officer)?.fullName ?? r.officer) : null,
    dueAt: r.dueAt,
    apologized: false,
  }));

const DOSSIER_COLUMNS = {
  dossierId: 'd.id',
  dossierCode: 'd.code',
  procedureKey: 'd.procedure_key',
  agencyCode: 'd.holding_agency',
  dueAt: 'd.appointment_at',
};

// ─── the dashboard ───────────────────────────────────────────────────────────

export async function buildDashboard(
  knex: Knex,
  calendar: WorkingCalendar,
  user: AuthUser,
  now: Date,
  query: DashboardQuery,
): Promise<Dashboard> {
  const period = resolvePeriod(calendar, now, query);
  const scope = await resolveScope(knex, user, query);
  const from = dbInstant(period.from.toISOString());
  const to = dbInstant(period.to.toISOString());
  const asOf = dbInstant(period.asOf.toISOString());

  const [received, resolved, closed, carried, inProgress, done, overdueSteps] = await Promise.all([
    receivedIn(knex, scope, from, to),
    resolvedIn(knex, scope, from, to),
    closedOtherwiseIn(knex, scope, from, to),
    openAt(knex, scope, from, false),
    openAt(knex, scope, asOf, true),
    stepsDone(knex, scope, from, to),
    stepsOverdueAt(knex, scope, asOf),
  ]);

  // Drill-down: what is open now and overdue (or due soon) as of `asOf`.
  const dueSoonUntil = dbInstant(appointmentDueSoonUntil(calendar, period.asOf).toISOString());
  const overdueDossiersQ = openDossiersInScope(knex, scope).where((w) =>
    w.where('d.appointment_at', '<', asOf).orWhereIn('d.id', apologizedBy(knex, asOf)),
  );
  const overdueStepsQ = openStepsInScope(knex, scope).where('t.due_at', '<', asOf);
  const dueSoonDossiersQ = openDossiersInScope(knex, scope)
    .where('d.appointment_at', '>=', asOf)
    .where('d.appointment_at', '<', dueSoonUntil)
    .whereNotIn('d.id', apologizedBy(knex, asOf));
  const dueSoonStepsQ = openStepsInScope(knex, scope).where('t.due_at', '>=', asOf).where('t.due_soon_at', '<=', asOf);
  const [odRows, osRows, dsdRows, dssRows, odTotal, osTotal, dsdTotal, dssTotal, agencies, procedures] = await Promise.all([
    overdueDossiersQ
      .clone()
      .select(DOSSIER_COLUMNS)
      .select(knex.raw('case when d.id in ? then 1 else 0 end as apologized', [apologizedBy(knex, asOf)]))
      .orderBy([{ column: 'd.appointment_at' }, { column: 'd.id' }]).limit(DRILL_DOWN_LIMIT),
    overdueStepsQ.clone().join('dossiers as d', 'd.id', 't.dossier_id').select(STEP_COLUMNS).orderBy([{ column: 't.due_at' }, { column: 't.id' }]).limit(DRILL_DOWN_LIMIT),
    dueSoonDossiersQ.clone().select(DOSSIER_COLUMNS).orderBy([{ column: 'd.appointment_at' }, { column: 'd.id' }]).limit(DRILL_DOWN_LIMIT),
    dueSoonStepsQ.clone().join('dossiers as d', 'd.id', 't.dossier_id').select(STEP_COLUMNS).orderBy([{ column: 't.due_at' }, { column: 't.id' }]).limit(DRILL_DOWN_LIMIT),
    countOf(overdueDossiersQ),
    countOf(overdueStepsQ),
    countOf(dueSoonDossiersQ),
    countOf(dueSoonStepsQ),
    agencyTree(knex),
    knex('procedures').select('key', 'name'),
  ]);

  // Names for what came back: a few dozen usernames, never a table scan.
  const usernames = new Set<string>();
  for (const r of [...done, ...overdueSteps]) if (r.username) usernames.add(String(r.username));
  for (const r of [...osRows, ...dssRows]) if (r.officer) usernames.add(String(r.officer));
  const people = new Map<string, { fullName: string; agencyCode: string }>();
  if (usernames.size > 0) {
    for (const u of await knex('users').whereIn('username', [...usernames]).select('username', 'full_name', 'agency_code')) {
      people.set(u.username, { fullName: u.full_name, agencyCode: u.agency_code });
    }
  }
  const names: Names = { agencies: new Map(agencies.map((a) => [a.code, a.name])), people };
  const procedureNames = new Map<string, string>(procedures.map((p: Row) => [String(p.key), String(p.name)]));

  // Pivot group rows into totals, per agency and per procedure.
  const totals = zero();
  const byAgency = new Map<string, AgencyRow>();
  const byProcedure = new Map<string, ProcedureRow>();
  const agencyRow = (code: string) => {
    let row = byAgency.get(code);
    if (!row) byAgency.set(code, (row = { agencyCode: code, agencyName: names.agencies.get(code) ?? code, ...zero() }));
    return row;
  };
  const procedureRow = (key: string) => {
    let row = byProcedure.get(key);
    if (!row) byProcedure.set(key, (row = { procedureKey: key, procedureName: procedureNames.get(key) ?? key, ...zero() }));
    return row;
  };
  if (scope.agencies !== 'all') for (const code of scope.agencies) agencyRow(code);
  const tally = (groups: Group[], key: Parameters<typeof add>[1]) => {
    for (const g of groups) {
      for (const c of [totals, agencyRow(g.agency), procedureRow(g.procedure)]) add(c, key, g.bucket, g.n);
    }
  };
  tally(carried, 'carriedOver');
  tally(received, 'received');
  tally(resolved, 'resolved');
  tally(closed, 'closed');
  tally(inProgress, 'inProgress');

  const officers = new Map<string, OfficerRow>();
  const officerRow = (username: string) => {
    let row = officers.get(username);
    if (!row) {
      const person = people.get(username);
      officers.set(
        username,
        (row = {
          username,
          fullName: person?.fullName ?? username,
          agencyCode: person?.agencyCode ?? null,
          stepsDone: 0,
          stepsEarly: 0,
          stepsOnTime: 0,
          stepsLate: 0,
          openOverdue: 0,
        }),
      );
    }
    return row;
  };
  for (const r of done) {
    const row = officerRow(String(r.username));
    const n = Number(r.n);
    row.stepsDone += n;
    if (r.verdict === 'early') row.stepsEarly += n;
    else if (r.verdict === 'onTime') row.stepsOnTime += n;
    else if (r.verdict === 'late') row.stepsLate += n;
  }
  // Unclaimed overdue steps have no officer: they show in the `overdue` list instead.
  for (const r of overdueSteps) if (r.username) officerRow(String(r.username)).openOverdue += Number(r.n);

  const byCode = (a: { agencyCode: string }, b: { agencyCode: string }) => (a.agencyCode < b.agencyCode ? -1 : a.agencyCode > b.agencyCode ? 1 : 0);
  return {
    period: { from: period.from.toISOString(), to: period.to.toISOString(), asOf: period.asOf.toISOString() },
    filters: { agency: query.agency ?? null, procedure: query.procedure ?? null },
    totals: finish(totals),
    byAgency: [...byAgency.values()].map(finish).sort(byCode),
    byProcedure: [...byProcedure.values()].map(finish).sort((a, b) => a.procedureName.localeCompare(b.procedureName, 'vi')),
    byOfficer: [...officers.values()].sort((a, b) => (a.username < b.username ? -1 : 1)),
    overdue: [...(await dossierItems(knex, odRows, names)), ...stepItems(osRows, names)],
    overdueTotal: { dossiers: odTotal, steps: osTotal },
    dueSoon: [...(await dossierItems(knex, dsdRows, names)), ...stepItems(dssRows, names)],
    dueSoonTotal: { dossiers: dsdTotal, steps: dssTotal },
  };
}
