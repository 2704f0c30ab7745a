// The documents of one dossier on its page: the component checklist (received at the
// desk, digitised), every file with a viewer for PDFs and images, uploads by staff acting
// on the dossier, and the electronic result — issued from a PDF, signed with the agency's
// certificate, its signer and time shown and its signature verified on every read.
import './documents.css';
import { useState } from 'react';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { useToasts } from '../components/Toasts.js';
import { useI18n } from '../i18n/index.js';
import { useResource } from '../useResource.js';
import { ACCEPTED_FILES, documentsApi, type FileView } from './api.js';
import { FileViewer } from './FileViewer.js';

export function DossierDocuments({ dossierId, canUpload, canIssue }: { dossierId: string; canUpload: boolean; canIssue: boolean }) {
  const { t, fmt } = useI18n();
  const { notify } = useToasts();
  const files = useResource(() => documentsApi.files(dossierId), [dossierId]);
  const [viewing, setViewing] = useState<FileView | null>(null);
  const [component, setComponent] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const view = files.data;
  const componentName = (key: string | null) => view?.components.find((c) => c.key === key)?.name ?? key;

  const upload = async (picked: FileList | null, purpose?: 'result') => {
    // Copied now: the input's FileList empties when the input is reset.
    const list = Array.from(picked ?? []);
    if (list.length === 0) return;
    setBusy(true);
    setError(null);
    try {
      for (const file of list) {
        await documentsApi.upload(dossierId, file, purpose ? { purpose } : component ? { component } : {});
      }
      notify({ kind: 'success', title: t('documents.uploaded', { count: list.length }) });
      files.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const issue = async (file: FileView | null) => {
    setBusy(true);
    setError(null);
    try {
      const issued = await documentsApi.issueResult(dossierId, file?.id);
      notify({ kind: 'success', title: issued.signed ? t('documents.signedBy', { signer: issued.signer ?? '' }) : t('documents.issuedUnsigned') });
      files.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const result = view?.result ?? null;
  return (
    <section className="card dossier-documents" data-testid="dossier-documents">
      <h2>{t('documents.title')}</h2>
      {view && view.components.length > 0 && (
        <table className="table compact" data-testid="component-status">
          <thead>
            <tr>
              <th>{t('documents.component')}</th>
              <th>{t('documents.received')}</th>
              <th>{t('documents.digitised')}</th>
            </tr>
          </thead>
          <tbody>
            {view.components.map((c) => (
              <tr key={c.key} data-component={c.key} data-digitised={c.digitised}>
                <td>
                  {c.name} {c.required && <span className="badge badge-warn">{t('documents.required')}</span>}
                </td>
                <td>{c.received ? '✓' : '—'}</td>
                <td>{c.digitised ? <span className="badge badge-ok">{t('documents.digitisedYes')}</span> : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {result && (
        <div className={`result-signature ${result.signature && !result.signature.valid ? 'invalid' : ''}`} data-testid="result-signature">
          <strong>{t('documents.result')}:</strong>{' '}
          <button type="button" className="link" onClick={() => setViewing(result)}>
            {result.name}
          </button>
          {result.signature ? (
            <span data-testid="signature-state" data-valid={result.signature.valid}>
              {' '}
              — {result.signature.valid ? t('documents.signatureValid') : t('documents.signatureInvalid')} · {t('documents.signer')}: <span data-testid="signer">{result.signature.signer}</span> · {fmt.dateTime(result.signature.signedAt)}
            </span>
          ) : (
            <span> — {t('documents.unsigned')}</span>
          )}
        </div>
      )}
      {view && view.files.length === 0 && <p className="muted">{t('documents.none')}</p>}
      {view && view.files.length > 0 && (
        <table className="table compact" data-testid="file-list">
          <thead>
            <tr>
              <th>{t('documents.file')}</th>
              <th>{t('documents.component')}</th>
              <th>{t('documents.uploadedBy')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {view.files.map((f) => (
              <tr key={f.id} data-file={f.id} className={viewing?.id === f.id ? 'selected' : ''}>
                <td>
                  <button type="button" className="link" onClick={() => setViewing(f)} data-testid="view-file">
                    {f.name}
                  </button>{' '}
                  <span className="muted small">{f.mediaType.replace('application/', '').replace('image/', '').toUpperCase()}</span>
                </td>
                <td>{f.purpose === 'component' ? componentName(f.component) : t(`documents.purpose.${f.purpose}`)}</td>
                <td className="small">
                  {f.uploadedBy} · {fmt.dateTime(f.uploadedAt)}
                </td>
                <td>
                  {/* A draft result or a working file becomes the result; a scan of a component never does. */}
                  {canIssue && f.mediaType === 'application/pdf' && !f.signature && f.purpose !== 'component' && (
                    <button type="button" className="btn btn-sm" disabled={busy} onClick={() => issue(f)} data-testid="issue-result">
                      {t('documents.issue')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canUpload && (
        <div className="form-row upload-row">
          <select aria-label={t('documents.component')} value={component} onChange={(e) => setComponent(e.target.value)}>
            <option value="">{t('documents.workingFile')}</option>
            {view?.components.map((c) => (
              <option key={c.key} value={c.key}>
                {c.name}
              </option>
            ))}
          </select>
          <label className="btn btn-sm">
            {t('documents.upload')}
            <input type="file" multiple accept={ACCEPTED_FILES} hidden disabled={busy} onChange={(e) => (upload(e.target.files), (e.target.value = ''))} data-testid="file-upload" />
          </label>
          {canIssue && (
            <button type="button" className="btn btn-sm" disabled={busy} onClick={() => issue(null)} data-testid="issue-from-template">
              {t('documents.issueFromTemplate')}
            </button>
          )}
          {canIssue && (
            <label className="btn btn-sm">
              {t('documents.uploadResult')}
              <input type="file" accept="application/pdf,.pdf" hidden disabled={busy} onChange={(e) => (upload(e.target.files, 'result'), (e.target.value = ''))} data-testid="result-upload" />
            </label>
          )}
        </div>
      )}
      <ErrorNotice error={error ?? files.error} />
      {viewing && <FileViewer file={viewing} onClose={() => setViewing(null)} />}
    </section>
  );
}
