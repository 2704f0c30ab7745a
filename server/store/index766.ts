// The SQL behind the Decision 766 index (server/services/index766.ts assembles the
// figures; engine/deadlines/index766.ts is the rule for one dossier, which the queries
// below count in bulk — test/reporting/index766.test.ts holds them together).
//
// Every metric is a GROUP BY (receiving agency, procedure, bucket yes/no) over an index
// range, like the dashboard's (server/store/reporting.ts): "finished in the period" and
// "open at the period's end" are two ranges of the finished-at expression of
// migrations/20261129080000_index766.ts; "received in the period" is the foundation's
// received_at ranges. The few dossiers a history row makes late (two supplement
// requests, an apology) are read once as an id set.
//
// Metrics whose data MộtCửa does not keep yet (national-portal sync state, payments,
// ratings, files) read it through INDEX766_SOURCES below — the one place a new table
// plugs in. A source whose table or columns are missing answers "no data", never a score.
import type { Knex } from 'knex';
import { DEFAULT_INDEX766_POLICY, type Index766Policy } from '../../engine/index.js';
import { NEVER_FINISHED, finishedAtSql } from '../../migrations/20261129080000_index766.js';
import type { ReportGroup, ReportScope } from './reporting.js';

type Row = Record<string, any>;

/** A dossier filed online and not yet accepted is not received: no metric counts it. */
const NOT_RECEIVED = 'submitted';
const PAUSED = 'awaitingSupplement';
const FINISHED_AT = finishedAtSql('d');

/** The period in database instants: [from, to), judged as of asOf = min(to, now). */
export interface Index766Window {
  from: string;
  to: string;
  asOf: string;
}

// ─── sources: where data MộtCửa did not keep before plugs in ─────────────────

export type Index766Source = 'synced' | 'eResult' | 'feeDue' | 'paidOnline' | 'digitised' | 'notSatisfied';

interface SourceDefinition {
  /** Tables and the columns the query reads: all present, or the source has no data. */
  needs: Record<string, string[]>;
  /** The ids of dossiers the source says yes for. */
  ids: (knex: Knex) => Knex.QueryBuilder;
  /** Where the data comes from, for the "no data" reason. */
  from: string;
}

/**
 * The one place each outside datum is read from. Issue 16 (documents) writes `files`;
 * issue 17 (citizens and the portal) will write the sync state, payments and ratings:
 * when its tables land with other names or columns, change the line here and nothing
 * else — until then the metric reports "no data".
 */
export const INDEX766_SOURCES: Record<Index766Source, SourceDefinition> = {
  // 1.4: the dossier's status reached the national portal (the webhook delivery state).
  synced: {
    needs: { dossier_sync: ['dossier_id', 'state'] },
    ids: (knex) => knex('dossier_sync').select('dossier_id').where('state', 'sent'),
    from: 'dossier_sync (issue 17: national-portal sync state)',
  },
  // An electronic result was issued (issue 16: files of purpose `result`).
  eResult: {
    needs: { files: ['dossier_id', 'purpose'] },
    ids: (knex) => knex('files').select('dossier_id').where('purpose', 'result'),
    from: 'files (issue 16: electronic results)',
  },
  // A fee is due: a payment was asked for with a non-zero amount (issue 17).
  feeDue: {
    needs: { payments: ['dossier_id', 'amount'] },
    ids: (knex) => knex('payments').select('dossier_id').where('amount', '>', 0),
    from: 'payments (issue 17: fees and online payment)',
  },
  // Paid online (issue 17: the gateway's callback marked it paid).
  paidOnline: {
    needs: { payments: ['dossier_id', 'method', 'status'] },
    ids: (knex) => knex('payments').select('dossier_id').where({ method: 'online', status: 'paid' }),
    from: 'payments (issue 17: fees and online payment)',
  },
  // At least one component scanned at intake (issue 16: files of purpose `component`).
  digitised: {
    needs: { files: ['dossier_id', 'purpose'] },
    ids: (knex) => knex('files').select('dossier_id').where('purpose', 'component'),
    from: 'files (issue 16: scanned components)',
  },
  // Rated "not satisfied" (score 1 of 1–3, issue 17).
  notSatisfied: {
    needs: { ratings: ['dossier_id', 'score'] },
    ids: (knex) => knex('ratings').select('dossier_id').where('score', 1),
    from: 'ratings (issue 17: citizens rate the service)',
  },
};

