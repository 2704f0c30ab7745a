// The reporting queries behind the dashboard (server/services/dashboard.ts assembles the
// figures; the SQL lives here, in the store). Every query is a GROUP BY over an index
// range — the indexes of migrations/20261122020000_reporting.ts and the foundation's — and
// only group rows and capped lists come back to JavaScript. "Open at an instant" is split
// into "open now" (the partial index over `closed_at is null`) and "closed since the
// instant" (a range of closed_at), so it never walks the history; the few paused and
// apologized dossiers are read once as id sets instead of a join per row.
import type { Knex } from 'knex';

type Row = Record<string, any>;

/** A dossier waiting for the citizen's supplement: its clock stands still. */
const OPEN_DOSSIER_PAUSED = 'awaitingSupplement';

/** What a report covers: receiving agencies (dossier counters) and step agencies (officer counters); 'all' for admins. */
export interface ReportScope {
  agencies: string[] | 'all';
  procedure: string | null;
}

function scopeDossiers(q: Knex.QueryBuilder, scope: ReportScope, alias = 'd'): Knex.QueryBuilder {
  if (scope.agencies !== 'all') q.whereIn(`${alias}.receiving_agency`, scope.agencies);
  if (scope.procedure) q.where(`${alias}.procedure_key`, scope.procedure);
  return q;
}

/** One group row: a receiving agency, a procedure, a bucket, a count. */
export interface ReportGroup {
  agency: string;
  procedure: string;
  bucket: string;
  n: number;
}

const toGroups = (rows: Row[]): ReportGroup[] =>
  rows.map((r) => ({ agency: String(r.agency), procedure: String(r.procedure), bucket: String(r.bucket ?? ''), n: Number(r.n) }));

function grouped(knex: Knex, inner: Knex.QueryBuilder): Promise<ReportGroup[]> {
  // Grouping over a derived table: the bucket is an expression, and PostgreSQL would
  // read a bare name in GROUP BY as an input column first.
  return knex
    .from(inner.as('g'))
    .select('agency', 'procedure', 'bucket')
    .count({ n: '*' })
    .groupBy('agency', 'procedure', 'bucket')
    .then(toGroups);
}

export function receivedIn(knex: Knex, scope: ReportScope, from: string, to: string): Promise<ReportGroup[]> {
  const q = knex('dossiers as d')
    .select({ agency: 'd.receiving_agency', procedure: 'd.procedure_key', bucket: 'd.channel' })
    .where('d.received_at', '>=', from)
    .where('d.received_at', '<', to);
  return grouped(knex, scopeDossiers(q, scope));
}

export function resolvedIn(knex: Knex, scope: ReportScope, from: string, to: string): Promise<ReportGroup[]> {
  const q = knex('dossiers as d')
    .select({ agency: 'd.receiving_agency', procedure: 'd.procedure_key', bucket: 'd.result' })
    .where('d.returned_at', '>=', from)
    .where('d.returned_at', '<', to);
  return grouped(knex, scopeDossiers(q, scope));
}

export function closedOtherwiseIn(knex: Knex, scope: ReportScope, from: string, to: string): Promise<ReportGroup[]> {
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

/**
 * An upper bound every instant meets. "Closed since `at`" is written as a two-sided range
 * on purpose: SQLite (no statistics) estimates a one-sided range as a quarter of the
 * index and then prefers a full scan of another covering index (89 ms at 1M for the
 * province); bounded, it searches dossiers_closed_cover (14 ms). Same rows, same answer.
 */
const END_OF_TIME = '9999-12-31T23:59:59.999Z';

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
export async function openAt(knex: Knex, scope: ReportScope, at: string, deadlines: boolean): Promise<ReportGroup[]> {
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
    else q.where('d.closed_at', '>=', at).where('d.closed_at', '<=', END_OF_TIME);
    return grouped(knex, scopeDossiers(q, scope));
  };
  const [now, since] = await Promise.all([half(true), half(false)]);
  return [...now, ...since].filter((g) => g.bucket !== LATER);
}

function scopeTasks(q: Knex.QueryBuilder, scope: ReportScope): Knex.QueryBuilder {
  if (scope.agencies !== 'all') q.whereIn('t.agency_code', scope.agencies);
  if (scope.procedure) q.join('dossiers as d', 'd.id', 't.dossier_id').where('d.procedure_key', scope.procedure);
  return q;
}

