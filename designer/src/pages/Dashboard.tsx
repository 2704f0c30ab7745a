// The manager's dashboard: the period's counters (the reporting form every agency
// files), the on-time rate over time, received vs resolved, overdue by agency, procedure
// and officer, the due-soon and overdue lists one click away. Live: refetched on
// `dashboard:changed`. Export: CSV and a printable report.
import { useMemo, useRef, useState } from 'react';
import { Chart as ChartJS, registerables, type ChartOptions } from 'chart.js';
import { Bar } from 'react-chartjs-2';
import { addDays } from '../../../engine/calendar/index.js';
import { api } from '../api/endpoints.js';
import type { DashboardCounters, DrillDownItem } from '../api/types.js';
import { ErrorNotice, Loading } from '../components/ErrorNotice.js';
import { PageHeader } from '../components/Layout.js';
import { useI18n, type MessageKey } from '../i18n/index.js';
import { useLiveEvents } from '../live/LiveProvider.js';
import { agencyName, useAgencies } from '../reference.js';
import { Link, navigate } from '../router.js';
import { useSession } from '../session.js';
import { currentCalendar, serverNow, syncServerClock, useServerNow } from '../time.js';
import { useResource } from '../useResource.js';
import { Icon } from '../components/Icon.js';
import { csvDate, csvDateTime, downloadCsv } from '../csv.js';

ChartJS.register(...registerables);

type Period = 'month' | 'lastMonth' | 'quarter' | 'year' | 'custom';
interface Range {
  from: string;
  to: string;
}
interface Bucket extends Range {
  label: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const monthStart = (y: number, m: number) => `${y}-${pad(m)}-01`;
const monthEnd = (y: number, m: number) => addDays(m === 12 ? monthStart(y + 1, 1) : monthStart(y, m + 1), -1);

/** Local dates (inclusive) of a period around `today`. */
export function periodRange(period: Exclude<Period, 'custom'>, today: string): Range {
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7));
  switch (period) {
    case 'month':
      return { from: monthStart(y, m), to: today };
    case 'lastMonth': {
      const ly = m === 1 ? y - 1 : y;
      const lm = m === 1 ? 12 : m - 1;
      return { from: monthStart(ly, lm), to: monthEnd(ly, lm) };
    }
    case 'quarter': {
      const qm = Math.floor((m - 1) / 3) * 3 + 1;
      return { from: monthStart(y, qm), to: today };
    }
    case 'year':
      return { from: `${y}-01-01`, to: today };
  }
}

