// A printable paper (Circular 01/2018 forms) as the server renders it: shown in a frame
// so the clerk sees what prints, then printed from that frame alone. The frame is
// sandboxed: no script in a paper ever runs (a name typed at the desk is data, not
// code), no form posts, no navigation of this page. `allow-same-origin` without
// `allow-scripts` only lets this page call print() on it; `allow-modals` lets that print.
import { useEffect, useRef, useState } from 'react';
import { api } from '../api/endpoints.js';
import type { PaperForm } from '../api/types.js';
import { useI18n, type MessageKey } from '../i18n/index.js';
import { ErrorNotice, Loading } from './ErrorNotice.js';
import { Modal } from './Modal.js';
import { Icon } from './Icon.js';

/** No scripts, forms, popups or top navigation; same origin only so the page may print it. */
export const PAPER_SANDBOX = 'allow-same-origin allow-modals';

export const PAPERS: PaperForm[] = ['receipt', 'control-slip', 'supplement-request', 'rejection', 'apology'];

export function PaperDialog({ dossierId, form, onClose }: { dossierId: string; form: PaperForm; onClose(): void }) {
  const { t } = useI18n();
  const [html, setHtml] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const frame = useRef<HTMLIFrameElement>(null);
  useEffect(() => {
    let alive = true;
    api.form(dossierId, form).then(
      (text) => alive && setHtml(text),
      (e) => alive && setError(e),
    );
    return () => {
      alive = false;
    };
  }, [dossierId, form]);
  const print = () => {
    const win = frame.current?.contentWindow;
    if (!win) return;
    win.focus();
    win.print();
  };
  return (
    <Modal
      title={t(`paper.${form}` as MessageKey)}
      onClose={onClose}
      wide
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            {t('common.close')}
          </button>
          <button type="button" className="btn btn-primary" onClick={print} disabled={!html} data-testid="print-paper">
            <Icon name="print" /> {t('common.print')}
          </button>
        </>
      }
    >
      {error ? <ErrorNotice error={error} /> : html === null ? <Loading /> : <iframe ref={frame} className="paper-frame" title={t(`paper.${form}` as MessageKey)} sandbox={PAPER_SANDBOX} srcDoc={html} />}
    </Modal>
  );
}
