// An admin edits one account (PATCH /api/users/:username): full name, agency, roles,
// active (untick to disable), and a new password (a reset). Only what changed is sent;
// a change of access ends the account's sessions on the server within seconds.
import { useState, type FormEvent } from 'react';
import { PASSWORD_MIN_LENGTH, passwordWeakness } from '../../../contract/index.js';
import { api } from '../api/endpoints.js';
import type { Agency, User, UserChanges } from '../api/types.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { Modal } from '../components/Modal.js';
import { useToasts } from '../components/Toasts.js';
import { useI18n } from '../i18n/index.js';
import { roleLabel } from '../labels.js';
import { agencyName } from '../reference.js';

const sameRoles = (a: readonly string[], b: readonly string[]) => JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());

export function UserEditDialog({
  user,
  agencies,
  knownRoles,
  onClose,
  onSaved,
}: {
  user: User;
  agencies: Agency[];
  knownRoles: string[];
  onClose(): void;
  onSaved(): void;
}) {
  const { t, lang } = useI18n();
  const { notify } = useToasts();
  const [form, setForm] = useState({ fullName: user.fullName, agencyCode: user.agencyCode, roles: [...user.roles], active: user.active, password: '' });
  const [error, setError] = useState<unknown>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const roles = [...new Set([...knownRoles, ...user.roles])];

  const save = async (event?: FormEvent) => {
    event?.preventDefault();
    setError(null);
    setProblem(null);
    const changes: UserChanges = {};
    if (form.fullName.trim() !== user.fullName) changes.fullName = form.fullName.trim();
    if (form.agencyCode !== user.agencyCode) changes.agencyCode = form.agencyCode;
    if (!sameRoles(form.roles, user.roles)) changes.roles = form.roles;
    if (form.active !== user.active) changes.active = form.active;
    if (form.password) {
      if (passwordWeakness(form.password, user.username)) return setProblem(t('account.weak'));
      changes.password = form.password;
    }
    if (Object.keys(changes).length === 0) return onClose();
    setBusy(true);
    try {
      await api.updateUser(user.username, changes);
      notify({ kind: 'success', title: t('admin.userSaved', { name: user.username }) });
      onSaved();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      title={t('admin.editUser', { name: user.username })}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="button" className="btn btn-primary" onClick={() => void save()} disabled={busy} data-testid="save-user">
            {t('common.save')}
          </button>
        </>
      }
    >
      <form className="form" onSubmit={save} data-testid="edit-user">
        <label className="field">
          <span>{t('admin.fullName')}</span>
          <input name="fullName" value={form.fullName} onChange={(e) => setForm({ ...form, fullName: e.target.value })} required />
        </label>
        <label className="field">
          <span>{t('dossier.agency')}</span>
          <select name="agencyCode" value={form.agencyCode} onChange={(e) => setForm({ ...form, agencyCode: e.target.value })}>
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
            {roles.map((r) => (
              <label key={r} className="check">
                <input
                  type="checkbox"
                  name={`role-${r}`}
                  checked={form.roles.includes(r)}
                  onChange={(e) => setForm({ ...form, roles: e.target.checked ? [...form.roles, r] : form.roles.filter((x) => x !== r) })}
                />
                {roleLabel(t, r)}
              </label>
            ))}
          </div>
        </fieldset>
        <label className="check">
          <input type="checkbox" name="active" checked={form.active} onChange={(e) => setForm({ ...form, active: e.target.checked })} />
          {t('admin.activeLabel')}
        </label>
        <label className="field">
          <span>{t('admin.resetPassword')}</span>
          <input name="password" type="password" autoComplete="new-password" minLength={PASSWORD_MIN_LENGTH} value={form.password} onChange={(e) => setForm({ ...form, password: e.target.value })} />
        </label>
        <p className="muted">{t('admin.sessionsEnd')}</p>
        {problem && (
          <div className="notice notice-danger" role="alert">
            {problem}
          </div>
        )}
        <ErrorNotice error={error} />
      </form>
    </Modal>
  );
}
