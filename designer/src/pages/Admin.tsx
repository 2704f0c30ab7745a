// Administration: the agencies tree, users and their roles, and the working calendar of
// a year (days off and make-up working days on a month grid). Every refusal from the
// server is shown with the field it names. Each tab shows for whoever may take its action
// (access.ts); the others answer as forbidden.
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { WorkingCalendar, defaultHolidays, weekdayOf } from '../../../engine/calendar/index.js';
import { ADMIN_TABS, allows, type AdminTab } from '../access.js';
import { api } from '../api/endpoints.js';
import type { Agency } from '../api/types.js';
import { ErrorNotice, Loading } from '../components/ErrorNotice.js';
import { Forbidden } from '../components/Forbidden.js';
import { PageHeader } from '../components/Layout.js';
import { MonthGrid } from '../components/MonthGrid.js';
import { useToasts } from '../components/Toasts.js';
import { useI18n } from '../i18n/index.js';
import { BUILT_IN_ROLES, kindLabel, levelLabel, roleLabel } from '../labels.js';
import { agencyName, loadAgencies } from '../reference.js';
import { Link } from '../router.js';
import { useSession } from '../session.js';
import { currentCalendar, forgetCalendarYear, useServerNow } from '../time.js';
import { useResource } from '../useResource.js';
import { Icon } from '../components/Icon.js';
import { Incidents } from './AdminIncidents.js';
import { UserEditDialog } from './AdminUserEdit.js';
import type { User } from '../api/types.js';

export default function Admin({ params }: { params: Record<string, string> }) {
  const { t } = useI18n();
  const { can } = useSession();
  const tabs = ADMIN_TABS.filter((x) => allows(x.needs, can));
  const named = ADMIN_TABS.find((x) => x.id === params.tab);
  // No tab named (or one unknown): the first the user may keep.
  const tab: AdminTab | undefined = named ? named.id : tabs[0]?.id;
  const forbidden = !tab || !tabs.some((x) => x.id === tab);
  return (
    <div className="page-pad">
      <PageHeader title={t('admin.title')} />
      <div className="tabs page-tabs" role="tablist">
        {tabs.map((x) => (
          <Link key={x.id} href={`/quan-tri/${x.id}`} role="tab" aria-selected={tab === x.id} className={tab === x.id ? 'tab active' : 'tab'}>
            {t(x.label)}
          </Link>
        ))}
      </div>
      {forbidden && <Forbidden />}
      {!forbidden && tab === 'co-quan' && <Agencies />}
      {!forbidden && tab === 'nguoi-dung' && <Users />}
      {!forbidden && tab === 'lich' && <CalendarEditor />}
      {!forbidden && tab === 'su-co' && <Incidents />}
    </div>
  );
}

