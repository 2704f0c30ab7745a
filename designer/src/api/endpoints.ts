// One typed function per REST route the web app calls (CONTRACT.md §3), so a screen never
// builds a URL by hand.
import type { AssignCandidate, DossierRegisterPage, IncidentView } from '../../../contract/index.js';
import type { Index766, PublicStatistics } from '../../../contract/index.js';
import { itemsOf, query, request, requestTimed } from './client.js';
import type {
  Agency,
  CalendarYear,
  Dashboard,
  DeployResult,
  Dossier,
  LoginResult,
  Me,
  RefreshResult,
  NewUser,
  PaperForm,
  ProcedureDetail,
  ProcedureSummary,
  PublicDossier,
  ReceiveRequest,
  ReceiveResult,
  Task,
  User,
  UserChanges,
} from './types.js';

type List<T> = T[] | { items: T[]; total?: number };

/** The most tasks the inbox reads, page by page (an inbox larger than this is filtered, not scrolled). */
const MAX_INBOX = 5_000;

export interface DeployRecord {
  note?: string;
  decision?: string;
  effectiveFrom?: string;
  overLimitReason?: string;
}

export interface ProcedureDraft {
  procedureKey: string;
  xml: string;
  baseVersion: number | null;
  savedAt: string;
}

export const api = {
  login: (username: string, password: string) => request<LoginResult>('POST', '/auth/login', { username, password }),
  refresh: () => request<RefreshResult>('POST', '/auth/refresh'),
  /** Who is signed in and what the permission table lets them do (the screens show only that). */
  me: () => request<Me>('GET', '/auth/me'),
  health: () => request<{ ok: boolean; now: string; database: string }>('GET', '/health'),

  procedures: async () => itemsOf(await request<List<ProcedureSummary>>('GET', '/procedures')),
  procedure: (key: string) => request<ProcedureDetail>('GET', `/procedures/${encodeURIComponent(key)}`),
  procedureVersion: (key: string, version: number) =>
    request<ProcedureDetail>('GET', `/procedures/${encodeURIComponent(key)}/versions/${version}`),
  /** `record`: the change note, the approving decision and its effective date, and the reason to exceed the legal limit (issue 20). */
  deploy: (xml: string, record: DeployRecord = {}) => {
    const query = new URLSearchParams(Object.entries(record).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== '')).toString();
    return request<DeployResult>('POST', `/procedures${query ? `?${query}` : ''}`, xml, { contentType: 'application/xml' });
  },
  draft: (key: string) => request<ProcedureDraft>('GET', `/procedure-drafts/${encodeURIComponent(key)}`),
  saveDraft: (key: string, xml: string, baseVersion: number | null) =>
    request<{ procedureKey: string; savedAt: string }>('PUT', `/procedure-drafts/${encodeURIComponent(key)}`, { xml, baseVersion }),
  deleteDraft: (key: string) => request<{ deleted: boolean }>('DELETE', `/procedure-drafts/${encodeURIComponent(key)}`),

  receive: (body: ReceiveRequest) => request<ReceiveResult>('POST', '/dossiers', body),
  dossier: (id: string) => request<Dossier>('GET', `/dossiers/${encodeURIComponent(id)}`),
  /** The dossier and the server's instant its tasks' deadline states were judged at. */
  dossierAt: async (id: string) => {
    const { body, serverTime } = await requestTimed<Dossier>('GET', `/dossiers/${encodeURIComponent(id)}`);
    return { dossier: body, at: serverTime };
  },
  dossiers: async (params: Record<string, string | undefined> = {}) =>
    itemsOf(await request<List<Dossier>>('GET', `/dossiers${query(params)}`)),
  /** One page of the register (Sổ theo dõi hồ sơ): `q`, `status`, `procedure`, `from`, `to` (local dates), `limit`, `offset`. */
  register: (params: Record<string, string | number | undefined>) => request<DossierRegisterPage>('GET', `/dossiers${query(params)}`),
  supplementRequest: (id: string, reason: string, items: string[], bringBy?: string | null) =>
    request<unknown>('POST', `/dossiers/${encodeURIComponent(id)}/supplement-request`, { reason, items, ...(bringBy ? { bringBy } : {}) }),
  supplement: (id: string, items: string[]) => request<unknown>('POST', `/dossiers/${encodeURIComponent(id)}/supplement`, { items }),
  reject: (id: string, reason: string) => request<unknown>('POST', `/dossiers/${encodeURIComponent(id)}/reject`, { reason }),
  withdraw: (id: string, reason?: string) => request<unknown>('POST', `/dossiers/${encodeURIComponent(id)}/withdraw`, { reason }),
  apologize: (id: string, reason: string, newAppointmentAt: string) =>
    request<unknown>('POST', `/dossiers/${encodeURIComponent(id)}/apologize`, { reason, newAppointmentAt }),
  returnResult: (id: string, comment?: string) => request<unknown>('POST', `/dossiers/${encodeURIComponent(id)}/return`, { comment }),
  form: (id: string, form: PaperForm) =>
    request<string>('GET', `/dossiers/${encodeURIComponent(id)}/forms/${form}`, undefined, { text: true }),

  /** The inbox and the server's instant its `remainingWorkingMinutes` were counted at (null if it did not say). */
  tasks: async (params: { state?: string; procedure?: string; agency?: string; scope?: 'mine' | 'team' } = {}) => {
    // Paged (at most 500 a page): the inbox reads on while the server says there is more.
    const first = await requestTimed<List<Task>>('GET', `/tasks${query(params)}`);
    const items = itemsOf(first.body);
    const total = Array.isArray(first.body) ? items.length : (first.body.total ?? items.length);
    while (items.length < total && items.length < MAX_INBOX) {
      const page = await request<List<Task>>('GET', `/tasks${query({ ...params, offset: items.length })}`);
      const more = itemsOf(page);
      if (more.length === 0) break;
      items.push(...more);
    }
    return { items, at: first.serverTime };
  },
  claim: (taskId: string) => request<unknown>('POST', `/tasks/${encodeURIComponent(taskId)}/claim`, {}),
  /** A head: who may get the task, and giving it to one of them. */
  candidates: async (taskId: string) => itemsOf(await request<List<AssignCandidate>>('GET', `/tasks/${encodeURIComponent(taskId)}/candidates`)),
  assign: (taskId: string, username: string) => request<unknown>('POST', `/tasks/${encodeURIComponent(taskId)}/assign`, { username }),
  complete: (taskId: string, body: { outcome?: string; comment?: string; data?: Record<string, unknown> }) =>
    request<unknown>('POST', `/tasks/${encodeURIComponent(taskId)}/complete`, body),
  transfer: (dossierId: string, taskId: string, toAgency: string, reason?: string) =>
    request<unknown>('POST', `/dossiers/${encodeURIComponent(dossierId)}/transfer`, { taskId, toAgency, reason }),

  dashboard: (params: { from?: string; to?: string; agency?: string; procedure?: string } = {}) =>
    request<Dashboard>('GET', `/dashboard${query(params)}`),

  /** The Decision 766 index (manager, admin) for a period, by agency, procedure, month, with the dossiers that cost points. */
  index766: (params: { from?: string; to?: string; agency?: string; procedure?: string } = {}) =>
    request<Index766>('GET', `/index766${query(params)}`),
  /** Public statistics: on time by agency and month (no login). */
  publicStatistics: (year?: number) => request<PublicStatistics>('GET', `/public/statistics${query({ year })}`),

  lookup: (code: string, secret: string) =>
    request<PublicDossier>('GET', `/public/dossiers/${encodeURIComponent(code)}${query({ secret })}`),

  calendar: (year: number) => request<CalendarYear>('GET', `/calendar/${year}`),
  saveCalendar: (year: number, body: { holidays: string[]; workingDays: string[] }) =>
    request<CalendarYear>('PUT', `/calendar/${year}`, body),

  agencies: async () => itemsOf(await request<List<Agency>>('GET', '/agencies')),
  createAgency: (body: { code: string; name: string; level: string; parentCode?: string; kind?: string }) =>
    request<Agency>('POST', '/agencies', body),
  users: async () => itemsOf(await request<List<User>>('GET', '/users')),
  createUser: (body: NewUser) => request<User>('POST', '/users', body),
  /** An admin changes an account (roles, agency, active, a new password): its sessions end. */
  updateUser: (username: string, changes: UserChanges) => request<User>('PATCH', `/users/${encodeURIComponent(username)}`, changes),
  /** One's own password: answers a fresh token for this session (the others end). */
  changePassword: (current: string, next: string) => request<RefreshResult>('POST', '/auth/password', { current, next }),

  /** Scheduled work that failed for one dossier (admin). */
  incidents: (state: 'open' | 'all' = 'open') =>
    request<{ items: IncidentView[]; total: number }>('GET', `/admin/incidents${query({ state, limit: 200 })}`),
  retryIncident: (id: number) =>
    request<{ incident: IncidentView; resolved: boolean }>('POST', `/admin/incidents/${id}/retry`, {}),
};
