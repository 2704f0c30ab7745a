// Which screen a path shows, and who may see it: a screen names the actions it is for and
// opens for a user whose permissions (GET /api/auth/me) include one of them. Pages are
// loaded on demand: the citizen's lookup page on a phone never downloads bpmn-js or chart.js.
import { lazy, Suspense, useEffect, type ComponentType, type ReactNode } from 'react';
import { ADMIN, allows, homeFor, type Needs } from './access.js';
import { ErrorNotice, Loading } from './components/ErrorNotice.js';
import { Forbidden } from './components/Forbidden.js';
import { Layout } from './components/Layout.js';
import { ToastProvider } from './components/Toasts.js';
import { I18nProvider, useI18n } from './i18n/index.js';
import { LiveProvider } from './live/LiveProvider.js';
import { matchPath, navigate, useLocation } from './router.js';
import { SessionProvider, useSession } from './session.js';
import { useOfficeTime } from './time.js';

const Login = lazy(() => import('./pages/Login.js'));
const Lookup = lazy(() => import('./pages/Lookup.js'));
const OnlineFiling = lazy(() => import('./citizens/OnlineFiling.js'));
const Procedures = lazy(() => import('./pages/Procedures.js'));
const Designer = lazy(() => import('./pages/Designer.js'));
const Inbox = lazy(() => import('./pages/Inbox.js'));
const DossierPage = lazy(() => import('./pages/Dossier.js'));
const Reception = lazy(() => import('./pages/Reception.js'));
const Dashboard = lazy(() => import('./pages/Dashboard.js'));
const Index766 = lazy(() => import('./pages/Index766.js'));
const Statistics = lazy(() => import('./pages/Statistics.js'));
const Admin = lazy(() => import('./pages/Admin.js'));
const Account = lazy(() => import('./pages/Account.js'));
const Register = lazy(() => import('./pages/Register.js'));

interface Route {
  path: string;
  page: ComponentType<{ params: Record<string, string> }>;
  /** Actions it is for (any one opens it); none = any logged-in staff. */
  needs?: Needs;
  public?: boolean;
  /** Full-width content (the designer's canvas). */
  wide?: boolean;
}

const ROUTES: Route[] = [
  { path: '/dang-nhap', page: Login, public: true },
  { path: '/tra-cuu', page: Lookup, public: true },
  // Online filing (issue 17), no login: a procedure, the competent agency, the applicant → a code and secret.
  { path: '/nop-ho-so', page: OnlineFiling, public: true },
  { path: '/quy-trinh', page: Procedures, needs: ['procedure.read'] },
  { path: '/quy-trinh/moi', page: Designer, needs: ['procedure.deploy'], wide: true },
  { path: '/quy-trinh/:key', page: Designer, needs: ['procedure.read'], wide: true },
  { path: '/viec-can-lam', page: Inbox, needs: ['task.work'] },
  { path: '/ho-so/:id', page: DossierPage, needs: ['dossier.read'] },
  { path: '/tiep-nhan', page: Reception, needs: ['dossier.receive'] },
  // The register (Sổ theo dõi hồ sơ): every dossier one may see, by code, name, ID, phone, period.
  { path: '/so-theo-doi', page: Register, needs: ['dossier.read'] },
  { path: '/bao-cao', page: Dashboard, needs: ['dashboard.read'] },
  // The Decision 766 index, its report forms (XLSX, print) and the dossiers that cost points.
  { path: '/chi-so-766', page: Index766, needs: ['index766.read'] },
  // Public statistics: on time by agency and month, no login.
  { path: '/thong-ke', page: Statistics, public: true },
  // Each tab asks for its own action (Admin.tsx).
  { path: '/quan-tri', page: Admin, needs: ADMIN },
  { path: '/quan-tri/:tab', page: Admin, needs: ADMIN },
  // One's own password: every signed-in member of staff.
  { path: '/mat-khau', page: Account },
];

function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}

/** /auth/me did not answer (the server is away): say so and offer to ask again. */
function PermissionsUnknown({ error, retry }: { error: unknown; retry: () => Promise<void> }) {
  const { t } = useI18n();
  return (
    <div className="page-pad" data-testid="permissions-unknown">
      <ErrorNotice error={error} />
      <button type="button" className="btn" onClick={() => void retry()}>
        {t('common.refresh')}
      </button>
    </div>
  );
}

function Screen() {
  const { path } = useLocation();
  const { user, permissions, permissionsError, reloadPermissions, can } = useSession();
  const { t } = useI18n();
  useOfficeTime(!!user);
  // While /auth/me has not answered, no screen, rather than the wrong one.
  const pending = permissionsError ? <PermissionsUnknown error={permissionsError} retry={reloadPermissions} /> : <Loading />;
  let content: ReactNode = null;
  let wide = false;
  let publicPage = false;
  for (const route of ROUTES) {
    const params = matchPath(route.path, path);
    if (!params) continue;
    publicPage = !!route.public;
    wide = !!route.wide;
    if (!route.public && !user) return <Redirect to={`/dang-nhap?next=${encodeURIComponent(path + window.location.search)}`} />;
    if (!route.public && !permissions) {
      content = pending;
    } else if (!route.public && !allows(route.needs, can)) {
      content = <Forbidden />;
    } else {
      const Page = route.page;
      content = <Page params={params} />;
    }
    break;
  }
  if (content === null && (path === '/' || path === '')) {
    if (!user) return <Redirect to="/dang-nhap" />;
    if (permissions) return <Redirect to={homeFor(can)} />;
    content = pending;
  }
  if (content === null) {
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