function Agencies() {
  const { t, lang } = useI18n();
  const { notify } = useToasts();
  const list = useResource(() => loadAgencies(true), []);
  const [form, setForm] = useState({ code: '', name: '', level: 'commune', parentCode: '', kind: '' });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const agencies = list.data ?? [];
  const children = useMemo(() => {
    const map = new Map<string, Agency[]>();
    for (const a of agencies) {
      const parent = a.parentCode ?? '';
      map.set(parent, [...(map.get(parent) ?? []), a]);
    }
    return map;
  }, [agencies]);
  const roots = agencies.filter((a) => !a.parentCode || !agencies.some((p) => p.code === a.parentCode));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.createAgency({ code: form.code.trim(), name: form.name.trim(), level: form.level, parentCode: form.parentCode || undefined, kind: form.kind.trim() || undefined });
      notify({ kind: 'success', title: t('admin.agencyCreated', { name: form.name }) });
      setForm({ code: '', name: '', level: 'commune', parentCode: '', kind: '' });
      await list.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const node = (agency: Agency, depth: number) => (
    <li key={agency.code}>
      <div className="tree-row" style={{ paddingLeft: depth * 20 }}>
        <span className={`level-dot level-${agency.level}`} />
        <strong>{agencyName(agencies, agency.code, lang)}</strong>
        <span className="mono muted small">{agency.code}</span>
        <span className="badge tone-muted">{levelLabel(t, agency.level)}</span>
        {agency.kind && agency.kind !== 'people-committee' && <span className="badge tone-info">{kindLabel(t, agency.kind)}</span>}
      </div>
      {(children.get(agency.code) ?? []).length > 0 && <ul>{(children.get(agency.code) ?? []).map((c) => node(c, depth + 1))}</ul>}
    </li>
  );

  return (
    <div className="admin-grid">
      <section className="card">
        <h2>{t('admin.agencyTree')}</h2>
        <ErrorNotice error={list.error} />
        {list.loading && !list.data ? <Loading /> : <ul className="tree" data-testid="agency-tree">{roots.map((r) => node(r, 0))}</ul>}
      </section>
      <section className="card">
        <h2>{t('admin.newAgency')}</h2>
        <form className="form" onSubmit={submit}>
          <label className="field">
            <span>{t('admin.agencyCode')}</span>
            <input value={form.code} onChange={(e) => setForm({ ...form, code: e.target.value })} required placeholder="000.03.23.H40" pattern="[A-Za-z0-9][A-Za-z0-9._-]*" />
          </label>
          <label className="field">
            <span>{t('admin.agencyName')}</span>
            <input value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} required />
          </label>
          <div className="form-row">
            <label className="field">
              <span>{t('panel.level')}</span>
              <select value={form.level} onChange={(e) => setForm({ ...form, level: e.target.value })}>
                {['commune', 'district', 'province'].map((l) => (
                  <option key={l} value={l}>
                    {levelLabel(t, l)}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              <span>{t('admin.agencyKind')}</span>
              <input value={form.kind} onChange={(e) => setForm({ ...form, kind: e.target.value })} placeholder="tax, land-office…" />
            </label>
          </div>
          <label className="field">
            <span>{t('admin.parent')}</span>
            <select value={form.parentCode} onChange={(e) => setForm({ ...form, parentCode: e.target.value })}>
              <option value="">{t('admin.noParent')}</option>
              {agencies.map((a) => (
                <option key={a.code} value={a.code}>
                  {agencyName(agencies, a.code, lang)} ({a.code})
                </option>
              ))}
            </select>
          </label>
          <ErrorNotice error={error} />
          <div className="form-actions">
            <button type="submit" className="btn btn-primary" disabled={busy}>
              {t('admin.create')}
            </button>
          </div>
        </form>
      </section>
    </div>
  );
}

function Users() {
  const { t, lang } = useI18n();
  const { notify } = useToasts();
  const users = useResource(() => api.users(), []);
  const agenciesRes = useResource(() => loadAgencies(), []);
  const agencies = agenciesRes.data ?? [];
  const [form, setForm] = useState({ username: '', password: '', fullName: '', agencyCode: '', roles: [] as string[], extraRole: '' });
  const [editing, setEditing] = useState<User | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const knownRoles = useMemo(() => {
    const set = new Set<string>(BUILT_IN_ROLES);
    for (const u of users.data ?? []) for (const r of u.roles) set.add(r);
    return [...set];
  }, [users.data]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const roles = [...form.roles, ...form.extraRole.split(',').map((r) => r.trim()).filter(Boolean)];
    try {
      await api.createUser({ username: form.username.trim(), password: form.password, fullName: form.fullName.trim(), agencyCode: form.agencyCode, roles });
      notify({ kind: 'success', title: t('admin.userCreated', { name: form.username }) });
      setForm({ username: '', password: '', fullName: '', agencyCode: form.agencyCode, roles: [], extraRole: '' });
      await users.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="admin-grid">
      <section className="card">
        <h2>{t('admin.users')}</h2>
        <ErrorNotice error={users.error} />
        {users.loading && !users.data ? (
          <Loading />
        ) : (
          <table className="table compact">
            <thead>
              <tr>
                <th>{t('login.username')}</th>
                <th>{t('admin.fullName')}</th>
                <th>{t('dossier.agency')}</th>
                <th>{t('admin.roles')}</th>
                <th>{t('admin.status')}</th>
                <th>{t('admin.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {(users.data ?? []).map((u) => (
                <tr key={u.username}>
                  <td className="mono">{u.username}</td>
                  <td>{u.fullName}</td>
                  <td>{agencyName(agencies, u.agencyCode, lang)}</td>
                  <td>
                    {u.roles.map((r) => (
                      <span key={r} className="badge tone-muted">
                        {roleLabel(t, r)}
                      </span>
                    ))}
                  </td>
                  <td>
                    <span className={u.active ? 'badge tone-success' : 'badge tone-danger'} data-testid={`user-status-${u.username}`}>
                      {t(u.active ? 'admin.active' : 'admin.disabled')}
                    </span>
                  </td>
                  <td>
                    <button type="button" className="btn btn-sm" onClick={() => setEditing(u)} data-testid={`edit-user-${u.username}`}>
                      {t('admin.edit')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {editing && (
        <UserEditDialog
          user={editing}
          agencies={agencies}
          knownRoles={knownRoles}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            void users.reload();
          }}
        />
      )}
      <section className="card">
        <h2>{t('admin.newUser')}</h2>
        <form className="form" onSubmit={submit}>
          <div className="form-row">
            <label className="field">
              <span>{t('login.username')}</span>
              <input value={form.username} onChange={(e) => setForm({ ...form, username: e.target.value })} required autoComplete="off" />
            </label>
            <label className="field">
              <span>{t('login.password')}</span>
              <input type="password" value={form.password} onChange={(e) => setForm({ ...form, password: e.target.value })} required minLength={6} autoComplete="new-password" />
            </label>
          </div>
          <label className="field">
            <span>{t('admin.fullName')}</span>
            <input value={form.fullName} onChange={(e) => setForm({ ...form, fullName: e.target.value })} required />
          </label>
          <label className="field">
            <span>{t('dossier.agency')}</span>
            <select value={form.agencyCode} onChange={(e) => setForm({ ...form, agencyCode: e.target.value })} required>
              <option value="">{t('admin.chooseAgency')}</option>
              {agencies.map((a) => (
                <option key={a.code} value={a.code}>
                  {agencyName(agencies, a.code, lang)} ({a.code})
                </option>
              ))}
            </select>
          </label>
          <fieldset>
            <legend>{t('admin.roles')}</legend>
            <div className="checks">
              {knownRoles.map((r) => (
                <label key={r} className="check">
                  <input
                    type="checkbox"
                    checked={form.roles.includes(r)}
                    onChange={(e) => setForm({ ...form, roles: e.target.checked ? [...form.roles, r] : form.roles.filter((x) => x !== r) })}
                  />
                  {roleLabel(t, r)}
                </label>
              ))}
            </div>
            <label className="field">
              <span>{t('admin.newRole')}</span>
              <input value={form.extraRole} onChange={(e) => setForm({ ...form, extraRole: e.target.value })} placeholder="legal-review" />
            </label>
          </fieldset>
          <ErrorNotice error={error} />
          <div className="form-actions">
            <button type="submit" className="btn btn-primary" disabled={busy}>
              {t('admin.create')}
            </button>
          </div>
        </form>
      </section>
    </div>
  );
}

function CalendarEditor() {
  const now = useServerNow();
  if (!now) return <Loading />;
  return <CalendarYearEditor initialYear={Number(currentCalendar().localDate(now).slice(0, 4))} />;
}

function CalendarYearEditor({ initialYear }: { initialYear: number }) {
  const { t, lang } = useI18n();
  const { notify } = useToasts();
  const [year, setYear] = useState(initialYear);
  const [holidays, setHolidays] = useState<Set<string>>(new Set());
  const [workingDays, setWorkingDays] = useState<Set<string>>(new Set());
  const [loaded, setLoaded] = useState(false);
  const [dirty, setDirty] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const load = async (y: number) => {
    setLoaded(false);
    setError(null);
    try {
      const effective = await api.calendar(y);
      setHolidays(new Set(effective.holidays));
      setWorkingDays(new Set(effective.workingDays));
      setDirty(false);
    } catch (e) {
      setError(e);
    } finally {
      setLoaded(true);
    }
  };
  useEffect(() => {
    void load(year);
  }, [year]);

  const names = useMemo(() => {
    const map = new Map<string, string>();
    for (const h of defaultHolidays(year)) map.set(h.date, lang === 'vi' ? h.name : h.nameEn);
    return map;
  }, [year, lang]);
  const preview = useMemo(() => new WorkingCalendar({ overrides: [{ year, holidays: [...holidays], workingDays: [...workingDays] }] }), [year, holidays, workingDays]);

  const toggle = (date: string) => {
    const weekend = weekdayOf(date) >= 6;
    if (weekend) {
      const next = new Set(workingDays);
      if (next.has(date)) next.delete(date);
      else next.add(date);
      setWorkingDays(next);
    } else {
      const next = new Set(holidays);
      if (next.has(date)) next.delete(date);
      else next.add(date);
      setHolidays(next);
    }
    setDirty(true);
  };

  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.saveCalendar(year, { holidays: [...holidays].sort(), workingDays: [...workingDays].sort() });
      forgetCalendarYear(year);
      notify({ kind: 'success', title: t('admin.calendarSaved', { year }) });
      await load(year);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const restoreDefaults = () => {
    setHolidays(new Set(defaultHolidays(year).map((h) => h.date)));
    setWorkingDays(new Set());
    setDirty(true);
  };

  const workingCount = useMemo(() => {
    let n = 0;
    for (let m = 1; m <= 12; m++) {
      const days = new Date(Date.UTC(year, m, 0)).getUTCDate();
      for (let d = 1; d <= days; d++) if (preview.isWorkingDay(`${year}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`)) n++;
    }
    return n;
  }, [preview, year]);

  return (
    <section className="card calendar-editor" data-testid="calendar-editor">
      <div className="calendar-toolbar">
        <button type="button" className="btn btn-sm" onClick={() => setYear(year - 1)} aria-label={t('admin.prevYear')}>
          <Icon name="left" />
        </button>
        <strong className="year">{year}</strong>
        <button type="button" className="btn btn-sm" onClick={() => setYear(year + 1)} aria-label={t('admin.nextYear')}>
          <Icon name="right" />
        </button>
        <span className="muted">{t('admin.calendarSummary', { off: holidays.size, makeUp: workingDays.size, working: workingCount })}</span>
        <span className="spacer" />
        <button type="button" className="btn" onClick={restoreDefaults}>
          {t('admin.restoreDefaults')}
        </button>
        <button type="button" className="btn btn-primary" onClick={save} disabled={!dirty || busy}>
          {t('common.save')}
        </button>
      </div>
      <p className="muted small">{t('admin.calendarHelp')}</p>
      <ErrorNotice error={error} />
      {!loaded ? (
        <Loading />
      ) : (
        <div className="year-grid">
          {Array.from({ length: 12 }, (_, i) => (
            <MonthGrid
              key={i}
              year={year}
              month={i + 1}
              cell={(date) => {
                const weekend = weekdayOf(date) >= 6;
                const off = !preview.isWorkingDay(date);
                const cls = holidays.has(date) ? 'holiday' : workingDays.has(date) ? 'makeup' : weekend ? 'weekend' : '';
                return {
                  off,
                  className: cls,
                  title: holidays.has(date) ? (names.get(date) ?? t('admin.dayOff')) : workingDays.has(date) ? t('admin.makeUpDay') : undefined,
                  onClick: () => toggle(date),
                };
              }}
            />
          ))}
        </div>
      )}
      <div className="legend">
        <span className="legend-item holiday">{t('admin.legendHoliday')}</span>
        <span className="legend-item makeup">{t('admin.legendMakeUp')}</span>
        <span className="legend-item weekend">{t('admin.legendWeekend')}</span>
      </div>
    </section>
  );
}
