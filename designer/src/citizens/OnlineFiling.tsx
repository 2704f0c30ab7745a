// The citizen files a dossier online (no login; /nop-ho-so): a procedure that may be
// filed online, the agency competent to decide, who files it and how they want to hear
// of it. The answer is the dossier code and the lookup secret; the desk then accepts it
// (the appointment counts from then) or refuses it with a reason the lookup shows.
// Phone-first: one column, big targets, the numeric keyboard for numbers.
import './citizens.css';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { applicantSchema, isValidIdNumber, isValidPhone, NOTIFY_CHANNELS, type NotifyChannel } from '../../../contract/index.js';
import { ErrorNotice, Loading } from '../components/ErrorNotice.js';
import { LanguageSwitch, useI18n, type MessageKey } from '../i18n/index.js';
import { Link } from '../router.js';
import { useResource } from '../useResource.js';
import { citizensApi, type SubmissionAnswer } from './api.js';

type Field = 'procedure' | 'agency' | 'name' | 'idNumber' | 'phone' | 'email';

interface Applicant {
  name: string;
  idNumber: string;
  phone: string;
  email: string;
  notify: NotifyChannel[];
}

const EMPTY: Applicant = { name: '', idNumber: '', phone: '', email: '', notify: ['sms'] };

/** What is wrong with each field, by the contract's own rules (contract/requests.ts). */
function problems(procedureKey: string, agency: string, a: Applicant): Partial<Record<Field, MessageKey>> {
  const out: Partial<Record<Field, MessageKey>> = {};
  if (!procedureKey) out.procedure = 'citizens.filing.chooseProcedure';
  if (!agency) out.agency = 'citizens.filing.chooseAgency';
  if (!a.name.trim()) out.name = 'citizens.filing.nameNeeded';
  if (!isValidIdNumber(a.idNumber)) out.idNumber = 'citizens.filing.idInvalid';
  if (!isValidPhone(a.phone)) out.phone = 'citizens.filing.phoneInvalid';
  if (a.email.trim() && !applicantSchema.shape.email.safeParse(a.email.trim()).success) out.email = 'citizens.filing.emailInvalid';
  else if (!a.email.trim() && a.notify.includes('email')) out.email = 'citizens.filing.emailNeeded';
  return out;
}

