// At the desk: the dossiers citizens filed online that wait for reception to accept or
// refuse them (status `submitted`, the register filtered on it). Each opens the dossier
// page, where the decision is made (FilingDecision).
import './citizens.css';
import { useI18n } from '../i18n/index.js';
import { useLiveEvents } from '../live/LiveProvider.js';
import { Link } from '../router.js';
import { useResource } from '../useResource.js';
import { citizensApi } from './api.js';

export function SubmittedQueue() {
  const { t, fmt } = useI18n();
  const waiting = useResource(() => citizensApi.submitted(), []);
  useLiveEvents(['dossier:updated'], () => void waiting.reload());
  const rows = waiting.data?.items ?? [];
  if (rows.length === 0) return null;
  return (
    <section className="card submitted-queue" data-testid="submitted-queue">
      <h2>
        {t('citizens.queue.title')} <span className="chip-count">{waiting.data?.total ?? rows.length}</span>
      </h2>
      <p className="small muted">{t('citizens.queue.intro')}</p>
      <ul className="submitted-list">
        {rows.map((row) => (
          <li key={row.id}>
            <Link href={`/ho-so/${encodeURIComponent(row.id)}`} className="mono" data-testid="submitted-row">
              {row.code}
            </Link>
            <span>{row.applicantName}</span>
            <span className="small muted">
              {row.procedureName ?? row.procedureKey} · {t('citizens.queue.filedAt', { at: fmt.dateTime(row.receivedAt) })}
            </span>
          </li>
        ))}
      </ul>
      <Link href="/so-theo-doi?status=submitted" className="small">
        {t('citizens.queue.all')}
      </Link>
    </section>
  );
}
