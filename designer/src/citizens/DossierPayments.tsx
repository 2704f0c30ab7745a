// On the dossier page: the dossier's fees. A fee waiting to be paid online (national
// status 6) is shown with its pay link; the desk records a cash payment — paid at once,
// with an electronic receipt number — or asks the gateway for a pay link; a paid fee's
// receipt (biên lai điện tử) opens printable.
import './citizens.css';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ErrorNotice, Loading } from '../components/ErrorNotice.js';
import { Icon } from '../components/Icon.js';
import { Modal } from '../components/Modal.js';
import { PAPER_SANDBOX } from '../components/PaperDialog.js';
import { useToasts } from '../components/Toasts.js';
import { useI18n, type MessageKey } from '../i18n/index.js';
import { useResource } from '../useResource.js';
import { citizensApi, type PaymentView } from './api.js';

export function DossierPayments({ dossierId, canRecord }: { dossierId: string; canRecord: boolean }) {
  const { t, fmt } = useI18n();
  const { notify } = useToasts();
  const payments = useResource(() => citizensApi.payments(dossierId), [dossierId]);
  const [amount, setAmount] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [printing, setPrinting] = useState<PaymentView | null>(null);
  const [justPaid, setJustPaid] = useState<PaymentView | null>(null);

  const list = payments.data ?? [];
  const pending = list.find((p) => p.status === 'pending') ?? null;
  // The fee that waits is what the citizen pays in cash, if they do.
  useEffect(() => {
    if (pending && !amount) setAmount(String(pending.amount));
  }, [pending?.id]); // eslint-disable-line react-hooks/exhaustive-deps

  if (!canRecord && list.length === 0) return null;

  const value = Number(amount.replace(/[.\s,]/g, ''));
  const valid = Number.isInteger(value) && value > 0;

  const record = async (method: 'cash' | 'online', event?: FormEvent) => {
    event?.preventDefault();
    if (!valid) return;
    setBusy(true);
    setError(null);
    try {
      const payment = await citizensApi.recordPayment(dossierId, value, method);
      if (payment.status === 'paid') setJustPaid(payment);
      notify({ kind: 'success', title: method === 'cash' ? t('citizens.payments.cashRecorded', { receipt: payment.receiptNumber ?? '' }) : t('citizens.payments.linkMade') });
      setAmount('');
      await payments.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card payments" data-testid="payments">
      <h2>{t('citizens.payments.title')}</h2>
      {payments.error !== null && <ErrorNotice error={payments.error} />}
      {!payments.data && payments.error === null && <Loading />}
      {pending && (
        <div className="notice notice-warning" data-testid="payment-pending">
          <strong>{t('citizens.payments.pending', { amount: fmt.number(pending.amount) })}</strong>
          {pending.payUrl && (
            <div className="small">
              {t('citizens.payments.payLink')}{' '}
              <a href={pending.payUrl} target="_blank" rel="noopener noreferrer">
                {pending.payUrl}
              </a>
            </div>
          )}
        </div>
      )}
      {justPaid && (
        <div className="notice notice-success" data-testid="payment-receipt-number" role="status">
          {t('citizens.payments.receiptIs')} <strong className="mono">{justPaid.receiptNumber}</strong>{' '}
          <button type="button" className="btn btn-sm" onClick={() => setPrinting(justPaid)} data-testid="print-new-receipt">
            <Icon name="print" /> {t('citizens.payments.printReceipt')}
          </button>
        </div>
      )}
      {list.length > 0 ? (
        <ul className="payment-list" data-testid="payment-list">
          {list.map((p) => (
            <li key={p.id} data-status={p.status}>
              <span className="strong">{t('citizens.payments.amount', { amount: fmt.number(p.amount) })}</span>
              <span>
                {t(`citizens.payments.method.${p.method}` as MessageKey)} · {t(`citizens.payments.status.${p.status}` as MessageKey)}
              </span>
              {p.receiptNumber && <span className="mono small">{p.receiptNumber}</span>}
              <span className="small muted">{fmt.dateTime(p.paidAt ?? p.createdAt)}</span>
              {p.status === 'paid' && (
                <button type="button" className="btn btn-sm" onClick={() => setPrinting(p)} data-testid="print-receipt">
                  <Icon name="print" /> {t('citizens.payments.printReceipt')}
                </button>
              )}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted small">{t('citizens.payments.none')}</p>
      )}
      {canRecord && (
        <form className="form payment-form" onSubmit={(e) => void record('cash', e)} noValidate>
          <label className="field">
            <span>{t('citizens.payments.amountLabel')}</span>
            <input name="amount" inputMode="numeric" value={amount} onChange={(e) => setAmount(e.target.value)} data-testid="payment-amount" />
          </label>
          {error !== null && <ErrorNotice error={error} />}
          <div className="task-card-actions">
            <button type="submit" className="btn btn-primary" disabled={busy || !valid} data-testid="record-cash">
              {t('citizens.payments.recordCash')}
            </button>
            <button type="button" className="btn" disabled={busy || !valid} onClick={() => void record('online')} data-testid="request-online">
              {t('citizens.payments.requestOnline')}
            </button>
          </div>
        </form>
      )}
      {printing && <ReceiptDialog dossierId={dossierId} payment={printing} onClose={() => setPrinting(null)} />}
    </section>
  );
}

/** The receipt as the server renders it, in a sandboxed frame (no script of it runs), printed from that frame. */
function ReceiptDialog({ dossierId, payment, onClose }: { dossierId: string; payment: PaymentView; onClose(): void }) {
  const { t } = useI18n();
  const receipt = useResource(() => citizensApi.receipt(dossierId, payment.id), [dossierId, payment.id]);
  const frame = useRef<HTMLIFrameElement>(null);
  const print = () => {
    const win = frame.current?.contentWindow;
    if (!win) return;
    win.focus();
    win.print();
  };
  const title = t('citizens.payments.receiptTitle', { receipt: payment.receiptNumber ?? '' });
  return (
    <Modal
      title={title}
      onClose={onClose}
      wide
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            {t('common.close')}
          </button>
          <button type="button" className="btn btn-primary" onClick={print} disabled={!receipt.data} data-testid="print-paper">
            <Icon name="print" /> {t('common.print')}
          </button>
        </>
      }
    >
      {receipt.error !== null ? <ErrorNotice error={receipt.error} /> : receipt.data === undefined ? <Loading /> : <iframe ref={frame} className="paper-frame" title={title} sandbox={PAPER_SANDBOX} srcDoc={receipt.data} data-testid="receipt-frame" />}
    </Modal>
  );
}
