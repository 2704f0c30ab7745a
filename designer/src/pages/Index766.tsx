// The Decision 766 index (GET /api/index766): the score and each metric for the
// province, each agency and each procedure, month by month, and the dossiers that cost
// points with why — one click from the province to an agency to a late dossier. The
// report form downloads as XLSX (the server writes it) and prints (print CSS: the
// report table, never the screen).
import { useState } from 'react';
import type { Index766, Index766Figure, Index766Figures, Index766MetricName } from '../../../contract/index.js';
import { currentToken } from '../api/client.js';
import { api } from '../api/endpoints.js';
import { ErrorNotice, Loading } from '../components/ErrorNotice.js';
import { PageHeader } from '../components/Layout.js';
import { useI18n, type MessageKey } from '../i18n/index.js';
import { Link } from '../router.js';
import { currentCalendar, serverNow } from '../time.js';
import { useResource } from '../useResource.js';

const METRICS: Index766MetricName[] = ['onTime', 'synced', 'online', 'payment', 'digitisation', 'satisfaction'];

const lastDayOf = (month: string): string => {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
};

function Cell({ f }: { f: Index766Figure }) {
  const { t } = useI18n();
  if (f.reason) return <td className="muted" title={t(`index766.${f.reason}` as MessageKey)}>{t('index766.noData')}</td>;
  return (
    <td className="num">
      <strong>{f.points === null ? '—' : f.points.toFixed(2)}</strong>
      <div className="muted small">
        {f.numerator}/{f.denominator}
      </div>
    </td>
  );
}

function FiguresRow({ label, f, onClick, testId }: { label: string; f: Index766Figures; onClick?: () => void; testId?: string }) {
  return (
    <tr data-testid={testId} className={onClick ? 'clickable' : undefined} onClick={onClick}>
      <td>{onClick ? <a href="#" onClick={(e) => e.preventDefault()}>{label}</a> : label}</td>
      {METRICS.map((m) => (
        <Cell key={m} f={f[m]} />
      ))}
      <td className="num">
        <strong>{f.total.toFixed(2)}</strong>
        <div className="muted small">/ {f.totalMax}</div>
      </td>
    </tr>
  );
}

function Head({ first, index }: { first: string; index: Index766 }) {
  const { t } = useI18n();
  return (
    <thead>
      <tr>
        <th>{first}</th>
        {METRICS.map((m) => (
          <th key={m}>
            {t(`index766.metric.${m}` as MessageKey)}
            <div className="muted small">{t('index766.max', { max: index[m].max })}</div>
          </th>
        ))}
        <th>{t('index766.total')}</th>
      </tr>
    </thead>
  );
}