/** The period cut into months, or weeks for a month: the x-axis of the charts. */
export function buckets(range: Range, lang: string): Bucket[] {
  const out: Bucket[] = [];
  const sameMonth = range.from.slice(0, 7) === range.to.slice(0, 7);
  if (sameMonth) {
    let start = range.from;
    let n = 1;
    while (start <= range.to) {
      const end = addDays(start, 6) < range.to ? addDays(start, 6) : range.to;
      out.push({ from: start, to: end, label: `${lang === 'vi' ? 'Tuần' : 'Week'} ${n} (${start.slice(8)}–${end.slice(8)})` });
      start = addDays(end, 1);
      n += 1;
    }
    return out;
  }
  let y = Number(range.from.slice(0, 4));
  let m = Number(range.from.slice(5, 7));
  while (monthStart(y, m) <= range.to && out.length < 12) {
    const end = monthEnd(y, m) < range.to ? monthEnd(y, m) : range.to;
    out.push({ from: monthStart(y, m), to: end, label: `${pad(m)}/${y}` });
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return out;
}

const COUNTERS = ['carriedOver', 'received', 'receivedDesk', 'receivedOnline', 'receivedPost', 'resolved', 'resolvedEarly', 'resolvedOnTime', 'resolvedLate', 'inProgress', 'inProgressOnTime', 'inProgressOverdue', 'awaitingSupplement', 'withdrawn', 'rejected'] as const;
/** "85,9%": a decimal comma, as Excel in vi-VN and the reporting form write it. */
const rateText = (rate: number | null) => (rate === null ? '' : `${(rate * 100).toFixed(1).replace('.', ',')}%`);

// CSV for Excel in vi-VN (`;`, byte order mark, local dates): one home, ../csv.ts.

/** Rows of the drill-down lists, one per dossier: a dossier due soon and its step due soon are one row, not two. */
export function byDossier(items: DrillDownItem[]): Array<{ first: DrillDownItem; items: DrillDownItem[] }> {
  const groups = new Map<string, { first: DrillDownItem; items: DrillDownItem[] }>();
  for (const item of items) {
    const group = groups.get(item.dossierId);
    if (group) {
      group.items.push(item);
      if (item.dueAt < group.first.dueAt) group.first = item;
    } else groups.set(item.dossierId, { first: item, items: [item] });
  }
  return [...groups.values()].sort((a, b) => (a.first.dueAt < b.first.dueAt ? -1 : a.first.dueAt > b.first.dueAt ? 1 : 0));
}

export default function Dashboard() {
  const now = useServerNow();
  if (!now) return <Loading />;
  return <DashboardScreen now={now} />;
}

function DashboardScreen({ now }: { now: Date }) {
  const { t, fmt, lang } = useI18n();
  const { user } = useSession();
  const agencies = useAgencies();
  const [period, setPeriod] = useState<Period>('month');
  const [agency, setAgency] = useState('');
  const [procedure, setProcedure] = useState('');
  const [changed, setChanged] = useState(0);
  // "Today" on the server's clock; re-read on every live change (a demo's clock jumps).
  const [today, setToday] = useState(() => currentCalendar().localDate(now));
  // A custom range: two local dates, inclusive (issue 20).
  const [custom, setCustom] = useState<Range>(() => periodRange('month', currentCalendar().localDate(now)));
  const range = useMemo(() => (period === 'custom' ? (custom.from <= custom.to ? custom : { from: custom.to, to: custom.from }) : periodRange(period, today)), [period, today, custom]);
  const series = useMemo(() => buckets(range, lang), [range, lang]);
  const procedures = useResource(() => api.procedures(), []);

  const main = useResource(() => api.dashboard({ ...range, agency: agency || undefined, procedure: procedure || undefined }), [range.from, range.to, agency, procedure]);
  const history = useResource(
    () => Promise.all(series.map((b) => api.dashboard({ from: b.from, to: b.to, agency: agency || undefined, procedure: procedure || undefined }).then((d) => d.totals))),
    [series, agency, procedure],
  );
  const [overdueFilter, setOverdueFilter] = useState<{ kind: 'agency' | 'procedure' | 'officer'; key: string; label: string } | null>(null);

  const refetchTimer = useRef<number | null>(null);
  useLiveEvents(['dashboard:changed', 'task:overdue', 'dossier:updated'], () => {
    if (refetchTimer.current !== null) window.clearTimeout(refetchTimer.current);
    refetchTimer.current = window.setTimeout(() => {
      refetchTimer.current = null;
      void syncServerClock(true).then(() => {
        setToday(currentCalendar().localDate(serverNow()));
        void main.reload().then(() => setChanged((n) => n + 1));
        void history.reload();
      });
    }, 300);
  });

  const data = main.data;
  const counters = data?.totals;
  // The agency filter offers what the server says this manager sees, kept while a refetch runs.
  const visibleAgencies = useRef<Array<{ code: string; name: string }>>([]);
  if (data?.agencies) visibleAgencies.current = data.agencies;
  // Overdue steps (the drill-down list) counted per agency, procedure and officer, beside
  // the dossier-level counters: a late step is what a manager chases before the appointment passes.
  const lateSteps = (data?.overdue ?? []).filter((item) => item.kind === 'step');
  const stepsBy = (key: (item: DrillDownItem) => string) => {
    const counts = new Map<string, number>();
    for (const item of lateSteps) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
    return counts;
  };
  const stepsByAgency = stepsBy((item) => item.agencyCode);
  const stepsByProcedure = stepsBy((item) => item.procedureKey);
  const withStepRows = (rows: Breakdown[], steps: Map<string, number>, label: (key: string) => string): Breakdown[] => {
    const out = rows.map((row) => ({ ...row, bars: [row.bars[0], row.bars[1], steps.get(row.key) ?? 0] as Breakdown['bars'] }));
    for (const [key, n] of steps) if (!out.some((row) => row.key === key)) out.push({ key, label: label(key), bars: [0, 0, n] });
    return out;
  };
  const byAgency = withStepRows(
    (data?.byAgency ?? []).map((r) => ({ key: r.agencyCode, label: agencyName(agencies, r.agencyCode, lang) || r.agencyName, bars: [r.inProgressOverdue, r.resolvedLate, 0], counters: r })),
    stepsByAgency,
    (key) => agencyName(agencies, key, lang),
  );
  const byProcedure = withStepRows(
    (data?.byProcedure ?? []).map((r) => ({ key: r.procedureKey, label: r.procedureName || r.procedureKey, bars: [r.inProgressOverdue, r.resolvedLate, 0], counters: r })),
    stepsByProcedure,
    (key) => procedures.data?.find((p) => p.key === key)?.name ?? key,
  );
  const unclaimedLate = lateSteps.filter((item) => !item.officer).length;
  const byOfficer: Breakdown[] = [
    ...(data?.byOfficer ?? []).map((r) => ({ key: r.username, label: r.fullName || r.username, bars: [r.openOverdue, r.stepsLate, 0] as Breakdown['bars'] })),
    ...(unclaimedLate > 0 ? [{ key: '', label: t('inbox.unclaimed'), bars: [unclaimedLate, 0, 0] as Breakdown['bars'] }] : []),
  ];
  const overdueShown = (data?.overdue ?? []).filter((item) => {
    if (!overdueFilter) return true;
    if (overdueFilter.kind === 'agency') return item.agencyCode === overdueFilter.key;
    if (overdueFilter.kind === 'procedure') return item.procedureKey === overdueFilter.key;
    return (item.officer ?? '') === overdueFilter.key;
  });

  const exportCsv = () => {
    if (!data || !counters) return;
    const lines: string[][] = [];
    lines.push([t('dashboard.report'), `${csvDate(range.from)} – ${csvDate(range.to)}`]);
    lines.push([]);
    lines.push([t('dashboard.indicator'), t('dashboard.value')]);
    for (const key of COUNTERS) lines.push([t(`counter.${key}`), String(counters[key])]);
    lines.push([t('counter.onTimeRate'), rateText(counters.onTimeRate)]);
    const header = ['', ...COUNTERS.map((k) => t(`counter.${k}`)), t('counter.onTimeRate')];
    const table = (title: string, rows: { label: string; counters?: DashboardCounters }[]) => {
      lines.push([], [title], header);
      for (const row of rows) if (row.counters) lines.push([row.label, ...COUNTERS.map((k) => String(row.counters![k])), rateText(row.counters.onTimeRate)]);
    };
    table(t('dashboard.byAgencyTable'), byAgency);
    table(t('dashboard.byProcedureTable'), byProcedure);
    lines.push([], [t('dashboard.byOfficerTable')], ['', t('officer.stepsDone'), t('counter.resolvedEarly'), t('counter.resolvedOnTime'), t('counter.resolvedLate'), t('officer.openOverdue')]);
    for (const r of data.byOfficer) lines.push([r.fullName || r.username, String(r.stepsDone), String(r.stepsEarly), String(r.stepsOnTime), String(r.stepsLate), String(r.openOverdue)]);
    lines.push([], [t('dashboard.overdueList')], [t('inbox.dossier'), t('inbox.step'), t('dossier.agency'), t('inbox.assignee'), t('inbox.due')]);
    for (const item of data.overdue) lines.push([item.dossierCode, item.step ?? t('dashboard.appointmentPassed'), item.agencyName, item.officerName ?? item.officer ?? '', csvDateTime(item.dueAt)]);
    // The period's local dates, not the UTC instants: 1 March in Hà Nội is 28 February in UTC.
    downloadCsv(`bao-cao-${range.from}_${range.to}.csv`, lines);
  };

  const trend = history.data ?? [];
  const trendData = {
    labels: series.map((b) => b.label),
    datasets: [
      { type: 'bar' as const, label: t('counter.received'), data: trend.map((c) => c.received), backgroundColor: '#93c5fd', yAxisID: 'y', order: 2 },
      { type: 'bar' as const, label: t('dashboard.resolved'), data: trend.map((c) => c.resolved), backgroundColor: '#1e3a8a', yAxisID: 'y', order: 2 },
      {
        type: 'line' as const,
        label: t('counter.onTimeRate'),
        data: trend.map((c) => (c.onTimeRate === null ? null : Math.round(c.onTimeRate * 1000) / 10)),
        borderColor: '#16a34a',
        backgroundColor: '#16a34a',
        yAxisID: 'rate',
        spanGaps: true,
        tension: 0.2,
        order: 1,
      },
    ],
  };
  const trendOptions: ChartOptions<'bar'> = {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    plugins: { legend: { position: 'bottom' } },
    scales: {
      y: { beginAtZero: true, suggestedMax: 5, ticks: { precision: 0 }, title: { display: true, text: t('dashboard.dossiers') } },
      rate: { position: 'right', min: 0, max: 100, grid: { drawOnChartArea: false }, title: { display: true, text: '%' } },
    },
  };

  return (
    <div className="page-pad dashboard" data-testid="dashboard">
      {data && counters && <PrintedReport range={range} rows={data.byAgency} totals={counters} issuer={agencyName(agencies, user?.agencyCode, lang)} signer={user?.fullName ?? ''} filterAgency={agency ? agencyName(agencies, agency, lang) : null} />}
      <div className="screen-only">
      <PageHeader
        title={t('dashboard.title')}
        subtitle={`${t('dashboard.period')}: ${fmt.date(range.from + 'T12:00:00+07:00')} – ${fmt.date(range.to + 'T12:00:00+07:00')}`}
        actions={
          <>
            <select aria-label={t('dashboard.period')} name="period" value={period} onChange={(e) => setPeriod(e.target.value as Period)}>
              {(['month', 'lastMonth', 'quarter', 'year', 'custom'] as Period[]).map((p) => (
                <option key={p} value={p}>
                  {t(`dashboard.period.${p}` as MessageKey)}
                </option>
              ))}
            </select>
            {period === 'custom' && (
              <>
                <input type="date" name="from" aria-label={t('dashboard.from')} value={custom.from} max={custom.to} onChange={(e) => e.target.value && setCustom((c) => ({ ...c, from: e.target.value }))} />
                <input type="date" name="to" aria-label={t('dashboard.to')} value={custom.to} min={custom.from} onChange={(e) => e.target.value && setCustom((c) => ({ ...c, to: e.target.value }))} />
              </>
            )}
            <select aria-label={t('dossier.agency')} name="agency" value={agency} onChange={(e) => setAgency(e.target.value)}>
              <option value="">{t('dashboard.allAgencies')}</option>
              {visibleAgencies.current.map((a) => (
                <option key={a.code} value={a.code}>
                  {agencyName(agencies, a.code, lang) || a.name}
                </option>
              ))}
            </select>
            <select aria-label={t('dossier.procedure')} value={procedure} onChange={(e) => setProcedure(e.target.value)}>
              <option value="">{t('dashboard.allProcedures')}</option>
              {(procedures.data ?? []).map((p) => (
                <option key={p.key} value={p.key}>
                  {p.name || p.key}
                </option>
              ))}
            </select>
            <button type="button" className="btn" onClick={exportCsv} disabled={!data}>
              <Icon name="download" /> CSV
            </button>
            <button type="button" className="btn" onClick={() => window.print()}>
              <Icon name="print" /> {t('common.print')}
            </button>
          </>
        }
      />
      <ErrorNotice error={main.error} />
      {!data || !counters ? (
        main.loading ? <Loading /> : null
      ) : (
        <>
          <CounterCards counters={counters} overdueSteps={data.overdueTotal.steps} flash={changed} onOverdue={() => document.getElementById('overdue-list')?.scrollIntoView({ behavior: 'smooth' })} />
          <div className="chart-grid">
            <section className="card chart-card wide">
              <h2>{t('dashboard.trend')}</h2>
              <div className="chart-box">{history.data ? <Bar data={trendData as never} options={trendOptions} /> : <Loading />}</div>
            </section>
            <OverdueChart title={t('dashboard.byAgency')} rows={byAgency} legend={[t('chart.dossiersOverdue'), t('chart.dossiersLate'), t('chart.stepsOverdue')]} onPick={(row) => setOverdueFilter({ kind: 'agency', key: row.key, label: row.label })} />
            <OverdueChart title={t('dashboard.byProcedure')} rows={byProcedure} legend={[t('chart.dossiersOverdue'), t('chart.dossiersLate'), t('chart.stepsOverdue')]} onPick={(row) => setOverdueFilter({ kind: 'procedure', key: row.key, label: row.label })} />
            <OverdueChart title={t('dashboard.byOfficer')} rows={byOfficer} legend={[t('chart.stepsOverdue'), t('officer.stepsLate'), '']} onPick={(row) => setOverdueFilter({ kind: 'officer', key: row.key, label: row.label })} />
          </div>
          <div className="list-grid">
            <section className="card" id="overdue-list" data-testid="overdue-section">
              <h2>
                {t('dashboard.overdueList')} {overdueFilter && (
                  <button type="button" className="chip active" onClick={() => setOverdueFilter(null)}>
                    {overdueFilter.label} <Icon name="x" size={12} />
                  </button>
                )}
              </h2>
              <DrillDown list="overdue" rows={overdueShown} empty={t('dashboard.noOverdue')} total={data.overdueTotal} />
            </section>
            <section className="card" data-testid="due-soon-section">
              <h2>
                {t('dashboard.dueSoonList')} <span className="chip-count" data-testid="due-soon-count">{byDossier(data.dueSoon).length}</span>
              </h2>
              <DrillDown list="dueSoon" rows={data.dueSoon} empty={t('dashboard.noDueSoon')} total={data.dueSoonTotal} />
            </section>
          </div>
        </>
      )}
      </div>
    </div>
  );
}

/**
 * What "In" prints (issue 20): the official report table — the reporting form's counters
 * per agency with a total row — headed by the issuing agency and the period, and a
 * signature block; never the screen (styles.css hides `.screen-only` in print).
 */
function PrintedReport({ range, rows, totals, issuer, signer, filterAgency }: { range: Range; rows: Array<DashboardCounters & { agencyCode: string; agencyName: string }>; totals: DashboardCounters; issuer: string; signer: string; filterAgency: string | null }) {
  const { t, fmt, lang } = useI18n();
  const agencies = useAgencies();
  const today = currentCalendar().localDate(serverNow());
  const columns = ['carriedOver', 'received', 'resolvedEarly', 'resolvedOnTime', 'resolvedLate', 'inProgressOnTime', 'inProgressOverdue', 'awaitingSupplement', 'withdrawn', 'rejected'] as const;
  const cells = (c: DashboardCounters) => [...columns.map((k) => <td key={k} className="num">{fmt.number(c[k])}</td>), <td key="rate" className="num">{fmt.percent(c.onTimeRate)}</td>];
  return (
    <div className="print-only printed-report" data-testid="printed-report">
      <div className="report-head">
        <div className="report-issuer">{issuer}</div>
        <h1>{t('dashboard.report')}</h1>
        <div>
          {t('dashboard.period')}: {fmt.date(range.from + 'T12:00:00+07:00')} – {fmt.date(range.to + 'T12:00:00+07:00')}
          {filterAgency ? ` · ${filterAgency}` : ''}
        </div>
      </div>
      <table className="report-table">
        <thead>
          <tr>
            <th rowSpan={2}>{t('dashboard.print.unit')}</th>
            <th rowSpan={2}>{t('counter.carriedOver')}</th>
            <th rowSpan={2}>{t('counter.received')}</th>
            <th colSpan={3}>{t('counter.resolved')}</th>
            <th colSpan={2}>{t('counter.inProgress')}</th>
            <th rowSpan={2}>{t('counter.awaitingSupplement')}</th>
            <th rowSpan={2}>{t('counter.withdrawn')}</th>
            <th rowSpan={2}>{t('counter.rejected')}</th>
            <th rowSpan={2}>{t('counter.onTimeRate')}</th>
          </tr>
          <tr>
            <th>{t('counter.resolvedEarly')}</th>
            <th>{t('counter.resolvedOnTime')}</th>
            <th>{t('counter.resolvedLate')}</th>
            <th>{t('dashboard.print.onTime')}</th>
            <th>{t('dashboard.print.overdue')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.agencyCode}>
              <td>{agencyName(agencies, row.agencyCode, lang) || row.agencyName}</td>
              {cells(row)}
            </tr>
          ))}
          <tr className="report-total">
            <td>{t('dashboard.print.total')}</td>
            {cells(totals)}
          </tr>
        </tbody>
      </table>
      <table className="report-signatures">
        <tbody>
          <tr>
            <td>
              <div className="sign-title">{t('dashboard.print.preparedBy')}</div>
              <div className="sign-hint">{t('dashboard.print.signHint')}</div>
              <div className="sign-name">{signer}</div>
            </td>
            <td>
              <div className="sign-date">{t('dashboard.print.dateLine', { d: today.slice(8, 10), m: today.slice(5, 7), y: today.slice(0, 4) })}</div>
              <div className="sign-title">{t('dashboard.print.head')}</div>
              <div className="sign-hint">{t('dashboard.print.signSealHint')}</div>
              <div className="sign-name" />
            </td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}

