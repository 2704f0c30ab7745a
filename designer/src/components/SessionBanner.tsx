// The warning before a sign-in ends (session.tsx decides when): a renewable token gets a
// "stay signed in" button; the session's hard cap gets a plain notice to save and log in
// again. Under the header, never over a form's buttons.
import { useState } from 'react';
import { useI18n } from '../i18n/index.js';
import { useSession } from '../session.js';

export function SessionBanner() {
  const { t, fmt } = useI18n();
  const { warning, renew } = useSession();
  const [failed, setFailed] = useState(false);
  if (!warning) return null;
  const at = fmt.time(new Date(warning.at));
  return (
    <div className="session-banner notice notice-warning" role="alert" data-testid="session-warning" data-final={warning.final}>
      <span>{warning.final ? t('session.ending', { at }) : t('session.expiring', { at })}</span>
      {!warning.final && (
        <button
          type="button"
          className="btn btn-sm"
          data-testid="session-stay"
          onClick={() => {
            setFailed(false);
            renew().catch(() => setFailed(true));
          }}
        >
          {t('session.stay')}
        </button>
      )}
      {failed && <span className="session-banner-error">{t('session.renewFailed')}</span>}
    </div>
  );
}
