// What issue 17 adds to the citizen's lookup: why an online filing was not accepted, a
// fee waiting to be paid online, and the rating once the dossier is returned. One
// component, so the shared lookup page only places it.
import './citizens.css';
import type { PublicDossier } from '../api/types.js';
import { useI18n } from '../i18n/index.js';
import { RatingForm } from './RatingForm.js';

export function LookupExtras({ result, secret, onChanged }: { result: PublicDossier; secret: string; onChanged(): void }) {
  const { t, fmt } = useI18n();
  return (
    <>
      {result.refusal && (
        <div className="notice notice-danger" data-testid="lookup-refusal" role="status">
          <strong>{t('citizens.lookup.refused')}</strong>
          <dl className="facts">
            <dt>{t('citizens.lookup.refusalReason')}</dt>
            <dd data-testid="lookup-refusal-reason">{result.refusal.reason}</dd>
            <dt>{t('citizens.lookup.refusedAt')}</dt>
            <dd>{fmt.dateTime(result.refusal.at)}</dd>
          </dl>
        </div>
      )}
      {result.payment && (
        <div className="notice notice-warning" data-testid="lookup-payment" role="status">
          <strong>{t('citizens.lookup.feeDue', { amount: fmt.number(result.payment.amount) })}</strong>
          {result.payment.payUrl ? (
            <p>
              <a className="btn btn-primary" href={result.payment.payUrl} rel="noopener noreferrer" data-testid="lookup-pay">
                {t('citizens.lookup.payOnline')}
              </a>
            </p>
          ) : (
            <p>{t('citizens.lookup.payAtDesk')}</p>
          )}
        </div>
      )}
      <RatingForm code={result.code} secret={secret} canRate={!!result.canRate} rating={result.rating ?? null} onRated={onChanged} />
    </>
  );
}