async function downloadXlsx(params: Record<string, string | undefined>, month: string): Promise<void> {
  const search = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => !!e[1]));
  const res = await fetch(`/api/index766/report.xlsx?${search}`, { headers: { authorization: `Bearer ${currentToken() ?? ''}` } });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = `chi-so-766-${month}.xlsx`;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export default function Index766Page() {
  const { t, fmt } = useI18n();
  const formatDateTime = fmt.dateTime;
  const thisMonth = currentCalendar().localDate(serverNow()).slice(0, 7);
  const [fromMonth, setFromMonth] = useState(thisMonth);
  const [toMonth, setToMonth] = useState(thisMonth);
  const [agency, setAgency] = useState<string | undefined>();
  const [procedure, setProcedure] = useState<string | undefined>();
  const [downloadError, setDownloadError] = useState<unknown>(null);
  const params = { from: `${fromMonth}-01`, to: lastDayOf(toMonth < fromMonth ? fromMonth : toMonth), agency, procedure };
  const index = useResource(() => api.index766(params), [fromMonth, toMonth, agency, procedure]);
  const x = index.data;

  return (
    <div className="page-pad index766">
      <PageHeader
        title={t('index766.title')}
        subtitle={t('index766.subtitle')}
        actions={
          <>
            <button
              type="button"
              className="btn"
              data-testid="index766-xlsx"
              onClick={() => {
                setDownloadError(null);
                downloadXlsx(params, fromMonth).catch(setDownloadError);
              }}
            >
              {t('index766.xlsx')}
            </button>
            <button type="button" className="btn" onClick={() => window.print()}>
              {t('common.print')}
            </button>
          </>
        }
      />
      <div className="form-row screen-only">
        <label>
          {t('index766.fromMonth')}
          <input type="month" value={fromMonth} onChange={(e) => e.target.value && setFromMonth(e.target.value)} data-testid="index766-from" />
        </label>
        <label>
          {t('index766.toMonth')}
          <input type="month" value={toMonth} onChange={(e) => e.target.value && setToMonth(e.target.value)} data-testid="index766-to" />
        </label>
      </div>
      <nav className="chips screen-only" aria-label={t('index766.level')}>
        <button type="button" className="chip" data-testid="index766-province" onClick={() => (setAgency(undefined), setProcedure(undefined))}>
          {t('index766.province')}
        </button>
        {agency && <span className="chip active">{x?.byAgency.find((a) => a.agencyCode === agency)?.agencyName ?? agency}</span>}
        {procedure && <span className="chip active">{x?.byProcedure.find((p) => p.procedureKey === procedure)?.procedureName ?? procedure}</span>}
      </nav>
      <ErrorNotice error={index.error ?? downloadError} />
      {!x && index.loading && <Loading />}
      {x && (
        <div className="printed-report">
          <div className="report-head print-only">
            <h1>{t('index766.printTitle')}</h1>
            <div>
              {formatDateTime(x.period.from)} – {formatDateTime(x.period.to)}
            </div>
          </div>
          <section className="card" data-testid="index766-score">
            <h2>
              {t('index766.score')}: <span data-testid="index766-total">{x.total.toFixed(2)}</span> / {x.totalMax}
            </h2>
            <p className="muted small screen-only">{t('index766.scoreNote')}</p>
            <table className="table compact report-table">
              <Head first={t('index766.scope')} index={x} />
              <tbody>
                <FiguresRow label={agency ?? procedure ? t('index766.selection') : t('index766.province')} f={x} testId="index766-row-total" />
              </tbody>
            </table>
            {x.online.notes.includes('eResultNotChecked') && <p className="muted small">{t('index766.eResultNotChecked')}</p>}
          </section>

          <section className="card">
            <h2>{t('index766.byAgency')}</h2>
            <table className="table compact report-table">
              <Head first={t('index766.agency')} index={x} />
              <tbody>
                {x.byAgency.map((a) => (
                  <FiguresRow
                    key={a.agencyCode}
                    label={a.agencyName}
                    f={a}
                    testId={`index766-agency-${a.agencyCode}`}
                    onClick={agency === a.agencyCode ? undefined : () => setAgency(a.agencyCode)}
                  />
                ))}
              </tbody>
            </table>
          </section>

          <section className="card">
            <h2>{t('index766.byProcedure')}</h2>
            <table className="table compact report-table">
              <Head first={t('index766.procedure')} index={x} />
              <tbody>
                {x.byProcedure.map((p) => (
                  <FiguresRow
                    key={p.procedureKey}
                    label={p.procedureName}
                    f={p}
                    onClick={procedure === p.procedureKey ? undefined : () => setProcedure(p.procedureKey)}
                  />
                ))}
              </tbody>
            </table>
          </section>

          {x.byMonth.length > 1 && (
            <section className="card">
              <h2>{t('index766.byMonth')}</h2>
              <table className="table compact report-table">
                <Head first={t('index766.month')} index={x} />
                <tbody>
                  {x.byMonth.map((m) => (
                    <FiguresRow key={m.month} label={m.month} f={m} />
                  ))}
                </tbody>
              </table>
            </section>
          )}

          <section className="card" data-testid="index766-costs">
            <h2>{t('index766.costs')}</h2>
            <p className="muted small">
              {METRICS.filter((m) => x.costTotals[m] > 0)
                .map((m) => `${t(`index766.metric.${m}` as MessageKey)}: ${x.costTotals[m]}`)
                .join(' · ') || t('index766.noCosts')}
            </p>
            {x.costs.length > 0 && (
              <table className="table compact report-table">
                <thead>
                  <tr>
                    <th>{t('index766.code')}</th>
                    <th>{t('index766.why')}</th>
                    <th>{t('index766.procedure')}</th>
                    <th>{t('index766.agency')}</th>
                    <th>{t('index766.appointment')}</th>
                    <th>{t('index766.finished')}</th>
                    <th>{t('index766.lateStep')}</th>
                  </tr>
                </thead>
                <tbody>
                  {x.costs.map((c) => (
                    <tr key={`${c.metric}-${c.dossierId}`} data-testid={`index766-cost-${c.metric}-${c.dossierCode}`}>
                      <td>
                        <Link href={`/ho-so/${encodeURIComponent(c.dossierId)}`}>{c.dossierCode}</Link>
                      </td>
                      <td>
                        {t(`index766.reason.${c.reason}` as MessageKey, { n: c.supplementRequests })}
                      </td>
                      <td>{c.procedureName}</td>
                      <td>{c.agencyName}</td>
                      <td>{formatDateTime(c.appointmentAt)}</td>
                      <td>{c.finishedAt ? formatDateTime(c.finishedAt) : t('index766.open')}</td>
                      <td>{c.step ? `${c.step}${c.officerName ? ` — ${c.officerName}` : ''}` : ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        </div>
      )}
    </div>
  );
}
