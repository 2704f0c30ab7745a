// On the citizen's lookup page: the signed electronic result (Decree 45/2020), offered
// once the dossier is returned and one was issued. A plain link: the download carries the
// code and secret, no login, and the server sends it as an attachment.
import './documents.css';
import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/index.js';
import { publicResultUrl } from './api.js';

export function ResultDownload({ code, secret, status }: { code: string; secret: string; status: string }) {
  const { t } = useI18n();
  const [available, setAvailable] = useState(false);
  const url = publicResultUrl(code, secret);
  useEffect(() => {
    setAvailable(false);
    if (status !== 'returned') return;
    let alive = true;
    fetch(url, { method: 'HEAD' }).then(
      (response) => alive && setAvailable(response.ok),
      () => undefined,
    );
    return () => {
      alive = false;
    };
  }, [url, status]);
  if (!available) return null;
  return (
    <div className="notice notice-success result-download" data-testid="result-download">
      <strong>{t('documents.publicResult')}</strong>
      <p className="small">{t('documents.publicResultHint')}</p>
      <a className="btn btn-primary" href={url} download data-testid="download-result">
        {t('documents.downloadResult')}
      </a>
    </div>
  );
}
