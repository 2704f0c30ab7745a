// The frame of every staff screen: who I am, where I can go (by the permissions the
// server sends, access.ts), the live connection, the language. 1366×768 is the office's
// screen: one slim header.
import type { ReactNode } from 'react';
import { navFor } from '../access.js';
import { LanguageSwitch, useI18n, type MessageKey } from '../i18n/index.js';
import { roleLabel } from '../labels.js';
import { useLiveStatus } from '../live/LiveProvider.js';
import { Link, navigate, useLocation } from '../router.js';
import { useSession } from '../session.js';
import { SessionBanner } from './SessionBanner.js';

export function Layout({ children, wide = false }: { children: ReactNode; wide?: boolean }) {
  const { t } = useI18n();
  const { user, logout, can } = useSession();
  const { path } = useLocation();
  const live = useLiveStatus();
  const roles = user ? user.roles.map((r) => roleLabel(t, r)).join(', ') : '';
  const items = user ? navFor(can) : [];
  return (
    <div className="app">
      <header className="topbar">
        <Link href="/" className="brand" aria-label="MộtCửa">
          <span className="brand-mark">M</span>
          <span className="brand-name">MộtCửa</span>
        </Link>
        <nav className="topnav" aria-label={t('nav.label')}>
          {items.map((item) => (
            <Link key={item.href} href={item.href} className={path.startsWith(item.href) ? 'active' : ''}>
              {t(item.label)}
            </Link>
          ))}
          <Link href="/tra-cuu" className={path.startsWith('/tra-cuu') ? 'active' : ''}>
            {t('nav.lookup')}
          </Link>
        </nav>
        <div className="topbar-right">
          <span className={`live-dot live-${live}`} title={t(`live.status.${live}` as MessageKey)} data-testid="live-status" data-status={live}>
            <span className="dot" />
            {t(`live.status.${live}` as MessageKey)}
          </span>
          <LanguageSwitch />
          {user && (
            <div className="who">
              <span className="who-name">{user.fullName || user.username}</span>
              <span className="who-role">{roles === user.fullName ? user.username : roles}</span>
            </div>
          )}
          {user && (
            <Link href="/mat-khau" className="btn btn-ghost btn-sm" data-testid="change-password-link">
              {t('nav.account')}
            </Link>
          )}
          {user && (
            <button
              type="button"
              className="btn btn-ghost btn-sm"
              onClick={() => {
                logout();
                navigate('/dang-nhap');
              }}
            >
              {t('nav.logout')}
            </button>
          )}
        </div>
      </header>
      <SessionBanner />
      <main className={wide ? 'content content-wide' : 'content'}>{children}</main>
    </div>
  );
}

export function PageHeader({ title, subtitle, actions }: { title: string; subtitle?: ReactNode; actions?: ReactNode }) {
  return (
    <div className="page-header">
      <div>
        <h1>{title}</h1>
        {subtitle && <div className="page-subtitle">{subtitle}</div>}
      </div>
      {actions && <div className="page-actions">{actions}</div>}
    </div>
  );
}
