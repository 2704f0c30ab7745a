// Which screen a path shows, and who may see it. Pages are loaded on demand: the
// citizen's lookup page on a phone never downloads bpmn-js or chart.js.
import { lazy, Suspense, useEffect, type ComponentType, type ReactNode } from 'react';
import { Loading } from './components/ErrorNotice.js';
import { Layout } from './components/Layout.js';
import { ToastProvider } from './components/Toasts.js';
import { I18nProvider, useI18n } from './i18n/index.js';
import { LiveProvider } from './live/LiveProvider.js';
import { matchPath, navigate, useLocation } from './router.js';
import { homeFor, SessionProvider, useSession } from './session.js';
import { useOfficeTime } from './time.js';

const Login = lazy(() => import('./pages/Login.js'));
const Lookup = lazy(() => import('./pages/Lookup.js'));
const Procedures = lazy(() => import('./pages/Procedures.js'));
const Designer = lazy(() => import('./pages/Designer.js'));
const Inbox = lazy(() => import('./pages/Inbox.js'));
const DossierPage = lazy(() => import('./pages/Dossier.js'));
const Reception = lazy(() => import('./pages/Reception.js'));
const Dashboard = lazy(() => import('./pages/Dashboard.js'));
const Admin = lazy(() => import('./pages/Admin.js'));

interface Route {
  path: string;
  page: ComponentType<{ params: Record<string, string> }>;
  /** Roles that may open it; empty = any logged-in staff. */
  roles?: string[];
  public?: boolean;
  /** Full-width content (the designer's canvas). */
  wide?: boolean;
}

const ROUTES: Route[] = [
  { path: '/dang-nhap', page: Login, public: true },
  { path: '/tra-cuu', page: Lookup, public: true },
  { path: '/quy-trinh', page: Procedures },
  { path: '/quy-trinh/moi', page: Designer, roles: ['admin'], wide: true },
  { path: '/quy-trinh/:key', page: Designer, wide: true },
  { path: '/viec-can-lam', page: Inbox },
  { path: '/ho-so/:id', page: DossierPage },
  { path: '/tiep-nhan', page: Reception, roles: ['reception'] },
  { path: '/bao-cao', page: Dashboard, roles: ['manager', 'leader', 'admin'] },
  { path: '/quan-tri', page: Admin, roles: ['admin'] },
  { path: '/quan-tri/:tab', page: Admin, roles: ['admin'] },
];

function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}

function Screen() {
  const { path } = useLocation();
  const { user } = useSession();
  const { t } = useI18n();
  useOfficeTime(!!user);
  let content: ReactNode = null;
  let wide = false;
  let publicPage = false;
  for (const route of ROUTES) {
    const params = matchPath(route.path, path);
    if (!params) continue;
    publicPage = !!route.public;
    wide = !!route.wide;
    if (!route.public && !user) return <Redirect to={`/dang-nhap?next=${encodeURIComponent(path + window.location.search)}`} />;
    if (route.roles && user && !route.roles.some((r) => user.roles.includes(r))) {
      content = (
        <div className="notice notice-warning">
          <strong>{t('error.forbidden')}</strong> {t('error.forbiddenPage')}
        </div>
      );
    } else {
      const Page = route.page;
      content = <Page params={params} />;
    }
    break;
  }
  if (content === null) {
    if (path === '/' || path === '') return <Redirect to={user ? homeFor(user) : '/dang-nhap'} />;
    content = (
      <div className="notice notice-warning">
        <strong>{t('error.notFound')}</strong> {t('error.notFoundPage')}
      </div>
    );
  }
  const body = <Suspense fallback={<Loading />}>{content}</Suspense>;
  if (publicPage) return body;
  return <Layout wide={wide}>{body}</Layout>;
}

export function App() {
  return (
    <I18nProvider>
      <ToastProvider>
        <SessionProvider>
          <LiveProvider>
            <Screen />
          </LiveProvider>
        </SessionProvider>
      </ToastProvider>
    </I18nProvider>
  );
}
