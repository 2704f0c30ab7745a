// The in-browser viewer of a dossier's file: images as they are, PDFs drawn page by page
// with pdf.js (Mozilla) on canvases — the same in every browser, no plugin, and within
// the app's Content-Security-Policy (the worker is a script of this origin; no eval).
import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../i18n/index.js';
import { documentsApi, saveBlob, type FileView } from './api.js';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';

/** Pages drawn at most: a scan of a dossier component is a few pages; the rest is downloaded. */
const MAX_PAGES = 20;

async function drawPdf(bytes: ArrayBuffer, host: HTMLElement, width: number, alive: () => boolean): Promise<number> {
  const pdfjs = await import('pdfjs-dist');
  pdfjs.GlobalWorkerOptions.workerSrc = workerUrl;
  const pdf = await pdfjs.getDocument({ data: new Uint8Array(bytes), isEvalSupported: false }).promise;
  for (let n = 1; n <= Math.min(pdf.numPages, MAX_PAGES) && alive(); n++) {
    const page = await pdf.getPage(n);
    const unscaled = page.getViewport({ scale: 1 });
    const scale = Math.max(0.5, width / unscaled.width);
    const viewport = page.getViewport({ scale: scale * (window.devicePixelRatio || 1) });
    const canvas = document.createElement('canvas');
    canvas.width = Math.floor(viewport.width);
    canvas.height = Math.floor(viewport.height);
    canvas.style.width = `${Math.floor(viewport.width / (window.devicePixelRatio || 1))}px`;
    canvas.className = 'pdf-page';
    canvas.dataset.page = String(n);
    host.appendChild(canvas);
    await page.render({ canvas, canvasContext: canvas.getContext('2d')!, viewport }).promise;
  }
  return pdf.numPages;
}

export function FileViewer({ file, onClose }: { file: FileView; onClose?: () => void }) {
  const { t } = useI18n();
  const host = useRef<HTMLDivElement>(null);
  const [blob, setBlob] = useState<Blob | null>(null);
  const [imageUrl, setImageUrl] = useState<string | null>(null);
  const [pages, setPages] = useState<number | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let alive = true;
    let url: string | null = null;
    setBlob(null);
    setImageUrl(null);
    setPages(null);
    setFailed(false);
    if (host.current) host.current.innerHTML = '';
    documentsApi.blob(file.id).then(
      async (got) => {
        if (!alive) return;
        setBlob(got);
        if (file.mediaType.startsWith('image/')) {
          url = URL.createObjectURL(got);
          setImageUrl(url);
          return;
        }
        const width = Math.min(host.current?.clientWidth || 640, 900) - 8;
        const count = await drawPdf(await got.arrayBuffer(), host.current!, width, () => alive);
        if (alive) setPages(count);
      },
      () => alive && setFailed(true),
    );
    return () => {
      alive = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [file.id, file.mediaType]);

  return (
    <section className="file-viewer card" data-testid="file-viewer" data-file={file.id} aria-label={t('documents.viewer')}>
      <header className="file-viewer-head">
        <strong className="grow">{file.name}</strong>
        {pages !== null && <span className="muted small" data-testid="pdf-pages">{t('documents.pages', { count: pages })}</span>}
        <button type="button" className="btn btn-sm" disabled={!blob} onClick={() => blob && saveBlob(blob, file.name)}>
          {t('documents.download')}
        </button>
        {onClose && (
          <button type="button" className="btn btn-sm btn-ghost" onClick={onClose}>
            {t('common.close')}
          </button>
        )}
      </header>
      {failed && <p className="error">{t('documents.viewFailed')}</p>}
      {imageUrl && <img src={imageUrl} alt={file.name} className="scan-image" data-testid="scan-image" />}
      <div ref={host} className="pdf-pages" data-testid="pdf-canvas-host" />
    </section>
  );
}
