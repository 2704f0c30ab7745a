// The citizen's lookup (no login): the dossier code and the secret printed on the
// receipt, or the receipt's QR link /tra-cuu?code=…&secret=… . Shows nothing personal.
import { useEffect, useState, type FormEvent } from 'react';
// Light on purpose: it is also the page of its own entry (lookupMain.tsx), so it imports
// neither the staff API client nor the session.
import { LookupError, lookUpDossier } from '../api/publicLookup.js';
import type { PublicDossier } from '../api/types.js';
import { StatusBadge, VerdictBadge } from '../components/Badges.js';
import { LanguageSwitch, useI18n } from '../i18n/index.js';
import { Link, navigate, useLocation } from '../router.js';
import { ResultDownload } from '../documents/ResultDownload.js';
import { LookupExtras } from '../citizens/LookupExtras.js';


export default function Lookup() {
  const { t, fmt } = useI18n();
  const { search } = useLocation();
  const [code, setCode] = useState(search.get('code') ?? '');
  const [secret, setSecret] = useState(search.get('secret') ?? '');
  const [result, setResult] = useState<PublicDossier | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (c: string, s: string) => {
    setBusy(true);
    setError(null);
    try {
      setResult(await lookUpDossier(c.trim(), s.trim()));
    } catch (e) {
      setResult(null);
      setError(e instanceof LookupError && e.status === 404 ? t('lookup.notFound') : e instanceof LookupError && e.status === 429 ? t('lookup.tooMany') : t('lookup.failed'));
    } finally {
      setBusy(false);
    }
  };

  useEffect(() => {
    const c = search.get('code');
    const s = search.get('secret');
    if (c && s) void run(c, s);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    navigate(`/tra-cuu?code=${encodeURIComponent(code.trim())}&secret=${encodeURIComponent(secret.trim())}`, { replace: true });
    void run(code, secret);
  };

  const missing = result?.missing?.length ? result.missing : null;
  const steps = result ? (result.currentSteps?.length ? result.currentSteps : result.currentStep ? [result.currentStep] : []) : [];

  return (
    <div className="public-page">
      <header className="public-header">
        <Link href="/tra-cuu" className="brand">
          <span className="brand-mark">M</span>
          <span className="brand-name">MộtCửa</span>
        </Link>
        <LanguageSwitch />
      </header>
      <main className="public-main">
        <h1>{t('lookup.title')}</h1>
        <p className="muted">{t('lookup.intro')}</p>
        <form className="form lookup-form" onSubmit={submit}>
          <label className="field">
            <span>{t('lookup.code')}</span>
            <input name="code" value={code} onChange={(e) => setCode(e.target.value)} placeholder="000.01.23.H40-261112-0007" required autoCapitalize="characters" spellCheck={false} />
          </label>
          <label className="field">
            <span>{t('lookup.secret')}</span>
            <input name="secret" value={secret} onChange={(e) => setSecret(e.target.value)} required spellCheck={false} autoComplete="off" />
          </label>
          <button className="btn btn-primary btn-block" type="submit" disabled={busy}>
            {busy ? t('common.wait') : t('lookup.submit')}
          </button>
        </form>
        {error && (
          <div className="notice notice-danger" role="alert">
            {error}
          </div>
        )}
        {result && (
          <section className="card lookup-result" data-testid="lookup-result">
            <div className="lookup-status">
              <StatusBadge status={result.status} />
              <VerdictBadge verdict={result.result} />
            </div>
            <ResultDownload code={result.code} secret={secret.trim()} status={result.status} />
            {result.overdue && (
              <div className="notice notice-danger lookup-overdue" data-testid="lookup-overdue" role="status">
                <strong>{t('lookup.overdue.title')}</strong>
                {result.apology ? (
                  <>
                    <p>{t('lookup.apology.text')}</p>
                    <dl className="facts">
                      <dt>{t('lookup.apology.reason')}</dt>
                      <dd>{result.apology.reason}</dd>
                      <dt>{t('lookup.apology.was')}</dt>
                      <dd>{fmt.weekdayDate(result.apology.previousAppointmentAt)}</dd>
                      <dt>{t('lookup.apology.newDate')}</dt>
                      <dd className="strong" data-testid="lookup-new-date">
                        {fmt.weekdayDate(result.apology.newAppointmentAt)} · {fmt.time(result.apology.newAppointmentAt)}
                      </dd>
                    </dl>
                  </>
                ) : (
                  <p>{t('lookup.overdue.noApology')}</p>
                )}
              </div>
            )}
            {result.supplement ? (
              <div className="notice notice-warning lookup-supplement" data-testid="lookup-supplement">
                <strong>{t('lookup.supplement.title')}</strong>
                <ul data-testid="lookup-missing">
                  {result.supplement.items.map((item, i) => (
                    <li key={i}>{item}</li>
                  ))}
                </ul>
                <dl className="facts">
                  <dt>{t('lookup.supplement.why')}</dt>
                  <dd data-testid="lookup-supplement-why">{result.supplement.reason}</dd>
                  <dt>{t('lookup.supplement.where')}</dt>
                  <dd data-testid="lookup-supplement-where">{t('lookup.supplement.whereValue', { agency: result.supplement.bringTo })}</dd>
                  <dt>{t('lookup.supplement.by')}</dt>
                  <dd className="strong" data-testid="lookup-supplement-by">
                    {result.supplement.bringBy ? fmt.weekdayDate(`${result.supplement.bringBy}T12:00:00+07:00`) : t('lookup.supplement.noDeadline')}
                  </dd>
                </dl>
              </div>
            ) : (
              missing && (
                <div className="notice notice-warning">
                  <strong>{t('lookup.missing')}</strong>
                  <ul data-testid="lookup-missing">
                    {missing.map((item, i) => (
                      <li key={i}>{item}</li>
                    ))}
                  </ul>
                </div>
              )
            )}
            <dl className="facts">
              <dt>{t('lookup.code')}</dt>
              <dd className="mono">{result.code}</dd>
              {result.procedureName && (
                <>
                  <dt>{t('dossier.procedure')}</dt>
                  <dd>{result.procedureName}</dd>
                </>
              )}
              {result.agencyHolding && (
                <>
                  <dt>{t('lookup.agency')}</dt>
                  <dd>{result.agencyHolding}</dd>
                </>
              )}
              <dt>{t('lookup.currentStep')}</dt>
              <dd data-testid="lookup-step">{steps.length > 0 ? steps.join(', ') : '—'}</dd>
              {result.receivedAt && (
                <>
                  <dt>{t('dossier.receivedAt')}</dt>
                  <dd>{fmt.dateTime(result.receivedAt)}</dd>
                </>
              )}
              <dt>{t('dossier.appointmentAt')}</dt>
              <dd className="strong">{result.appointmentAt ? fmt.weekdayDate(result.appointmentAt) + ' · ' + fmt.time(result.appointmentAt) : '—'}</dd>
            </dl>
            <p className="lookup-explain">{t(`lookup.explain.${result.status}`)}</p>
            <LookupExtras result={result} secret={secret.trim()} onChanged={() => void run(code, secret)} />
          </section>
        )}
      </main>
      <footer className="public-footer">{t('lookup.footer')}</footer>
    </div>
  );
}
