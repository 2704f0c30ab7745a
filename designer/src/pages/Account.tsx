// One's own password (POST /api/auth/password), for every signed-in member of staff. The
// same strength rule as the server (contract/requests.ts `passwordWeakness`) is checked
// before sending; the server has the last word. This page keeps its session with the
// fresh token the answer carries; every other session of the account ends.
import { useState, type FormEvent } from 'react';
import { PASSWORD_MIN_LENGTH, passwordWeakness } from '../../../contract/index.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { PageHeader } from '../components/Layout.js';
import { useToasts } from '../components/Toasts.js';
import { useI18n } from '../i18n/index.js';
import { useSession } from '../session.js';

export default function Account() {
  const { t } = useI18n();
  const { user, changePassword } = useSession();
  const { notify } = useToasts();
  const [form, setForm] = useState({ current: '', next: '', confirm: '' });
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setProblem(null);
    if (form.next !== form.confirm) return setProblem(t('account.mismatch'));
    if (passwordWeakness(form.next, user?.username)) return setProblem(t('account.weak'));
    setBusy(true);
    try {
      await changePassword(form.current, form.next);
      setForm({ current: '', next: '', confirm: '' });
      notify({ kind: 'success', title: t('account.changed') });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="page-pad">
      <PageHeader title={t('account.title')} subtitle={user ? `${user.fullName} (${user.username})` : undefined} />
      <section className="card" style={{ maxWidth: 520 }}>
        <form className="form" onSubmit={submit} data-testid="change-password">
          {/* A hidden username lets password managers file the new password under the right account. */}
          <input type="text" name="username" autoComplete="username" value={user?.username ?? ''} readOnly hidden />
          <label className="field">
            <span>{t('account.current')}</span>
            <input name="current" type="password" autoComplete="current-password" required value={form.current} onChange={(e) => setForm({ ...form, current: e.target.value })} />
          </label>
          <label className="field">
            <span>{t('account.next')}</span>
            <input name="next" type="password" autoComplete="new-password" required minLength={PASSWORD_MIN_LENGTH} value={form.next} onChange={(e) => setForm({ ...form, next: e.target.value })} />
          </label>
          <label className="field">
            <span>{t('account.confirm')}</span>
            <input name="confirm" type="password" autoComplete="new-password" required value={form.confirm} onChange={(e) => setForm({ ...form, confirm: e.target.value })} />
          </label>
          <p className="muted">{t('account.rule', { minLength: PASSWORD_MIN_LENGTH })}</p>
          {problem && (
            <div className="notice notice-danger" role="alert">
              {problem}
            </div>
          )}
          <ErrorNotice error={error} />
          <div className="form-actions">
            <button type="submit" className="btn btn-primary" disabled={busy}>
              {t('account.submit')}
            </button>
          </div>
        </form>
      </section>
    </div>
  );
}
