// The one-stop desk: receive a dossier (procedure, applicant, documents), then print the
// receipt with the appointment date (Circular 01/2018, Mẫu 01) and hand over the QR link
// the citizen uses to look the dossier up. The desk offers only the procedures it may
// receive (intake.ts); a procedure with components (`<mc:component>`) lists them in the
// checklist below (documents/IntakeScans.tsx: original or copy, how many, received), and the
// free list is for other papers; a model without them starts the free list with the usual
// two; phone and ID number are checked by the contract's rule. A procedure with fields
// (`<mc:field>`: a birth registration's child) asks for them after the applicant, labelled
// as the model words them; they go in `data.fields` and the engine checks them on receipt.
// Receiving is the procedure's reception step: nothing is left to claim afterwards.
import { useEffect, useState, type FormEvent } from 'react';
import QRCode from 'qrcode';
import { api } from '../api/endpoints.js';
import type { Channel, ReceiveResult } from '../api/types.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { PageHeader } from '../components/Layout.js';
import { PaperDialog } from '../components/PaperDialog.js';
import { useToasts } from '../components/Toasts.js';
import { useI18n } from '../i18n/index.js';
import { channelLabel } from '../labels.js';
import { Link } from '../router.js';
import { useResource } from '../useResource.js';
import { Icon } from '../components/Icon.js';
import { shownProcedureCode } from '../../../engine/model/procedureCode.js';
import { MAX_FIELD_TEXT, importBpmn, type DossierField, type Level } from '../../../engine/index.js';
import { isValidIdNumber, isValidPhone } from '../../../contract/index.js';
import { competentChoice, offeredAtDesk, suggestFromAddress } from '../intake.js';
import { agencyName, useAgencies } from '../reference.js';
import { useSession } from '../session.js';
import { IntakeScans, useIntakeScans } from '../documents/IntakeScans.js';
import { SubmittedQueue } from '../citizens/SubmittedQueue.js';

/** How a document was handed in (the receipt marks originals and copies). */
type DocumentKind = 'original' | 'copy' | 'certified-copy' | 'electronic';
const DOCUMENT_KINDS: DocumentKind[] = ['original', 'copy', 'certified-copy', 'electronic'];

interface DocumentRow {
  name: string;
  copies: number;
  kind: DocumentKind;
  /** The procedure's component this row is (its `key`), when pre-filled from the model. */
  component?: string;
}

/** A row as `data.documents` carries it: the receipt prints originals and copies apart. */
const documentOf = (d: DocumentRow) => ({
  name: d.name.trim(),
  ...(d.kind === 'original' ? { originals: d.copies } : { copies: d.copies }),
  kind: d.kind,
  ...(d.component ? { component: d.component } : {}),
});

export function lookupLink(code: string, secret: string): string {
  return `${window.location.origin}/tra-cuu?code=${encodeURIComponent(code)}&secret=${encodeURIComponent(secret)}`;
}

