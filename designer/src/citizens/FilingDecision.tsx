// On the dossier page, for a dossier filed online and not yet looked at by the desk
// (status `submitted`): reception accepts it — received now, the appointment counted
// from now — or refuses it with the reason the citizen reads on the lookup page.
import './citizens.css';
import { useState, type FormEvent } from 'react';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { Modal } from '../components/Modal.js';
import { useToasts } from '../components/Toasts.js';
import { useI18n } from '../i18n/index.js';
import { citizensApi } from './api.js';

export function FilingDecision({ dossierId, onDone }: { dossierId: string; onDone(): void }) {
  const { t } = useI18n();
  const { notify } = useToasts();
  const [refusing, setRefusing] = useState(false);
  const [reason, setReason] = useState('');
  const [reasonNeeded, setReasonNeeded] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const run = async (what: () => Promise<unknown>, success: string) => {
    setBusy(true);
    setError(null);
    try {
      await what();
      notify({ kind: 'success', title: success });
      setRefusing(false);
      onDone();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const refuse = (event: FormEvent) => {
    event.preventDefault();
    if (!reason.trim()) {
      setReasonNeeded(true);
      return;
    }
    void run(() => citizensApi.refuse(dossierId, reason.trim()), t('citizens.decision.refused'));
  };

  return (
    <section className="card filing-decision" data-testid="filing-decision">
      <h2>{t('citizens.decision.title')}</h2>
      <p className="small">{t('citizens.decision.intro')}</p>
      {!refusing && error !== null && <ErrorNotice error={error} />}
      <div className="task-card-actions">
        <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void run(() => citizensApi.accept(dossierId), t('citizens.decision.accepted'))} data-testid="accept-filing">
          {t('citizens.decision.accept')}
        </button>
        <button type="button" className="btn btn-danger-outline" disabled={busy} onClick={() => {
            setRefusing(true);
            setError(null);
          }} data-testid="refuse-filing">
          {t('citizens.decision.refuse')}
        </button>
      </div>
      {refusing && (
        <Modal title={t('citizens.decision.refuseTitle')} onClose={() => setRefusing(false)}>
          <form className="form" onSubmit={refuse} noValidate data-testid="refuse-form">
            <p className="small muted">{t('citizens.decision.refuseIntro')}</p>
            <label className={`field ${reasonNeeded && !reason.trim() ? 'field-error' : ''}`}>
              <span>{t('citizens.decision.reason')}</span>
              <textarea name="reason" rows={4} maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} aria-invalid={reasonNeeded && !reason.trim()} />
              {reasonNeeded && !reason.trim() && (
                <small className="field-problem" data-testid="reason-needed">
                  {t('citizens.decision.reasonNeeded')}
                </small>
              )}
            </label>
            {error !== null && <ErrorNotice error={error} />}
            <div className="form-actions">
              <button type="button" className="btn" onClick={() => setRefusing(false)}>
                {t('common.cancel')}
              </button>
              <button type="submit" className="btn btn-danger" disabled={busy} data-testid="confirm-refuse">
                {t('citizens.decision.confirmRefuse')}
              </button>
            </div>
          </form>
        </Modal>
      )}
    </section>
  );
}