function CounterCards({ counters, overdueSteps, flash, onOverdue }: { counters: DashboardCounters; overdueSteps: number; flash: number; onOverdue(): void }) {
  const { t, fmt } = useI18n();
  return (
    <div className="stat-row counters" key={flash} data-flash={flash > 0 ? 'yes' : 'no'}>
      <div className="stat" data-testid="counter-received">
        <span className="stat-label">{t('counter.received')}</span>
        <span className="stat-value" data-testid="received-count">
          {fmt.number(counters.received)}
        </span>
        <span className="muted small">
          {t('channel.desk')} {counters.receivedDesk} · {t('channel.online')} {counters.receivedOnline} · {t('channel.post')} {counters.receivedPost}
        </span>
      </div>
      <div className="stat">
        <span className="stat-label">{t('counter.carriedOver')}</span>
        <span className="stat-value">{fmt.number(counters.carriedOver)}</span>
        <span className="muted small">{t('counter.awaitingSupplementN', { n: counters.awaitingSupplement })}</span>
      </div>
      <div className="stat">
        <span className="stat-label">{t('dashboard.resolved')}</span>
        <span className="stat-value">{fmt.number(counters.resolved)}</span>
        <span className="muted small">
          {t('counter.resolvedEarly')} {counters.resolvedEarly} · {t('counter.resolvedOnTime')} {counters.resolvedOnTime} · {t('counter.resolvedLate')} {counters.resolvedLate}
        </span>
      </div>
      <div className="stat stat-ok">
        <span className="stat-label">{t('counter.inProgressOnTime')}</span>
        <span className="stat-value" data-testid="in-progress-count">
          {fmt.number(counters.inProgressOnTime)}
        </span>
        <span className="muted small">{t('counter.inProgressN', { n: counters.inProgress })}</span>
      </div>
      <button type="button" className={`stat clickable ${counters.inProgressOverdue > 0 ? 'stat-danger' : overdueSteps > 0 ? 'stat-warning' : ''}`} onClick={onOverdue}>
        <span className="stat-label">{t('counter.inProgressOverdue')}</span>
        <span className="stat-value" data-testid="overdue-count">{fmt.number(counters.inProgressOverdue)}</span>
        <span className={overdueSteps > 0 ? 'small overdue-steps' : 'muted small'} data-testid="overdue-steps">
          {t('dashboard.overdueSteps', { n: overdueSteps })} · {t('dashboard.seeList')}
        </span>
      </button>
      <div className="stat stat-accent">
        <span className="stat-label">{t('counter.onTimeRate')}</span>
        <span className="stat-value">{fmt.percent(counters.onTimeRate)}</span>
        <span className="muted small">{t('counter.onTimeRateHint')}</span>
      </div>
    </div>
  );
}

