// Deployed procedures, latest version each; the way into the designer.
import { api } from '../api/endpoints.js';
import { ErrorNotice, Loading } from '../components/ErrorNotice.js';
import { PageHeader } from '../components/Layout.js';
import { useI18n } from '../i18n/index.js';
import { levelLabel } from '../labels.js';
import { Link, navigate } from '../router.js';
import { useSession } from '../session.js';
import { useResource } from '../useResource.js';
import { Icon } from '../components/Icon.js';
import { shownProcedureCode } from '../../../engine/model/procedureCode.js';

export default function Procedures() {
  const { t, fmt } = useI18n();
  const { can } = useSession();
  const { data, error, loading } = useResource(() => api.procedures(), []);
  return (
    <div className="page-pad">
      <PageHeader
        title={t('procedures.title')}
        subtitle={t('procedures.subtitle')}
        actions={
          can('procedure.deploy') && (
            <button type="button" className="btn btn-primary" onClick={() => navigate('/quy-trinh/moi')} data-testid="new-procedure">
              <Icon name="plus" /> {t('procedures.new')}
            </button>
          )
        }
      />
      <ErrorNotice error={error} />
      {loading && !data ? (
        <Loading />
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th>{t('procedures.name')}</th>
              <th>{t('panel.code')}</th>
              <th>{t('panel.level')}</th>
              <th>{t('panel.timeLimit')}</th>
              <th>{t('versions.version')}</th>
              <th>{t('versions.deployedAt')}</th>
            </tr>
          </thead>
          <tbody>
            {(data ?? []).map((p) => (
              <tr key={p.key} data-key={p.key}>
                <td>
                  <Link href={`/quy-trinh/${encodeURIComponent(p.key)}`}>{p.name || p.key}</Link>
                  <div className="muted small mono">{p.key}</div>
                </td>
                <td className="mono">{shownProcedureCode(p.code) ?? '—'}</td>
                <td>{levelLabel(t, p.level)}</td>
                <td data-testid="time-limit">{fmt.timeLimit(p.timeLimit) ?? '—'}</td>
                <td>v{p.version}</td>
                <td>{fmt.dateTime(p.deployedAt)}</td>
              </tr>
            ))}
            {data && data.length === 0 && (
              <tr>
                <td colSpan={6} className="muted">
                  {t('procedures.empty')}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      )}
    </div>
  );
}