/** Which sources have their data in this database (tables and columns present). */
export async function availableSources(knex: Knex): Promise<Record<Index766Source, boolean>> {
  const tables = new Map<string, Promise<Set<string> | null>>();
  const columnsOf = (table: string) => {
    let p = tables.get(table);
    if (!p) {
      p = knex.schema.hasTable(table).then(async (has) => (has ? new Set(Object.keys(await knex(table).columnInfo())) : null));
      tables.set(table, p);
    }
    return p;
  };
  const out = {} as Record<Index766Source, boolean>;
  for (const [name, def] of Object.entries(INDEX766_SOURCES) as Array<[Index766Source, SourceDefinition]>) {
    let ok = true;
    for (const [table, columns] of Object.entries(def.needs)) {
      const have = await columnsOf(table);
      if (!have || columns.some((c) => !have.has(c))) ok = false;
    }
    out[name] = ok;
  }
  return out;
}

// ─── the on-time rule, in SQL ────────────────────────────────────────────────

function scoped(q: Knex.QueryBuilder, scope: ReportScope): Knex.QueryBuilder {
  if (scope.agencies !== 'all') q.whereIn('d.receiving_agency', scope.agencies);
  if (scope.procedure) q.where('d.procedure_key', scope.procedure);
  return q;
}

/**
 * Dossiers a history row makes late by `to`: more than `maxSupplementRequests` supplement
 * requests, or an apology slip (policy). One set, read once through the partial indexes.
 */
function lateByHistory(knex: Knex, to: string, policy: Index766Policy): Knex.QueryBuilder {
  const supplements = knex('events')
    .select('dossier_id')
    .where('type', 'supplementRequested')
    .where('at', '<', to)
    .groupBy('dossier_id')
    .havingRaw('count(*) > ?', [policy.maxSupplementRequests]);
  if (!policy.apologyIsLate) return supplements;
  // knex writes UNION before GROUP BY / HAVING: the grouped half goes in a derived table.
  return knex
    .select('dossier_id')
    .from(supplements.as('s'))
    .union(knex('events').select('dossier_id').where('type', 'apologized').where('at', '<', to));
}

/** A dossier waiting for the citizen now whose pause began after its due instant: late already. */
const pausedAfterDue = (knex: Knex) =>
  knex.raw(
    `exists (select 1 from events e where e.dossier_id = d.id and e.type = 'supplementRequested' and e.at > d.appointment_at)`,
  );

/** Bucket 'later' (not counted), 'late' or 'onTime', for the finished or the open half. */
function onTimeBucket(knex: Knex, half: 'finished' | 'open', w: Index766Window, policy: Index766Policy): Knex.Raw {
  const late = lateByHistory(knex, w.to, policy);
  if (half === 'finished') {
    return knex.raw(
      `case when d.status = ? then 'later'
            when d.id in ? then 'late'
            when ${FINISHED_AT} > d.appointment_at then 'late'
            else 'onTime' end`,
      [NOT_RECEIVED, late],
    );
  }
  return knex.raw(
    `case when d.received_at >= ? or d.status = ? then 'later'
          when d.id in ? then 'late'
          when d.closed_at is null and d.resolved_at is null and d.status = ? then (case when ? then 'late' else 'onTime' end)
          when d.appointment_at < ? then 'late'
          else 'onTime' end`,
    [w.asOf, NOT_RECEIVED, late, PAUSED, pausedAfterDue(knex), w.asOf],
  );
}