interface Breakdown {
  key: string;
  label: string;
  /** Overdue now (red), late when closed (amber), overdue steps (light red). */
  bars: [number, number, number];
  counters?: DashboardCounters;
}

function OverdueChart({ title, rows, legend, onPick }: { title: string; rows: Breakdown[]; legend: [string, string, string]; onPick(row: Breakdown): void }) {
  const { t } = useI18n();
  const sorted = [...rows]
    .filter((r) => r.bars.some((n) => n > 0))
    .sort((a, b) => b.bars[0] + b.bars[2] - (a.bars[0] + a.bars[2]) || b.bars[1] - a.bars[1])
    .slice(0, 8);
  const data = {
    labels: sorted.map((r) => (r.label.length > 28 ? r.label.slice(0, 27) + '…' : r.label)),
    datasets: [
      { label: legend[0], data: sorted.map((r) => r.bars[0]), backgroundColor: '#dc2626' },
      { label: legend[1], data: sorted.map((r) => r.bars[1]), backgroundColor: '#f59e0b' },
      { label: legend[2], data: sorted.map((r) => r.bars[2]), backgroundColor: '#f87171' },
    ]
      .filter((set) => set.label !== '')
      .map((set) => ({ ...set, maxBarThickness: 26 })),
  };
  const options: ChartOptions<'bar'> = {
    indexAxis: 'y',
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    plugins: { legend: { position: 'bottom', labels: { boxWidth: 12 } } },
    scales: { x: { stacked: true, beginAtZero: true, ticks: { precision: 0 } }, y: { stacked: true } },
    onClick: (_event, elements) => {
      const index = elements[0]?.index;
      if (index !== undefined && sorted[index]) onPick(sorted[index]);
    },
  };
  return (
    <section className="card chart-card">
      <h2>{title}</h2>
      {rows.every((r) => r.bars.every((n) => n === 0)) ? (
        <div className="chart-empty">
          <Icon name="check" size={24} />
          <span>{t('dashboard.noneLate')}</span>
        </div>
      ) : (
        <div className="chart-box">
          <Bar data={data} options={options} />
        </div>
      )}
    </section>
  );
}