/** Steps done in the period, per officer and step verdict (the step's share of time, Mẫu 05). */
export async function stepsDone(knex: Knex, scope: ReportScope, from: string, to: string): Promise<Row[]> {
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
export async function stepsOverdueAt(knex: Knex, scope: ReportScope, at: string): Promise<Row[]> {
  // Grouped over a derived table by an expression, so that no index on assignee can
  // serve the GROUP BY: the planner must pick the index that narrows the rows (the
  // partial index of open tasks by due_at, or completed_at), not walk every task in
  // assignee order.
  const perAssignee = (inner: Knex.QueryBuilder, within: ReportScope) =>
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
const openIdsInScope = (knex: Knex, scope: ReportScope) => scopeDossiers(knex('dossiers as d').select('d.id').whereNull('d.closed_at'), scope);

/**
 * Open steps of dossiers in scope or at agencies in scope (a commune manager follows its
 * dossier into the tax office), not of paused dossiers. No join: an open step belongs
 * to an open dossier, so the dossier side is two small id sets; the listing joins
 * dossiers only for the rows it returns.
 */
function openStepsInScope(knex: Knex, scope: ReportScope): Knex.QueryBuilder {
  const q = knex('tasks as t').where('t.state', 'open').whereNotIn('t.dossier_id', pausedIds(knex));
  const agencies = scope.agencies;
  if (agencies !== 'all') {
    q.where((w) => w.whereIn('t.agency_code', agencies).orWhereIn('t.dossier_id', openIdsInScope(knex, { agencies, procedure: null })));
  }
  if (scope.procedure) q.whereIn('t.dossier_id', openIdsInScope(knex, { agencies: 'all', procedure: scope.procedure }));
  return q;
}

function openDossiersInScope(knex: Knex, scope: ReportScope): Knex.QueryBuilder {
  // The appointment bound is always true: it gives the planner a range on appointment_at,
  // so it searches the open dossiers' partial index (dossiers_open_appointment, or
  // dossiers_open_due for an agency) instead of scanning a covering index of all million
  // (SQLite without statistics takes every index for the same size; see END_OF_TIME).
  return scopeDossiers(
    knex('dossiers as d').whereNull('d.closed_at').whereNot('d.status', OPEN_DOSSIER_PAUSED).where('d.appointment_at', '<=', END_OF_TIME),
    scope,
  );
}

async function countOf(q: Knex.QueryBuilder): Promise<number> {
  const row = await q.clone().clearSelect().clearOrder().count({ n: '*' }).first();
  return Number(row?.n ?? 0);
}

const DOSSIER_COLUMNS = {
  dossierId: 'd.id',
  dossierCode: 'd.code',
  procedureKey: 'd.procedure_key',
  agencyCode: 'd.holding_agency',
  dueAt: 'd.appointment_at',
};

/** The drill-down lists as of `asOf` (capped at `limit`) and their full counts. */
export async function drillDownRows(knex: Knex, scope: ReportScope, asOf: string, dueSoonUntil: string, limit: number) {
  const overdueDossiersQ = openDossiersInScope(knex, scope).where((w) =>
    w.where('d.appointment_at', '<', asOf).orWhereIn('d.id', apologizedBy(knex, asOf)),
  );
  const overdueStepsQ = openStepsInScope(knex, scope).where('t.due_at', '<', asOf);
  const dueSoonDossiersQ = openDossiersInScope(knex, scope)
    .where('d.appointment_at', '>=', asOf)
    .where('d.appointment_at', '<', dueSoonUntil)
    .whereNotIn('d.id', apologizedBy(knex, asOf));
  const dueSoonStepsQ = openStepsInScope(knex, scope).where('t.due_at', '>=', asOf).where('t.due_soon_at', '<=', asOf);
  const [odRows, osRows, dsdRows, dssRows, odTotal, osTotal, dsdTotal, dssTotal] = await Promise.all([
    overdueDossiersQ
      .clone()
      .select(DOSSIER_COLUMNS)
      .select(knex.raw('case when d.id in ? then 1 else 0 end as apologized', [apologizedBy(knex, asOf)]))
      .orderBy([{ column: 'd.appointment_at' }, { column: 'd.id' }]).limit(limit),
    overdueStepsQ.clone().join('dossiers as d', 'd.id', 't.dossier_id').select(STEP_COLUMNS).orderBy([{ column: 't.due_at' }, { column: 't.id' }]).limit(limit),
    dueSoonDossiersQ.clone().select(DOSSIER_COLUMNS).orderBy([{ column: 'd.appointment_at' }, { column: 'd.id' }]).limit(limit),
    dueSoonStepsQ.clone().join('dossiers as d', 'd.id', 't.dossier_id').select(STEP_COLUMNS).orderBy([{ column: 't.due_at' }, { column: 't.id' }]).limit(limit),
    countOf(overdueDossiersQ),
    countOf(overdueStepsQ),
    countOf(dueSoonDossiersQ),
    countOf(dueSoonStepsQ),
  ]);
  return {
    rows: { overdueDossiers: odRows as Row[], overdueSteps: osRows as Row[], dueSoonDossiers: dsdRows as Row[], dueSoonSteps: dssRows as Row[] },
    totals: { overdueDossiers: odTotal, overdueSteps: osTotal, dueSoonDossiers: dsdTotal, dueSoonSteps: dssTotal },
  };
}

/** The open steps of these dossiers, oldest first, by dossier. */
export async function openStepsOf(knex: Knex, dossierIds: readonly string[]): Promise<Map<string, Row[]>> {
  const byDossier = new Map<string, Row[]>();
  if (dossierIds.length === 0) return byDossier;
  const open = await knex('tasks').whereIn('dossier_id', dossierIds).where('state', 'open').orderBy('started_at').select('dossier_id', 'name', 'assignee');
  for (const t of open) byDossier.set(t.dossier_id, [...(byDossier.get(t.dossier_id) ?? []), t]);
  return byDossier;
}

/** Names of a few dozen usernames, never a table scan. */
export async function peopleByUsername(knex: Knex, usernames: readonly string[]): Promise<Map<string, { fullName: string; agencyCode: string }>> {
  const people = new Map<string, { fullName: string; agencyCode: string }>();
  if (usernames.length === 0) return people;
  for (const u of await knex('users').whereIn('username', usernames).select('username', 'full_name', 'agency_code')) {
    people.set(u.username, { fullName: u.full_name, agencyCode: u.agency_code });
  }
  return people;
}

export async function procedureNamesByKey(knex: Knex): Promise<Map<string, string>> {
  const rows: Row[] = await knex('procedures').select('key', 'name');
  return new Map(rows.map((p) => [String(p.key), String(p.name)]));
}