/** Finished in [from, to) or open at asOf: one range each of the finished-at expression. */
function half(knex: Knex, which: 'finished' | 'open', w: Index766Window, scope: ReportScope): Knex.QueryBuilder {
  const q = knex('dossiers as d');
  if (which === 'finished') q.whereRaw(`${FINISHED_AT} >= ?`, [w.from]).whereRaw(`${FINISHED_AT} < ?`, [w.to]);
  // Two-sided on purpose: SQLite's planner (no statistics) takes a bounded range.
  else q.whereRaw(`${FINISHED_AT} >= ?`, [w.asOf]).whereRaw(`${FINISHED_AT} <= ?`, [NEVER_FINISHED]);
  return scoped(q, scope);
}

const toGroups = (rows: Row[]): ReportGroup[] =>
  rows.map((r) => ({ agency: String(r.agency), procedure: String(r.procedure), bucket: String(r.bucket ?? ''), n: Number(r.n) }));

function grouped(knex: Knex, inner: Knex.QueryBuilder): Promise<ReportGroup[]> {
  return knex
    .from(inner.as('g'))
    .select('agency', 'procedure', 'bucket')
    .count({ n: '*' })
    .groupBy('agency', 'procedure', 'bucket')
    .then(toGroups);
}

const GROUP_COLUMNS = { agency: 'd.receiving_agency', procedure: 'd.procedure_key' };

/** On time (2.1): buckets onTime / late, over the dossiers finished in the period and those open at its end. */
export async function onTimeGroups(knex: Knex, scope: ReportScope, w: Index766Window, policy = DEFAULT_INDEX766_POLICY): Promise<ReportGroup[]> {
  const run = (which: 'finished' | 'open') =>
    grouped(knex, half(knex, which, w, scope).select(GROUP_COLUMNS).select(knex.raw('? as bucket', [onTimeBucket(knex, which, w, policy)])));
  const [a, b] = await Promise.all([run('finished'), run('open')]);
  return [...a, ...b].filter((g) => g.bucket !== 'later');
}

/**
 * Satisfaction (5.x, the dossier part): of the dossiers finished in the period, those
 * neither rated "not satisfied" nor late — bucket yes / no.
 */
export function satisfactionGroups(knex: Knex, scope: ReportScope, w: Index766Window, policy = DEFAULT_INDEX766_POLICY): Promise<ReportGroup[]> {
  const bucket = knex.raw(`case when d.status = ? then 'later' when d.id in ? then 'no' when (?) = 'late' then 'no' else 'yes' end`, [
    NOT_RECEIVED,
    INDEX766_SOURCES.notSatisfied.ids(knex),
    onTimeBucket(knex, 'finished', w, policy),
  ]);
  return grouped(knex, half(knex, 'finished', w, scope).select(GROUP_COLUMNS).select(knex.raw('? as bucket', [bucket]))).then((g) =>
    g.filter((x) => x.bucket !== 'later'),
  );
}

/** Dossiers received in [from, to) (not those still only submitted), bucket yes when `yes` holds. */
export function receivedGroups(
  knex: Knex,
  scope: ReportScope,
  w: Index766Window,
  yes: Knex.Raw,
  onlyIn?: Knex.QueryBuilder,
): Promise<ReportGroup[]> {
  const q = knex('dossiers as d')
    .select(GROUP_COLUMNS)
    .select(knex.raw(`case when ? then 'yes' else 'no' end as bucket`, [yes]))
    .where('d.received_at', '>=', w.from)
    .where('d.received_at', '<', w.to)
    .whereNot('d.status', NOT_RECEIVED);
  if (onlyIn) q.whereIn('d.id', onlyIn);
  return grouped(knex, scoped(q, scope));
}

export const inSource = (knex: Knex, source: Index766Source): Knex.Raw => knex.raw('d.id in ?', [INDEX766_SOURCES[source].ids(knex)]);

// ─── the dossiers that cost points ───────────────────────────────────────────

