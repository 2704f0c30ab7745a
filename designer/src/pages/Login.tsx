import { useState, type FormEvent } from 'react';
import { errorText } from '../components/ErrorNotice.js';
import { LanguageSwitch, useI18n } from '../i18n/index.js';
import { Link, navigate, useLocation } from '../router.js';
import { homeFor } from '../access.js';
import { useSession } from '../session.js';

export default function Login() {
  const { t, lang } = useI18n();
  const { login, expired, user } = useSession();
  const { search } = useLocation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { can } = await login(username.trim(), password);
      const next = search.get('next');
      navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : homeFor(can), { replace: true });
    } catch (e) {
      setError(errorText(e, lang));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="login-page">
      <div className="login-card">
        <div className="login-head">
          <span className="brand-mark big">M</span>
          <div>
            <h1>MộtCửa</h1>
            <p>{t('login.tagline')}</p>
          </div>
        </div>
        {expired && !user && <div className="notice notice-warning">{t('login.expired')}</div>}
        <form onSubmit={submit} className="form">
          <label className="field">
            <span>{t('login.username')}</span>
            <input name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required autoFocus />
          </label>
          <label className="field">
            <span>{t('login.password')}</span>
            <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
          </label>
          {error && (
            <div className="notice notice-danger" role="alert">
              {error}
            </div>
          )}
          <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
            {busy ? t('common.wait') : t('login.submit')}
          </button>
        </form>
        <div className="login-foot">
          <Link href="/tra-cuu">{t('login.lookup')}</Link>
          <LanguageSwitch />
        </div>
      </div>
      <p className="login-legal">{t('login.legal')}</p>
    </div>
  );
}
