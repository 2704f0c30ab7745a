// The Decision 766/QĐ-TTg (2022) service-quality index for a period (GET /api/index766,
// CONTRACT.md §6.3): each metric MộtCửa can compute from its dossiers — points, numerator
// and denominator — for the scope, per receiving agency, per procedure and month by
// month, with the dossiers that cost points and why.
//
//   onTime        dossiers finished in the period or open at its end, on time by the
//                 index's rule (engine/deadlines/index766.ts: supplement time excluded,
//                 more than one supplement request late, an open one judged at the end)
//   synced        received in the period and synced to the national portal
//   online        received in the period through the portal (channel online); one whose
//                 result is ready counts only with an electronic result, when results are kept
//   payment       received in the period with a fee due, paid online
//   digitisation  received in the period with a component scanned at intake
//   satisfaction  finished in the period, neither rated "not satisfied" nor late
//
// Period and scope are the dashboard's (services/dashboard.ts: resolvePeriod,
// resolveScope). A metric whose data is not kept answers denominator 0, points null and a
// reason (server/store/index766.ts INDEX766_SOURCES is where that data plugs in).
import type { Knex } from 'knex';
import {
  DEFAULT_INDEX766_POLICY,
  DEFAULT_INDEX766_WEIGHTS,
  INDEX766_METRICS,
  addDays,
  index766FinishedAt,
  index766Points,
  type Index766Metric,
  type Index766Policy,
  type WorkingCalendar,
} from '../../engine/index.js';
import type { AuthUser } from '../auth/tokens.js';
import { agencyTree, dbInstant } from '../store/index.js';
import {
  availableSources,
  historyOf,
  inSource,
  lateDossiers,
  lateStepsOf,
  onTimeGroups,
  ratedNotSatisfied,
  receivedGroups,
  receivedWithout,
  satisfactionGroups,
  INDEX766_SOURCES,
  type Index766Source,
  type Index766Window,
} from '../store/index766.js';
import { peopleByUsername, procedureNamesByKey, type ReportGroup, type ReportScope } from '../store/reporting.js';
import { resolvePeriod, resolveScope, type DashboardQuery } from './dashboard.js';
import type {
  Index766,
  Index766Cost,
  Index766CostReason,
  Index766Figure,
  Index766Figures,
  Index766NoData,
  PublicStatistics,
} from '../../contract/index.js';

export type { Index766, PublicStatistics } from '../../contract/index.js';

/** The dossiers that cost points: per metric, for a one-click list, not an export. */
export const INDEX766_COST_LIMIT = 100;
/** The month-by-month view covers at most this many months. */
export const INDEX766_MAX_MONTHS = 12;

export interface Index766Settings {
  policy: Index766Policy;
  weights: Readonly<Record<Index766Metric, number>>;
}

export const DEFAULT_INDEX766_SETTINGS: Index766Settings = { policy: DEFAULT_INDEX766_POLICY, weights: DEFAULT_INDEX766_WEIGHTS };

type Row = Record<string, any>;

/** yes / no counts per key of a group row. */
type Tally = Map<string, { yes: number; no: number }>;
interface MetricGroups {
  groups: ReportGroup[];
  yes: string;
}

interface Computed {
  /** Per metric: the groups, or the no-data reason. */
  metrics: Record<Index766Metric, MetricGroups | Index766NoData>;
  notes: Partial<Record<Index766Metric, string[]>>;
}

async function computeMetrics(knex: Knex, scope: ReportScope, w: Index766Window, settings: Index766Settings, sources: Record<Index766Source, boolean>): Promise<Computed> {
  const { policy } = settings;
  const notes: Computed['notes'] = {};
  const online = sources.eResult
    ? knex.raw(`d.channel = 'online' and (d.resolved_at is null or ?)`, [inSource(knex, 'eResult')])
    : knex.raw(`d.channel = 'online'`);
  if (!sources.eResult) notes.online = ['eResultNotChecked'];
  const [onTime, synced, onlineG, payment, digitisation, satisfaction] = await Promise.all([
    onTimeGroups(knex, scope, w, policy),
    sources.synced ? receivedGroups(knex, scope, w, inSource(knex, 'synced')) : null,
    receivedGroups(knex, scope, w, online),
    sources.feeDue && sources.paidOnline
      ? receivedGroups(knex, scope, w, inSource(knex, 'paidOnline'), INDEX766_SOURCES.feeDue.ids(knex))
      : null,
    sources.digitised ? receivedGroups(knex, scope, w, inSource(knex, 'digitised')) : null,
    sources.notSatisfied ? satisfactionGroups(knex, scope, w, policy) : null,
  ]);
  return {
    metrics: {
      onTime: { groups: onTime, yes: 'onTime' },
      synced: synced ? { groups: synced, yes: 'yes' } : 'noData.synced',
      online: { groups: onlineG, yes: 'yes' },
      payment: payment ? { groups: payment, yes: 'yes' } : 'noData.payment',
      digitisation: digitisation ? { groups: digitisation, yes: 'yes' } : 'noData.digitisation',
      satisfaction: satisfaction ? { groups: satisfaction, yes: 'yes' } : 'noData.satisfaction',
    },
    notes,
  };
}