export default function Reception() {
  const { t, fmt, lang } = useI18n();
  const { notify } = useToasts();
  const { user } = useSession();
  const agencies = useAgencies();
  const deskLevel: Level | null = agencies.find((a) => a.code === user?.agencyCode)?.level ?? null;
  const procedures = useResource(() => api.procedures(), []);
  const offered = (procedures.data ?? []).filter((p) => offeredAtDesk(p, deskLevel));
  const [competent, setCompetent] = useState('');
  const [touched, setTouched] = useState<{ phone?: boolean; idNumber?: boolean }>({});
  const [procedureKey, setProcedureKey] = useState('');
  const [channel, setChannel] = useState<Channel>('desk');
  const [name, setName] = useState('');
  const [idNumber, setIdNumber] = useState('');
  const [phone, setPhone] = useState('');
  const [email, setEmail] = useState('');
  const [address, setAddress] = useState('');
  const defaultDocuments = (): DocumentRow[] => [
    { name: t('reception.doc.application'), copies: 1, kind: 'original' },
    { name: t('reception.doc.idCopy'), copies: 1, kind: 'copy' },
  ];
  const [documents, setDocuments] = useState<DocumentRow[]>(defaultDocuments);
  // The procedure's own fields and what the clerk typed, by key (a number is sent as a number).
  const [fields, setFields] = useState<DossierField[]>([]);
  const [fieldValues, setFieldValues] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<(ReceiveResult & { procedureName: string; applicantName: string }) | null>(null);
  const [qr, setQr] = useState<string | null>(null);
  const [printing, setPrinting] = useState(false);

  // The component checklist and the scans (issue 16): sent with the receipt, uploaded once it is issued.
  const scans = useIntakeScans(procedureKey);
  const chosen = procedures.data?.find((p) => p.key === procedureKey);
  const choice = chosen ? competentChoice(chosen, deskLevel) : 'none';
  const chooseCompetent = choice !== 'none';
  // Agencies of the procedure's level; when the choice is optional the desk's own agency is the default, not an option.
  const candidates = chosen?.level
    ? agencies.filter(
        (a) => a.level === chosen.level && !(a as { mergedInto?: string | null }).mergedInto && (choice === 'required' || a.code !== user?.agencyCode),
      )
    : [];
  const suggested = chooseCompetent ? suggestFromAddress(address, candidates) : null;
  const phoneProblem = phone.trim() !== '' && !isValidPhone(phone) ? t('reception.phoneInvalid') : '';
  const idProblem = idNumber.trim() !== '' && !isValidIdNumber(idNumber) ? t('reception.idNumberInvalid') : '';

  // A procedure's components are the checklist's (one list, not two); without them the usual two papers.
  useEffect(() => {
    setCompetent('');
    setFields([]);
    setFieldValues({});
    if (!procedureKey) return;
    let alive = true;
    api.procedure(procedureKey).then(
      async (detail) => {
        const imported = await importBpmn(detail.xml);
        const components = imported.model?.components ?? [];
        if (!alive) return;
        setDocuments(components.length > 0 ? [] : defaultDocuments());
        setFields(imported.model?.fields ?? []);
      },
      () => undefined,
    );
    return () => {
      alive = false;
    };
  }, [procedureKey]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    if (!result) return;
    let alive = true;
    QRCode.toDataURL(lookupLink(result.code, result.lookupSecret), { margin: 1, width: 160 }).then(
      (url) => alive && setQr(url),
      () => undefined,
    );
    return () => {
      alive = false;
    };
  }, [result]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setTouched({ phone: true, idNumber: true });
    if (phoneProblem || idProblem || !isValidPhone(phone) || !isValidIdNumber(idNumber)) return;
    setBusy(true);
    setError(null);
    try {
      const docs = documents.filter((d) => d.name.trim() !== '').map(documentOf);
      const given = fields.flatMap((f) => {
        const value = (fieldValues[f.key] ?? '').trim();
        if (value === '') return [];
        return [[f.key, f.type === 'number' ? Number(value) : value] as const];
      });
      const received = await api.receive({
        procedureKey,
        channel,
        ...(chooseCompetent && competent ? { competentAgency: competent } : {}),
        applicant: { name: name.trim(), idNumber: idNumber.trim(), phone: phone.trim(), ...(email.trim() ? { email: email.trim() } : {}), ...(address.trim() ? { address: address.trim() } : {}) },
        data: { documents: docs, ...(fields.length > 0 ? { fields: Object.fromEntries(given) } : {}) },
        ...scans.receiveFields(),
      });
      const failedScans = await scans.uploadAll(received.id);
      if (failedScans.length > 0) notify({ kind: 'danger', title: t('documents.uploadFailed', { names: failedScans.join(', ') }) });
      setQr(null);
      setResult({ ...received, procedureName: chosen?.name ?? procedureKey, applicantName: name.trim() });
      notify({ kind: 'success', title: t('reception.done', { code: received.code }) });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const reset = () => {
    setResult(null);
    setName('');
    setIdNumber('');
    setPhone('');
    setEmail('');
    setAddress('');
    setTouched({});
    setProcedureKey('');
    setCompetent('');
    setDocuments(defaultDocuments());
    setFields([]);
    setFieldValues({});
    scans.reset();
  };

  if (result) {
    return (
      <div className="page-pad narrow">
        <PageHeader title={t('reception.receiptTitle')} subtitle={result.procedureName} />
        <section className="card receipt-card" data-testid="receipt">
          <div className="receipt-main">
            <dl className="facts big">
              <dt>{t('lookup.code')}</dt>
              <dd className="mono strong" data-testid="dossier-code">
                {result.code}
              </dd>
              <dt>{t('reception.name')}</dt>
              <dd>{result.applicantName}</dd>
              <dt>{t('dossier.receivedAt')}</dt>
              <dd>{fmt.dateTime(result.receivedAt)}</dd>
              <dt>{t('dossier.appointmentAt')}</dt>
              <dd className="appointment" data-testid="appointment">
                {fmt.weekdayDate(result.appointmentAt)} · {fmt.time(result.appointmentAt)}
              </dd>
              <dt>{t('lookup.secret')}</dt>
              <dd className="mono strong" data-testid="lookup-secret">
                {result.lookupSecret}
              </dd>
            </dl>
            <div className="qr">
              {qr && <img src={qr} alt={t('reception.qrAlt')} width={160} height={160} />}
              <a href={lookupLink(result.code, result.lookupSecret)} target="_blank" rel="noreferrer" className="small" data-testid="lookup-link">
                {t('reception.qrLink')}
              </a>
            </div>
          </div>
          <div className="form-actions">
            <button type="button" className="btn btn-primary" onClick={() => setPrinting(true)} data-testid="print-receipt">
              <Icon name="print" /> {t('reception.printReceipt')}
            </button>
            <Link href={`/ho-so/${encodeURIComponent(result.id)}`} className="btn">
              {t('reception.openDossier')}
            </Link>
            <button type="button" className="btn" onClick={reset}>
              <Icon name="plus" /> {t('reception.another')}
            </button>
          </div>
        </section>
        {printing && <PaperDialog dossierId={result.id} form="receipt" onClose={() => setPrinting(false)} />}
      </div>
    );
  }

  const limit = fmt.timeLimit(chosen?.timeLimit);
  return (
    <div className="page-pad narrow">
      <PageHeader title={t('reception.title')} subtitle={t('reception.subtitle')} />
      <SubmittedQueue />
      <form className="form card" onSubmit={submit} data-testid="reception-form">
        <div className="form-row">
          <label className="field grow">
            <span>{t('reception.procedure')}</span>
            <select name="procedure" value={procedureKey} onChange={(e) => setProcedureKey(e.target.value)} required>
              <option value="">{t('reception.chooseProcedure')}</option>
              {offered.map((p) => (
                <option key={p.key} value={p.key}>
                  {shownProcedureCode(p.code) ? `${shownProcedureCode(p.code)} — ` : ''}
                  {p.name || p.key}
                </option>
              ))}
            </select>
            {chosen && <small className="muted">{limit !== null ? t('reception.limit', { limit }) : t('reception.noLimit')}</small>}
          </label>
          {chooseCompetent && chosen?.level && (
            <label className="field grow">
              <span>{t('reception.competent')}</span>
              <select name="competentAgency" value={competent} onChange={(e) => setCompetent(e.target.value)} required={choice === 'required'}>
                <option value="">
                  {choice === 'required' ? t('reception.chooseCompetent') : t('reception.competentSelf', { name: agencyName(agencies, user?.agencyCode, lang) })}
                </option>
                {candidates.map((a) => (
                  <option key={a.code} value={a.code}>
                    {agencyName(agencies, a.code, lang)}
                  </option>
                ))}
              </select>
              {suggested && suggested !== competent && (
                <button type="button" className="link" data-testid="competent-suggestion" onClick={() => setCompetent(suggested)}>
                  {t('reception.competentSuggest', { name: agencyName(agencies, suggested, lang) })}
                </button>
              )}
              <small className="muted">{choice === 'required' ? t('reception.competentHint') : t('reception.competentOptionalHint')}</small>
            </label>
          )}
          <label className="field">
            <span>{t('dossier.channel')}</span>
            <select name="channel" value={channel} onChange={(e) => setChannel(e.target.value as Channel)}>
              {(['desk', 'online', 'post'] as Channel[]).map((c) => (
                <option key={c} value={c}>
                  {channelLabel(t, c)}
                </option>
              ))}
            </select>
          </label>
        </div>
        <fieldset>
          <legend>{t('dossier.applicant')}</legend>
          <div className="form-row">
            <label className="field grow">
              <span>{t('reception.name')}</span>
              <input name="applicantName" value={name} onChange={(e) => setName(e.target.value)} required autoComplete="off" />
            </label>
            <label className={`field ${touched.idNumber && idProblem ? 'field-error' : ''}`}>
              <span>{t('reception.idNumber')}</span>
              <input
                name="idNumber"
                value={idNumber}
                onChange={(e) => setIdNumber(e.target.value)}
                onBlur={() => setTouched((x) => ({ ...x, idNumber: true }))}
                required
                inputMode="numeric"
                aria-invalid={!!(touched.idNumber && idProblem)}
                title={t('reception.idNumberHint')}
              />
              {touched.idNumber && idProblem ? <small className="field-problem" data-testid="idNumber-problem">{idProblem}</small> : <small className="muted">{t('reception.idNumberHint')}</small>}
            </label>
          </div>
          <div className="form-row">
            <label className={`field ${touched.phone && phoneProblem ? 'field-error' : ''}`}>
              <span>{t('reception.phone')}</span>
              <input
                name="phone"
                type="tel"
                value={phone}
                onChange={(e) => setPhone(e.target.value)}
                onBlur={() => setTouched((x) => ({ ...x, phone: true }))}
                required
                aria-invalid={!!(touched.phone && phoneProblem)}
              />
              {touched.phone && phoneProblem && <small className="field-problem" data-testid="phone-problem">{phoneProblem}</small>}
            </label>
            <label className="field">
              <span>{t('reception.email')}</span>
              <input name="email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} />
            </label>
          </div>
          <label className="field">
            <span>{t('reception.address')}</span>
            <input name="address" value={address} onChange={(e) => setAddress(e.target.value)} />
          </label>
        </fieldset>
        {fields.length > 0 && (
          <fieldset data-testid="procedure-fields">
            <legend>{t('reception.fields')}</legend>
            <div className="form-row" style={{ flexWrap: 'wrap' }}>
              {fields.map((f) => {
                const value = fieldValues[f.key] ?? '';
                const set = (v: string) => setFieldValues((all) => ({ ...all, [f.key]: v }));
                const common = { name: `field-${f.key}`, 'data-testid': `field-${f.key}`, value, required: f.required };
                return (
                  <label key={f.key} className={`field ${f.type === 'text' ? 'grow' : ''}`}>
                    <span>{f.name}</span>
                    {f.type === 'select' ? (
                      <select {...common} onChange={(e) => set(e.target.value)}>
                        <option value="">{t('reception.fieldChoose')}</option>
                        {f.options.map((o) => (
                          <option key={o} value={o}>
                            {o}
                          </option>
                        ))}
                      </select>
                    ) : f.type === 'date' ? (
                      <input {...common} type="date" onChange={(e) => set(e.target.value)} />
                    ) : f.type === 'number' ? (
                      <input {...common} type="number" step="any" inputMode="decimal" onChange={(e) => set(e.target.value)} />
                    ) : (
                      <input {...common} maxLength={MAX_FIELD_TEXT} autoComplete="off" onChange={(e) => set(e.target.value)} />
                    )}
                  </label>
                );
              })}
            </div>
          </fieldset>
        )}
        <fieldset>
          <legend>{t('dossier.documents')}</legend>
          {documents.map((doc, i) => (
            <div className="form-row doc-row" key={i}>
              <input aria-label={t('reception.docName')} className="grow" value={doc.name} onChange={(e) => setDocuments((all) => all.map((d, j) => (j === i ? { ...d, name: e.target.value } : d)))} />
              <select aria-label={t('reception.docKind')} className="doc-kind" value={doc.kind} onChange={(e) => setDocuments((all) => all.map((d, j) => (j === i ? { ...d, kind: e.target.value as DocumentKind } : d)))}>
                {DOCUMENT_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {t(`reception.kind.${k}`)}
                  </option>
                ))}
              </select>
              <input aria-label={t('reception.copies')} type="number" min={1} className="copies" value={doc.copies} onChange={(e) => setDocuments((all) => all.map((d, j) => (j === i ? { ...d, copies: Math.max(1, Number(e.target.value) || 1) } : d)))} />
              <button type="button" className="btn btn-ghost btn-sm" aria-label={t('common.remove')} onClick={() => setDocuments((all) => all.filter((_, j) => j !== i))}>
                <Icon name="x" />
              </button>
            </div>
          ))}
          <button type="button" className="btn btn-sm" onClick={() => setDocuments((all) => [...all, { name: '', copies: 1, kind: 'copy' }])}>
            <Icon name="plus" /> {t('reception.addDocument')}
          </button>
        </fieldset>
        <IntakeScans state={scans} />
        <ErrorNotice error={error} />
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={busy || !procedureKey} data-testid="receive">
            {busy ? t('common.wait') : t('reception.submit')}
          </button>
        </div>
      </form>
    </div>
  );
}