/**
 * The overdue or the due-soon items. A dossier row names its appointment: passed in the
 * overdue list, coming within a working day in the due-soon one (the server lists there
 * only appointments not yet passed).
 */
function DrillDown({ list, rows, empty, total }: { list: 'overdue' | 'dueSoon'; rows: DrillDownItem[]; empty: string; total: { dossiers: number; steps: number } }) {
  const { t, fmt } = useI18n();
  if (rows.length === 0) return <p className="muted">{empty}</p>;
  return (
    <>
      <p className="muted small">{t('dashboard.drillTotal', { dossiers: total.dossiers, steps: total.steps })}</p>
      <table className="table compact" data-testid="drill-down" data-list={list}>
        <thead>
          <tr>
            <th>{t('inbox.dossier')}</th>
            <th>{t('inbox.step')}</th>
            <th>{t('inbox.assignee')}</th>
            <th>{t('inbox.due')}</th>
          </tr>
        </thead>
        <tbody>
          {byDossier(rows).slice(0, 50).map(({ first: item, items }) => (
            <tr key={item.dossierId} data-dossier={item.dossierCode} className="clickable" onClick={() => navigate(`/ho-so/${encodeURIComponent(item.dossierId)}`)}>
              <td>
                <Link href={`/ho-so/${encodeURIComponent(item.dossierId)}`} className="mono">
                  {item.dossierCode}
                </Link>
                <div className="muted small">{item.agencyName}</div>
              </td>
              <td>
                {items.some((i) => i.kind === 'dossier') &&
                  (list === 'overdue' ? (
                    <span className="badge tone-danger">{t('dashboard.appointmentPassed')}</span>
                  ) : (
                    <span className="badge tone-warning">{t('dashboard.appointmentSoon')}</span>
                  ))}
                {items
                  .filter((i) => i.kind === 'step')
                  .map((i) => (
                    <div key={i.taskId ?? i.step}>{i.step}</div>
                  ))}
              </td>
              <td>{[...new Set(items.filter((i) => i.kind === 'step').map((i) => i.officerName ?? i.officer ?? t('inbox.unclaimed')))].join(', ') || <span className="muted">—</span>}</td>
              <td className="nowrap">
                {fmt.dateTime(item.dueAt)}
                {item.apologized && <div className="small muted">{t('dashboard.apologized')}</div>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