function figures(c: Computed, settings: Index766Settings, keyOf: ((g: ReportGroup) => string) | null, key: string | null): Index766Figures {
  const out = { total: 0, totalMax: 0 } as Index766Figures;
  for (const metric of INDEX766_METRICS) {
    const max = settings.weights[metric];
    const m = c.metrics[metric];
    const notes = c.notes[metric] ?? [];
    if (typeof m === 'string') {
      out[metric] = { points: null, max, numerator: 0, denominator: 0, reason: m, notes } satisfies Index766Figure;
      continue;
    }
    let yes = 0;
    let all = 0;
    for (const g of m.groups) {
      if (keyOf && keyOf(g) !== key) continue;
      all += g.n;
      if (g.bucket === m.yes) yes += g.n;
    }
    const points = index766Points(max, yes, all);
    out[metric] = { points, max, numerator: yes, denominator: all, reason: null, notes };
    if (points !== null) {
      out.total += points;
      out.totalMax += max;
    }
  }
  out.total = Math.round(out.total * 100) / 100;
  return out;
}

function keysOf(c: Computed, keyOf: (g: ReportGroup) => string): Set<string> {
  const keys = new Set<string>();
  for (const m of Object.values(c.metrics)) if (typeof m !== 'string') for (const g of m.groups) keys.add(keyOf(g));
  return keys;
}

// ─── months ──────────────────────────────────────────────────────────────────

/** The office-calendar months [from, to) touches, each clipped to the period, at most INDEX766_MAX_MONTHS (the last ones). */
export function monthsOf(cal: WorkingCalendar, from: Date, to: Date): Array<{ month: string; from: Date; to: Date }> {
  const out: Array<{ month: string; from: Date; to: Date }> = [];
  let start = cal.localDate(from).slice(0, 7);
  for (let guard = 0; guard < 600; guard++) {
    const monthStart = cal.atLocal(`${start}-01`);
    if (monthStart.getTime() >= to.getTime()) break;
    const [y, m] = start.split('-').map(Number);
    const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
    const monthEnd = cal.atLocal(`${next}-01`);
    out.push({
      month: start,
      from: new Date(Math.max(monthStart.getTime(), from.getTime())),
      to: new Date(Math.min(monthEnd.getTime(), to.getTime())),
    });
    start = next;
  }
  return out.slice(-INDEX766_MAX_MONTHS);
}

const windowOf = (from: Date, to: Date, now: Date): Index766Window => {
  const asOf = Math.max(from.getTime(), Math.min(to.getTime(), now.getTime()));
  return { from: dbInstant(from.toISOString()), to: dbInstant(to.toISOString()), asOf: dbInstant(new Date(asOf).toISOString()) };
};

// ─── the dossiers that cost points ───────────────────────────────────────────

interface Names {
  agencies: Map<string, string>;
  procedures: Map<string, string>;
}

