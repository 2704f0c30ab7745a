// How a failed request reads: the server's message in the chosen language, and the
// fields or BPMN elements it names.
import { ApiError } from '../api/client.js';
import { bilingual, useI18n } from '../i18n/index.js';

export function errorText(error: unknown, lang: 'vi' | 'en'): string {
  if (error instanceof ApiError) return bilingual(lang, error.message);
  if (error instanceof Error) return error.message;
  return String(error);
}

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
              {d.field || d.elementId ? <code>{d.field ?? d.elementId}</code> : null} {bilingual(lang, String(d.message ?? ''), d.messageEn)}
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
