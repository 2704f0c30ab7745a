// The register (Sổ theo dõi hồ sơ, Mẫu 06 of Circular 01/2018/TT-VPCP): every dossier the
// clerk may see, found by code, applicant name (accents and capitals ignored by the
// server), ID number or phone, status, procedure and the period received. From a row the
// desk opens the dossier — reprints its papers, records a supplement, returns it: a
// dossier waiting for the citizen is in nobody's inbox, and this is where the desk finds
// it. The period exports as CSV for Excel in vi-VN and prints on A4.
import { useEffect, useState, type FormEvent } from 'react';
import { DOSSIER_STATUSES } from '../../../engine/index.js';
import type { DossierRegisterPage, DossierRegisterRow } from '../../../contract/index.js';
import { api } from '../api/endpoints.js';
import { StatusBadge } from '../components/Badges.js';
import { ErrorNotice, Loading } from '../components/ErrorNotice.js';
import { PageHeader } from '../components/Layout.js';
import { Icon } from '../components/Icon.js';
import { csvDate, csvDateTime, downloadCsv } from '../csv.js';
import { useI18n } from '../i18n/index.js';
import { statusLabel } from '../labels.js';
import { agencyName, useAgencies } from '../reference.js';
import { Link, navigate, useLocation } from '../router.js';
import { useSession } from '../session.js';
import { currentCalendar } from '../time.js';
import { useResource } from '../useResource.js';

const PAGE = 50;
/** The most rows an export or a print reads (page by page, 200 a request). */
const EXPORT_MAX = 5_000;

interface Filter {
  q: string;
  status: string;
  procedure: string;
  from: string;
  to: string;
}

const EMPTY: Filter = { q: '', status: '', procedure: '', from: '', to: '' };

function filterOf(search: URLSearchParams): Filter {
  return {
    q: search.get('q') ?? '',
    status: search.get('status') ?? '',
    procedure: search.get('procedure') ?? '',
    from: search.get('from') ?? '',
    to: search.get('to') ?? '',
  };
}

/** The filter in the address, so a reload, a back and a shared link keep it. */
function hrefOf(filter: Filter, page: number): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) if (value) search.set(key, value);
  if (page > 0) search.set('trang', String(page + 1));
  const text = search.toString();
  return `/so-theo-doi${text ? `?${text}` : ''}`;
}

async function everyRow(filter: Filter): Promise<DossierRegisterRow[]> {
  const rows: DossierRegisterRow[] = [];
  for (;;) {
    const page = await api.register({ ...filter, limit: 200, offset: rows.length });
    rows.push(...page.items);
    if (page.items.length === 0 || rows.length >= page.total || rows.length >= EXPORT_MAX) return rows;
  }
}