async function costs(
  knex: Knex,
  scope: ReportScope,
  w: Index766Window,
  settings: Index766Settings,
  sources: Record<Index766Source, boolean>,
  names: Names,
): Promise<{ items: Index766Cost[]; totals: Record<Index766Metric, number> }> {
  const limit = INDEX766_COST_LIMIT;
  const none = { rows: [] as Row[], total: 0 };
  const [late, notSynced, noEResult, unpaid, notDigitised, notSatisfied] = await Promise.all([
    lateDossiers(knex, scope, w, limit, settings.policy),
    sources.synced ? receivedWithout(knex, scope, w, inSource(knex, 'synced'), limit) : none,
    sources.eResult
      ? receivedWithout(knex, scope, w, knex.raw(`d.channel <> 'online' or d.resolved_at is null or ?`, [inSource(knex, 'eResult')]), limit)
      : none,
    sources.feeDue && sources.paidOnline ? receivedWithout(knex, scope, w, inSource(knex, 'paidOnline'), limit, INDEX766_SOURCES.feeDue.ids(knex)) : none,
    sources.digitised ? receivedWithout(knex, scope, w, inSource(knex, 'digitised'), limit) : none,
    sources.notSatisfied ? ratedNotSatisfied(knex, scope, w, limit) : none,
  ]);
  const ids = [...new Set(late.rows.map((r) => String(r.dossierId)))];
  const [history, steps] = await Promise.all([historyOf(knex, ids), lateStepsOf(knex, ids)]);
  const officers = new Set<string>();
  for (const list of steps.values()) for (const t of list) for (const u of [t.completed_by, t.assignee]) if (u) officers.add(String(u));
  const people = await peopleByUsername(knex, [...officers]);

  const item = (metric: Index766Metric, reason: Index766CostReason, r: Row, extra: Partial<Index766Cost> = {}): Index766Cost => ({
    metric,
    reason,
    dossierId: r.dossierId,
    dossierCode: r.dossierCode,
    procedureKey: r.procedureKey,
    procedureName: names.procedures.get(r.procedureKey) ?? r.procedureKey,
    agencyCode: r.agencyCode,
    agencyName: names.agencies.get(r.agencyCode) ?? r.agencyCode,
    appointmentAt: r.appointmentAt,
    finishedAt: index766FinishedAt({ resolvedAt: r.resolvedAt ?? null, returnedAt: null, closedAt: r.closedAt ?? null }),
    supplementRequests: 0,
    step: null,
    stepAgencyCode: null,
    officer: null,
    officerName: null,
    ...extra,
  });

  const lateItems = late.rows.map((r) => {
    const h = history.get(r.dossierId) ?? { supplements: [], apologies: [] };
    const finishedAt = index766FinishedAt({ resolvedAt: r.resolvedAt ?? null, returnedAt: null, closedAt: r.closedAt ?? null });
    const judgedAt = finishedAt !== null && finishedAt < w.to ? finishedAt : w.asOf;
    const before = (x: string) => x < judgedAt;
    const supplementRequests = h.supplements.filter(before).length;
    const reason: Index766CostReason =
      supplementRequests > settings.policy.maxSupplementRequests
        ? 'supplements'
        : settings.policy.apologyIsLate && h.apologies.some(before)
          ? 'apology'
          : finishedAt !== null && finishedAt < w.to
            ? 'finishedLate'
            : 'overdue';
    // Where the time went: the first step done late, else the first open past due by then.
    const list = steps.get(r.dossierId) ?? [];
    const step =
      list.find((t) => t.verdict === 'late') ??
      list.find((t) => t.due_at && t.due_at < judgedAt && (t.completed_at === null || t.completed_at > t.due_at));
    const officer = step ? ((step.completed_by as string | null) ?? (step.assignee as string | null)) : null;
    return item('onTime', reason, r, {
      supplementRequests,
      step: step ? String(step.name) : null,
      stepAgencyCode: step ? String(step.agency_code) : null,
      officer,
      officerName: officer ? (people.get(officer)?.fullName ?? officer) : null,
    });
  });
  return {
    items: [
      ...lateItems,
      ...notSynced.rows.map((r) => item('synced', 'notSynced', r)),
      ...noEResult.rows.map((r) => item('online', 'noEResult', r)),
      ...unpaid.rows.map((r) => item('payment', 'unpaidOnline', r)),
      ...notDigitised.rows.map((r) => item('digitisation', 'notDigitised', r)),
      ...notSatisfied.rows.map((r) => item('satisfaction', 'notSatisfied', r)),
    ],
    totals: {
      onTime: late.total,
      synced: notSynced.total,
      online: noEResult.total,
      payment: unpaid.total,
      digitisation: notDigitised.total,
      satisfaction: notSatisfied.total,
    },
  };
}

// ─── the index ───────────────────────────────────────────────────────────────

