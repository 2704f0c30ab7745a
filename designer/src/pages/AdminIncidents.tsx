// Incidents (Sự cố): scheduled work — a BPMN timer, a due-soon warning, an escalation —
// that failed for one dossier. The server recorded it and went on with every other
// dossier; this one is tried again later (the wait doubles, at most an hour). An admin
// sees why, and may try again at once (POST /admin/incidents/:id/retry).
import { useState } from 'react';
import type { IncidentView } from '../../../contract/index.js';
import { api } from '../api/endpoints.js';
import { ErrorNotice, Loading } from '../components/ErrorNotice.js';
import { useToasts } from '../components/Toasts.js';
import { useI18n } from '../i18n/index.js';
import { Link } from '../router.js';
import { useResource } from '../useResource.js';

type Shown = 'open' | 'all';

export function Incidents() {
  const { t, fmt } = useI18n();
  const { notify } = useToasts();
  const [shown, setShown] = useState<Shown>('open');
  const list = useResource(() => api.incidents(shown), [shown]);
  const [busy, setBusy] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);

  const retry = async (incident: IncidentView) => {
    setBusy(incident.id);
    setError(null);
    try {
      const answer = await api.retryIncident(incident.id);
      notify(
        answer.resolved
          ? { kind: 'success', title: t('incidents.resolvedNow', { code: incident.dossierCode ?? incident.dossierId }) }
          : { kind: 'warning', title: t('incidents.stillFailing', { attempts: answer.incident.attempts }) },
      );
      await list.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };

  const items = list.data?.items ?? [];
  return (
    <section className="card">
      <h2>{t('incidents.title')}</h2>
      <p className="muted">{t('incidents.help')}</p>
      <div className="tabs" role="tablist">
        {(['open', 'all'] as const).map((x) => (
          <button key={x} type="button" role="tab" aria-selected={shown === x} className={shown === x ? 'tab active' : 'tab'} onClick={() => setShown(x)}>
            {t(x === 'open' ? 'incidents.open' : 'incidents.all')}
          </button>
        ))}
      </div>
      <ErrorNotice error={list.error ?? error} />
      {list.loading && !list.data ? (
        <Loading />
      ) : items.length === 0 ? (
        <p className="muted">{t('incidents.none')}</p>
      ) : (
        <table className="table compact">
          <thead>
            <tr>
              <th>{t('incidents.dossier')}</th>
              <th>{t('incidents.what')}</th>
              <th>{t('incidents.error')}</th>
              <th>{t('incidents.attempts')}</th>
              <th>{t('incidents.lastFailed')}</th>
              <th>{t('incidents.next')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {items.map((incident) => (
              <tr key={incident.id}>
                <td>
                  <Link href={`/ho-so/${encodeURIComponent(incident.dossierId)}`} className="mono">
                    {incident.dossierCode ?? incident.dossierId}
                  </Link>
                </td>
                <td>{t(incident.kind === 'timer' ? 'incidents.kindTimer' : 'incidents.kindDeadlines')}</td>
                <td>
                  <span className="badge tone-danger mono">{incident.code}</span> <span className="muted">{incident.message}</span>
                </td>
                <td>{incident.attempts}</td>
                <td>{fmt.dateTime(incident.lastFailedAt)}</td>
                <td>
                  {incident.state === 'resolved'
                    ? t('incidents.resolvedBy', { by: incident.resolvedBy ?? '', at: fmt.dateTime(incident.resolvedAt) })
                    : fmt.dateTime(incident.retryAt)}
                </td>
                <td>
                  {incident.state === 'open' && (
                    <button type="button" className="btn" disabled={busy !== null} onClick={() => void retry(incident)}>
                      {t('incidents.retry')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