export default function Register() {
  const { t, fmt, lang } = useI18n();
  const { user } = useSession();
  const agencies = useAgencies();
  const { search } = useLocation();
  const applied = filterOf(search);
  const page = Math.max(0, Number(search.get('trang') ?? '1') - 1 || 0);
  const [draft, setDraft] = useState<Filter>(applied);
  const procedures = useResource(() => api.procedures(), []);
  const key = hrefOf(applied, page);
  const list = useResource<DossierRegisterPage>(() => api.register({ ...applied, limit: PAGE, offset: page * PAGE }), [key]);
  const [printRows, setPrintRows] = useState<DossierRegisterRow[] | null>(null);
  const [busy, setBusy] = useState<'csv' | 'print' | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => setDraft(applied), [key]); // eslint-disable-line react-hooks/exhaustive-deps

  // Printing waits for the whole period to be on the page, then gives the sheet back.
  useEffect(() => {
    if (!printRows) return;
    const done = () => setPrintRows(null);
    window.addEventListener('afterprint', done, { once: true });
    const timer = window.setTimeout(() => window.print(), 50);
    return () => {
      window.clearTimeout(timer);
      window.removeEventListener('afterprint', done);
    };
  }, [printRows]);

  const apply = (event?: FormEvent) => {
    event?.preventDefault();
    navigate(hrefOf({ ...draft, q: draft.q.trim() }, 0));
  };
  const preset = (change: Partial<Filter>) => navigate(hrefOf({ ...EMPTY, ...change }, 0));

  const today = currentCalendar().localDate(new Date());
  const periodName = (applied.from || applied.to)
    ? `${applied.from ? csvDate(applied.from) : '…'} – ${applied.to ? csvDate(applied.to) : csvDate(today)}`
    : t('register.allTime');

  const exportCsv = async () => {
    setBusy('csv');
    setError(null);
    try {
      const rows = await everyRow(applied);
      const lines: unknown[][] = [
        [t('register.title'), agencyName(agencies, user?.agencyCode, lang)],
        [t('register.period'), periodName],
        [],
        REGISTER_COLUMNS.map((c) => t(c)),
        ...rows.map((row, i) => [
          i + 1,
          row.code,
          row.procedureName ?? row.procedureKey,
          row.applicantName,
          [row.applicantAddress, row.applicantPhone].filter(Boolean).join(' – '),
          agencyName(agencies, row.holdingAgency, lang),
          csvDateTime(row.receivedAt),
          csvDateTime(row.appointmentAt),
          csvDateTime(row.resolvedAt),
          csvDateTime(row.returnedAt),
          statusLabel(t, row.status),
        ]),
      ];
      // The file is named by the period's local dates, not UTC instants.
      downloadCsv(`so-theo-doi-ho-so_${applied.from || 'dau'}_${applied.to || today}.csv`, lines);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };

  const print = async () => {
    setBusy('print');
    setError(null);
    try {
      setPrintRows(await everyRow(applied));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };

  const data = list.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / PAGE)) : 1;

  return (
    <div className="page-pad register">
      <div className="screen-only">
        <PageHeader
          title={t('register.title')}
          subtitle={t('register.subtitle')}
          actions={
            <>
              <button type="button" className="btn" onClick={() => void exportCsv()} disabled={busy !== null} data-testid="register-csv">
                <Icon name="download" /> {t('register.exportCsv')}
              </button>
              <button type="button" className="btn" onClick={() => void print()} disabled={busy !== null} data-testid="register-print">
                <Icon name="print" /> {t('register.print')}
              </button>
            </>
          }
        />
        <form className="card form register-filter" onSubmit={apply} data-testid="register-filter">
          <div className="form-row">
            <label className="field grow">
              <span>{t('register.q')}</span>
              <input name="q" type="search" value={draft.q} placeholder={t('register.qHint')} onChange={(e) => setDraft({ ...draft, q: e.target.value })} autoComplete="off" />
            </label>
            <label className="field">
              <span>{t('register.status')}</span>
              <select name="status" value={draft.status} onChange={(e) => setDraft({ ...draft, status: e.target.value })}>
                <option value="">{t('register.anyStatus')}</option>
                {DOSSIER_STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {statusLabel(t, s)}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <div className="form-row">
            <label className="field grow">
              <span>{t('register.procedure')}</span>
              <select name="procedure" value={draft.procedure} onChange={(e) => setDraft({ ...draft, procedure: e.target.value })}>
                <option value="">{t('register.anyProcedure')}</option>
                {(procedures.data ?? []).map((p) => (
                  <option key={p.key} value={p.key}>
                    {p.name || p.key}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              <span>{t('register.from')}</span>
              <input name="from" type="date" value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />
            </label>
            <label className="field">
              <span>{t('register.to')}</span>
              <input name="to" type="date" value={draft.to} min={draft.from || undefined} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
            </label>
          </div>
          <div className="form-actions">
            <button type="submit" className="btn btn-primary" data-testid="register-search">
              <Icon name="search" /> {t('register.search')}
            </button>
            <button type="button" className="btn btn-ghost" onClick={() => preset({})}>
              {t('register.clear')}
            </button>
            <span className="grow" />
            <button type="button" className={`chip ${applied.status === 'awaitingSupplement' ? 'active' : ''}`} onClick={() => preset({ status: 'awaitingSupplement' })} data-testid="register-awaiting-supplement">
              {t('register.presetSupplement')}
            </button>
            <button type="button" className={`chip ${applied.status === 'awaitingReturn' ? 'active' : ''}`} onClick={() => preset({ status: 'awaitingReturn' })}>
              {t('register.presetReturn')}
            </button>
            <button type="button" className={`chip ${applied.from === today && applied.to === today ? 'active' : ''}`} onClick={() => preset({ from: today, to: today })}>
              {t('register.presetToday')}
            </button>
          </div>
        </form>
        <ErrorNotice error={list.error ?? error} />
        {list.loading && !data ? (
          <Loading />
        ) : !data || data.items.length === 0 ? (
          <div className="empty">
            <div className="empty-icon">
              <Icon name="inbox" size={36} />
            </div>
            <p>{t('register.empty')}</p>
          </div>
        ) : (
          <>
            <p className="muted small" data-testid="register-total">
              {t('register.total', { total: data.total, from: page * PAGE + 1, to: page * PAGE + data.items.length })}
            </p>
            <table className="table register-table" data-testid="register">
              <thead>
                <tr>
                  <th>{t('register.col.code')}</th>
                  <th>{t('register.col.applicant')}</th>
                  <th>{t('register.col.procedure')}</th>
                  <th>{t('register.col.received')}</th>
                  <th>{t('register.col.appointment')}</th>
                  <th>{t('register.col.status')}</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((row) => (
                  <tr key={row.id} data-testid="register-row" data-code={row.code}>
                    <td>
                      <Link href={`/ho-so/${encodeURIComponent(row.id)}`} className="mono strong">
                        {row.code}
                      </Link>
                    </td>
                    <td>
                      <div>{row.applicantName}</div>
                      <div className="muted small mono">{[row.applicantIdNumber, row.applicantPhone].filter(Boolean).join(' · ')}</div>
                    </td>
                    <td className="small">{row.procedureName ?? row.procedureKey}</td>
                    <td className="nowrap small">{fmt.dateTime(row.receivedAt)}</td>
                    <td className="nowrap small">{fmt.dateTime(row.appointmentAt)}</td>
                    <td>
                      <StatusBadge status={row.status} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {pages > 1 && (
              <div className="pager">
                <button type="button" className="btn btn-sm" disabled={page === 0} onClick={() => navigate(hrefOf(applied, page - 1))}>
                  {t('register.previous')}
                </button>
                <span className="small">{t('register.page', { page: page + 1, pages })}</span>
                <button type="button" className="btn btn-sm" disabled={page + 1 >= pages} onClick={() => navigate(hrefOf(applied, page + 1))} data-testid="register-next">
                  {t('register.next')}
                </button>
              </div>
            )}
          </>
        )}
      </div>
      {printRows && (
        <div className="print-only printed-register" data-testid="printed-register">
          <table className="report-signatures">
            <tbody>
              <tr>
                <td>
                  <div className="report-issuer">{agencyName(agencies, user?.agencyCode, 'vi')}</div>
                  <div>{t('register.deskName')}</div>
                </td>
                <td>
                  <div className="sign-title">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</div>
                  <div>Độc lập - Tự do - Hạnh phúc</div>
                </td>
              </tr>
            </tbody>
          </table>
          <div className="report-head">
            <h1>{t('register.printTitle')}</h1>
            <div>{t('register.period')}: {periodName}</div>
          </div>
          <table className="report-table">
            <thead>
              <tr>
                {REGISTER_COLUMNS.map((c) => (
                  <th key={c}>{t(c)}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {printRows.map((row, i) => (
                <tr key={row.id}>
                  <td className="num">{i + 1}</td>
                  <td>{row.code}</td>
                  <td>{row.procedureName ?? row.procedureKey}</td>
                  <td>{row.applicantName}</td>
                  <td>{[row.applicantAddress, row.applicantPhone].filter(Boolean).join(' – ')}</td>
                  <td>{agencyName(agencies, row.holdingAgency, 'vi')}</td>
                  <td>{csvDateTime(row.receivedAt)}</td>
                  <td>{csvDateTime(row.appointmentAt)}</td>
                  <td>{csvDateTime(row.resolvedAt)}</td>
                  <td>{csvDateTime(row.returnedAt)}</td>
                  <td>{statusLabel(t, row.status)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

/** The register's columns (Mẫu 06: number, code, procedure, applicant, address/phone, the agency handling it, received, appointment, resolved, returned, notes). */
const REGISTER_COLUMNS = [
  'register.col.number',
  'register.col.code',
  'register.col.procedure',
  'register.col.applicant',
  'register.col.contact',
  'register.col.agency',
  'register.col.received',
  'register.col.appointment',
  'register.col.resolved',
  'register.col.returned',
  'register.col.status',
] as const;
