// The public statistics page (no login): dossiers on time by receiving agency and month
// of a year, by the Decision 766 rule (GET /api/public/statistics) — totals only, as
// provinces publish them.
import { useState } from 'react';
import { api } from '../api/endpoints.js';
import { ErrorNotice, Loading } from '../components/ErrorNotice.js';
import { LanguageSwitch, useI18n } from '../i18n/index.js';
import { currentCalendar, serverNow } from '../time.js';
import { useResource } from '../useResource.js';

const percent = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)} %`);

export default function Statistics() {
  const { t } = useI18n();
  const thisYear = Number(currentCalendar().localDate(serverNow()).slice(0, 4));
  const [year, setYear] = useState(thisYear);
  const stats = useResource(() => api.publicStatistics(year), [year]);
  const s = stats.data;
  return (
    <div className="public-main page-pad statistics">
      <div className="page-header">
        <div>
          <h1>{t('statistics.title')}</h1>
          <div className="page-subtitle">{t('statistics.subtitle')}</div>
        </div>
        <div className="page-actions">
          <label>
            {t('statistics.year')}{' '}
            <select value={year} onChange={(e) => setYear(Number(e.target.value))} data-testid="statistics-year">
              {[thisYear, thisYear - 1, thisYear - 2].map((y) => (
                <option key={y} value={y}>
                  {y}
                </option>
              ))}
            </select>
          </label>
          <LanguageSwitch />
        </div>
      </div>
      <ErrorNotice error={stats.error} />
      {!s && stats.loading && <Loading />}
      {s && (
        <div className="card" style={{ overflowX: 'auto' }}>
          <table className="table compact report-table" data-testid="statistics-table">
            <thead>
              <tr>
                <th>{t('statistics.agency')}</th>
                {s.months.map((m) => (
                  <th key={m}>{m}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              <tr className="report-total">
                <td>
                  <strong>{t('statistics.province')}</strong>
                </td>
                {s.province.map((m) => (
                  <td key={m.month} className="num" title={`${m.onTime}/${m.total}`}>
                    <strong>{m.total === 0 ? t('statistics.none') : percent(m.rate)}</strong>
                  </td>
                ))}
              </tr>
              {s.agencies.map((a) => (
                <tr key={a.agencyCode} data-testid={`statistics-${a.agencyCode}`}>
                  <td>{a.agencyName}</td>
                  {a.months.map((m) => (
                    <td key={m.month} className="num" title={`${m.onTime}/${m.total}`}>
                      {m.total === 0 ? '' : `${percent(m.rate)} (${m.onTime}/${m.total})`}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