const COST_COLUMNS = {
  dossierId: 'd.id',
  dossierCode: 'd.code',
  procedureKey: 'd.procedure_key',
  agencyCode: 'd.receiving_agency',
  appointmentAt: 'd.appointment_at',
  originalAppointmentAt: 'd.original_appointment_at',
  receivedAt: 'd.received_at',
  resolvedAt: 'd.resolved_at',
  closedAt: 'd.closed_at',
  status: 'd.status',
};

async function listed(q: Knex.QueryBuilder, limit: number): Promise<{ rows: Row[]; total: number }> {
  const [rows, count] = await Promise.all([
    q.clone().select(COST_COLUMNS).orderBy([{ column: 'd.appointment_at' }, { column: 'd.id' }]).limit(limit),
    q.clone().count({ n: '*' }).first(),
  ]);
  return { rows, total: Number(count?.n ?? 0) };
}

/** Late dossiers by the index's rule in the window (finished in it, or open at its end), capped. */
export async function lateDossiers(knex: Knex, scope: ReportScope, w: Index766Window, limit: number, policy = DEFAULT_INDEX766_POLICY) {
  const of = (which: 'finished' | 'open') =>
    listed(half(knex, which, w, scope).whereRaw(`(?) = 'late'`, [onTimeBucket(knex, which, w, policy)]), limit);
  const [a, b] = await Promise.all([of('finished'), of('open')]);
  return { rows: [...a.rows, ...b.rows].slice(0, limit), total: a.total + b.total };
}

/** Received in the window and missing what `source` says (not synced, not digitised), capped. */
export function receivedWithout(knex: Knex, scope: ReportScope, w: Index766Window, without: Knex.Raw, limit: number, onlyIn?: Knex.QueryBuilder) {
  const q = knex('dossiers as d').where('d.received_at', '>=', w.from).where('d.received_at', '<', w.to).whereNot('d.status', NOT_RECEIVED);
  q.whereRaw('not (?)', [without]);
  if (onlyIn) q.whereIn('d.id', onlyIn);
  return listed(scoped(q, scope), limit);
}

/** Finished in the window and rated "not satisfied", capped. */
export function ratedNotSatisfied(knex: Knex, scope: ReportScope, w: Index766Window, limit: number) {
  return listed(half(knex, 'finished', w, scope).whereNot('d.status', NOT_RECEIVED).whereRaw('?', [inSource(knex, 'notSatisfied')]), limit);
}

/** History rows a late dossier is judged on: its supplement requests and apology slips. */
export async function historyOf(knex: Knex, ids: readonly string[]): Promise<Map<string, { supplements: string[]; apologies: string[] }>> {
  const out = new Map<string, { supplements: string[]; apologies: string[] }>();
  if (ids.length === 0) return out;
  const rows: Row[] = await knex('events')
    .whereIn('dossier_id', ids)
    .whereIn('type', ['supplementRequested', 'apologized'])
    .orderBy([{ column: 'dossier_id' }, { column: 'seq' }])
    .select('dossier_id', 'type', 'at');
  for (const r of rows) {
    const h = out.get(r.dossier_id) ?? { supplements: [], apologies: [] };
    (r.type === 'apologized' ? h.apologies : h.supplements).push(String(r.at));
    out.set(r.dossier_id, h);
  }
  return out;
}

/** Steps of these dossiers that were late or are past due: where the time went, and who had it. */
export async function lateStepsOf(knex: Knex, ids: readonly string[]): Promise<Map<string, Row[]>> {
  const out = new Map<string, Row[]>();
  if (ids.length === 0) return out;
  const rows: Row[] = await knex('tasks')
    .whereIn('dossier_id', ids)
    .orderBy([{ column: 'dossier_id' }, { column: 'started_at' }])
    .select('dossier_id', 'name', 'agency_code', 'state', 'verdict', 'due_at', 'completed_at', 'completed_by', 'assignee');
  for (const r of rows) out.set(r.dossier_id, [...(out.get(r.dossier_id) ?? []), r]);
  return out;
}