export async function buildIndex766(
  knex: Knex,
  calendar: WorkingCalendar,
  user: AuthUser,
  now: Date,
  query: DashboardQuery,
  settings: Index766Settings = DEFAULT_INDEX766_SETTINGS,
): Promise<Index766> {
  const period = resolvePeriod(calendar, now, query);
  const scope = await resolveScope(knex, user, query);
  const w = windowOf(period.from, period.to, now);
  const sources = await availableSources(knex);
  const months = monthsOf(calendar, period.from, period.to);

  const [main, monthly, agencies, procedures] = await Promise.all([
    computeMetrics(knex, scope, w, settings, sources),
    months.length > 1
      ? Promise.all(months.map((m) => computeMetrics(knex, scope, windowOf(m.from, m.to, now), settings, sources)))
      : Promise.resolve(null),
    agencyTree(knex),
    procedureNamesByKey(knex),
  ]);
  const names: Names = { agencies: new Map(agencies.map((a) => [a.code, a.name])), procedures };
  const cost = await costs(knex, scope, w, settings, sources, names);

  const byAgencyKeys = keysOf(main, (g) => g.agency);
  if (scope.agencies !== 'all') for (const code of scope.agencies) byAgencyKeys.add(code);
  const byAgency = [...byAgencyKeys].sort().map((code) => ({
    agencyCode: code,
    agencyName: names.agencies.get(code) ?? code,
    ...figures(main, settings, (g) => g.agency, code),
  }));
  const byProcedure = [...keysOf(main, (g) => g.procedure)]
    .map((key) => ({ procedureKey: key, procedureName: procedures.get(key) ?? key, ...figures(main, settings, (g) => g.procedure, key) }))
    .sort((a, b) => a.procedureName.localeCompare(b.procedureName, 'vi'));
  const byMonth = months.map((m, i) => ({
    month: m.month,
    from: m.from.toISOString(),
    to: m.to.toISOString(),
    ...figures(monthly ? monthly[i] : main, settings, null, null),
  }));

  return {
    period: { from: period.from.toISOString(), to: period.to.toISOString(), asOf: period.asOf.toISOString() },
    filters: { agency: query.agency ?? null, procedure: query.procedure ?? null },
    policy: { ...settings.policy },
    ...figures(main, settings, null, null),
    byAgency,
    byProcedure,
    byMonth,
    costs: cost.items,
    costTotals: cost.totals,
  };
}

// ─── the public statistics ───────────────────────────────────────────────────

/**
 * On time by the index's rule, by receiving agency and month of a year, for everyone: only
 * counts, never a dossier. Months that have not begun are left out.
 */
export async function buildPublicStatistics(knex: Knex, calendar: WorkingCalendar, now: Date, year: number, settings = DEFAULT_INDEX766_SETTINGS): Promise<PublicStatistics> {
  const from = calendar.atLocal(`${year}-01-01`);
  const to = new Date(Math.min(calendar.atLocal(`${year + 1}-01-01`).getTime(), calendar.atLocal(addDays(calendar.localDate(now), 1)).getTime()));
  const months = to.getTime() > from.getTime() ? monthsOf(calendar, from, to) : [];
  const scope: ReportScope = { agencies: 'all', procedure: null };
  const [groups, agencies] = await Promise.all([
    Promise.all(months.map((m) => onTimeGroups(knex, scope, windowOf(m.from, m.to, now), settings.policy))),
    agencyTree(knex),
  ]);
  const rate = (onTime: number, total: number) => ({ onTime, total, rate: total === 0 ? null : onTime / total });
  const byAgency = new Map<string, Map<string, { onTime: number; total: number }>>();
  const province = months.map(() => ({ onTime: 0, total: 0 }));
  groups.forEach((gs, i) => {
    for (const g of gs) {
      const perMonth = byAgency.get(g.agency) ?? new Map();
      const cell = perMonth.get(months[i].month) ?? { onTime: 0, total: 0 };
      cell.total += g.n;
      province[i].total += g.n;
      if (g.bucket === 'onTime') {
        cell.onTime += g.n;
        province[i].onTime += g.n;
      }
      perMonth.set(months[i].month, cell);
      byAgency.set(g.agency, perMonth);
    }
  });
  const order = new Map(agencies.map((a, i) => [a.code, i]));
  return {
    year,
    months: months.map((m) => m.month),
    agencies: [...byAgency.entries()]
      .sort(([a], [b]) => (order.get(a) ?? 1e9) - (order.get(b) ?? 1e9) || (a < b ? -1 : 1))
      .map(([code, perMonth]) => ({
        agencyCode: code,
        agencyName: agencies.find((a) => a.code === code)?.name ?? code,
        months: months.map((m) => {
          const c = perMonth.get(m.month) ?? { onTime: 0, total: 0 };
          return { month: m.month, ...rate(c.onTime, c.total) };
        }),
      })),
    province: months.map((m, i) => ({ month: m.month, ...rate(province[i].onTime, province[i].total) })),
  };
}

export type { AuthUser };