export default function OnlineFiling() {
  const { t, fmt } = useI18n();
  const procedures = useResource(() => citizensApi.publicProcedures(), []);
  const [procedureKey, setProcedureKey] = useState('');
  const [agency, setAgency] = useState('');
  const [applicant, setApplicant] = useState<Applicant>(EMPTY);
  // The honeypot: hidden from people (citizens.css), filled by form-filling robots.
  const [website, setWebsite] = useState('');
  // Problems show from the first press of "Nộp hồ sơ" on, then as the person types: not on
  // leaving a field, where a message appearing would move the next field under the finger.
  const [checked, setChecked] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [filed, setFiled] = useState<SubmissionAnswer | null>(null);

  const list = procedures.data ?? [];
  const chosen = list.find((p) => p.key === procedureKey) ?? null;
  // One agency to choose from: chosen already.
  useEffect(() => setAgency(chosen?.agencies.length === 1 ? chosen.agencies[0].code : ''), [chosen]);

  const wrong = useMemo(() => problems(procedureKey, agency, applicant), [procedureKey, agency, applicant]);
  const shown = (field: Field) => (checked ? wrong[field] : undefined);
  const set = <K extends keyof Applicant>(key: K, value: Applicant[K]) => setApplicant((a) => ({ ...a, [key]: value }));
  const toggle = (channel: NotifyChannel) =>
    set('notify', applicant.notify.includes(channel) ? applicant.notify.filter((c) => c !== channel) : [...applicant.notify, channel]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setChecked(true);
    if (Object.keys(wrong).length > 0) {
      // After the render that marks the fields: the first one wrong gets the focus.
      requestAnimationFrame(() => document.querySelector<HTMLElement>('.filing [aria-invalid=true]')?.focus());
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const answer = await citizensApi.submit({
        procedureKey,
        competentAgency: agency,
        applicant: {
          name: applicant.name.trim(),
          idNumber: applicant.idNumber.trim(),
          phone: applicant.phone.trim(),
          ...(applicant.email.trim() ? { email: applicant.email.trim() } : {}),
          notify: applicant.notify,
        },
        ...(website ? { website } : {}),
      });
      setFiled(answer);
      window.scrollTo(0, 0);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const fieldClass = (field: Field) => `field ${shown(field) ? 'field-error' : ''}`;
  const problem = (field: Field) =>
    shown(field) && (
      <small className="field-problem" id={`${field}-problem`} data-testid={`problem-${field}`}>
        {t(shown(field)!)}
      </small>
    );
  const aria = (field: Field) => ({ 'aria-invalid': !!shown(field), 'aria-describedby': shown(field) ? `${field}-problem` : undefined });

  const lookupHref = filed ? `/tra-cuu?code=${encodeURIComponent(filed.code)}&secret=${encodeURIComponent(filed.lookupSecret)}` : '';

  return (
    <div className="public-page">
      <header className="public-header">
        <Link href="/nop-ho-so" className="brand">
          <span className="brand-mark">M</span>
          <span className="brand-name">MộtCửa</span>
        </Link>
        <LanguageSwitch />
      </header>
      <main className="public-main filing">
        {filed ? (
          <section className="card filing-done" data-testid="filing-done" aria-live="polite">
            <h1>{t('citizens.filing.doneTitle')}</h1>
            <p>{t('citizens.filing.doneIntro')}</p>
            <dl className="filing-codes">
              <dt>{t('lookup.code')}</dt>
              <dd className="mono" data-testid="filing-code">{filed.code}</dd>
              <dt>{t('lookup.secret')}</dt>
              <dd className="mono" data-testid="filing-secret">{filed.lookupSecret}</dd>
              <dt>{t('citizens.filing.submittedAt')}</dt>
              <dd>{fmt.dateTime(filed.submittedAt)}</dd>
            </dl>
            <div className="notice notice-warning">{t('citizens.filing.keepCodes')}</div>
            <p>{t('citizens.filing.howToLookUp')}</p>
            <a className="btn btn-primary btn-block" href={lookupHref} data-testid="filing-lookup-link">
              {t('citizens.filing.lookUpNow')}
            </a>
            <p className="small muted">{t('citizens.filing.next')}</p>
            {chosen && chosen.components.length > 0 && <p className="small">{t('citizens.filing.bringPapers')}</p>}
          </section>
        ) : (
          <>
            <h1>{t('citizens.filing.title')}</h1>
            <p className="muted">{t('citizens.filing.intro')}</p>
            {procedures.error && <ErrorNotice error={procedures.error} />}
            {!procedures.data && !procedures.error && <Loading />}
            <form className="form filing-form" onSubmit={(e) => void submit(e)} noValidate data-testid="filing-form">
              <fieldset>
                <legend>
                  <span className="step-num">1</span> {t('citizens.filing.stepProcedure')}
                </legend>
                <label className={fieldClass('procedure')}>
                  <span>{t('dossier.procedure')}</span>
                  <select name="procedure" value={procedureKey} onChange={(e) => setProcedureKey(e.target.value)} {...aria('procedure')}>
                    <option value="">{t('citizens.filing.chooseProcedure')}</option>
                    {list.map((p) => (
                      <option key={p.key} value={p.key}>
                        {p.name}
                      </option>
                    ))}
                  </select>
                  {problem('procedure')}
                </label>
                {chosen && (
                  <div className="filing-procedure" data-testid="filing-procedure">
                    <p className="small">
                      {fmt.timeLimit(chosen.timeLimit) !== null ? t('reception.limit', { limit: fmt.timeLimit(chosen.timeLimit)! }) : t('reception.noLimit')}
                      {' · '}
                      {chosen.fee ? t('citizens.filing.fee', { amount: fmt.number(chosen.fee) }) : t('citizens.filing.noFee')}
                    </p>
                    {chosen.components.length > 0 && (
                      <>
                        <p className="small strong">{t('citizens.filing.components')}</p>
                        <ul className="small filing-components">
                          {chosen.components.map((c) => (
                            <li key={c.key}>
                              {c.name}
                              {c.copies > 1 ? ` (${t('citizens.filing.copies', { n: c.copies })})` : ''}
                              {c.required ? '' : ` — ${t('citizens.filing.optional')}`}
                            </li>
                          ))}
                        </ul>
                      </>
                    )}
                    {/* No public upload route yet (issue 16 built uploads for staff only): the papers go to the desk. */}
                    <div className="notice notice-info small" data-testid="papers-at-desk">
                      {t('citizens.filing.papersAtDesk')}
                    </div>
                  </div>
                )}
                <label className={fieldClass('agency')}>
                  <span>{t('citizens.filing.agency')}</span>
                  <select name="competentAgency" value={agency} onChange={(e) => setAgency(e.target.value)} disabled={!chosen} {...aria('agency')}>
                    <option value="">{t('citizens.filing.chooseAgency')}</option>
                    {(chosen?.agencies ?? []).map((a) => (
                      <option key={a.code} value={a.code}>
                        {a.name}
                      </option>
                    ))}
                  </select>
                  {problem('agency')}
                </label>
              </fieldset>

              <fieldset>
                <legend>
                  <span className="step-num">2</span> {t('citizens.filing.stepApplicant')}
                </legend>
                <label className={fieldClass('name')}>
                  <span>{t('reception.name')}</span>
                  <input name="applicantName" value={applicant.name} onChange={(e) => set('name', e.target.value)} autoComplete="name" maxLength={255} {...aria('name')} />
                  {problem('name')}
                </label>
                <label className={fieldClass('idNumber')}>
                  <span>{t('reception.idNumber')}</span>
                  <input name="idNumber" value={applicant.idNumber} onChange={(e) => set('idNumber', e.target.value)} inputMode="numeric" autoComplete="off" spellCheck={false} maxLength={32} {...aria('idNumber')} />
                  <small className="muted">{t('citizens.filing.idHint')}</small>
                  {problem('idNumber')}
                </label>
                <label className={fieldClass('phone')}>
                  <span>{t('reception.phone')}</span>
                  <input name="phone" type="tel" value={applicant.phone} onChange={(e) => set('phone', e.target.value)} inputMode="tel" autoComplete="tel" maxLength={32} {...aria('phone')} />
                  {problem('phone')}
                </label>
                <label className={fieldClass('email')}>
                  <span>{t('citizens.filing.email')}</span>
                  <input name="email" type="email" value={applicant.email} onChange={(e) => set('email', e.target.value)} inputMode="email" autoComplete="email" maxLength={255} {...aria('email')} />
                  {problem('email')}
                </label>
              </fieldset>

              <fieldset>
                <legend>
                  <span className="step-num">3</span> {t('citizens.filing.stepNotify')}
                </legend>
                <p className="small muted">{t('citizens.filing.notifyIntro')}</p>
                <div className="checks filing-channels">
                  {NOTIFY_CHANNELS.map((channel) => (
                    <label key={channel} className="check">
                      <input type="checkbox" name="notify" value={channel} checked={applicant.notify.includes(channel)} onChange={() => toggle(channel)} data-testid={`notify-${channel}`} />
                      {t(`citizens.notify.${channel}` as MessageKey)}
                    </label>
                  ))}
                </div>
              </fieldset>

              <div className="filing-trap" aria-hidden="true">
                <label>
                  Website
                  <input name="website" tabIndex={-1} autoComplete="off" value={website} onChange={(e) => setWebsite(e.target.value)} />
                </label>
              </div>

              {error !== null && (
                <div data-testid="filing-error">
                  <ErrorNotice error={error} />
                </div>
              )}
              <button className="btn btn-primary btn-block" type="submit" disabled={busy || !procedures.data} data-testid="filing-submit">
                {busy ? t('common.wait') : t('citizens.filing.submit')}
              </button>
              <p className="small muted">{t('citizens.filing.privacy')}</p>
            </form>
            <p className="filing-lookup">
              <a href="/tra-cuu">{t('citizens.filing.alreadyFiled')}</a>
            </p>
          </>
        )}
      </main>
      <footer className="public-footer">{t('lookup.footer')}</footer>
    </div>
  );
}
