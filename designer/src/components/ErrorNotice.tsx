// How a failed request reads: the error's words in the chosen language
// (i18n/errors.ts: the message catalogue's entry for its code, with its values), and the
// fields or BPMN elements it names.
import { ApiError } from '../api/client.js';
import { detailText, errorText } from '../i18n/errors.js';
import { useI18n } from '../i18n/index.js';

export { detailText, errorText };

export function ErrorNotice({ error, title }: { error: unknown; title?: string }) {
  const { lang, t } = useI18n();
  if (!error) return null;
  const details = error instanceof ApiError ? error.detailList : [];
  const forbidden = error instanceof ApiError && error.status === 403;
  return (
    <div className="notice notice-danger" role="alert">
      <strong>{title ?? (forbidden ? t('error.forbidden') : t('error.title'))}</strong>
      <div>{errorText(error, lang)}</div>
      {details.length > 0 && (
        <ul>
          {details.map((d, i) => (
            <li key={i}>
              {d.field || d.elementId ? <code>{d.field ?? d.elementId}</code> : null} {detailText(d, lang)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function Loading() {
  const { t } = useI18n();
  return (
    <div className="loading" aria-busy="true">
      <span className="spinner" /> {t('common.loading')}
    </div>
  );
}
