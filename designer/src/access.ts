// What the signed-in user may open and press, decided from the actions GET /api/auth/me
// lists in `permissions` — the server's one permission table (server/auth/permissions.ts)
// applied to the user's roles — never from roles of the web app's own. A change of the
// table, or of a user's roles, reaches every screen here without a change to the app.
// Only what the table says the user can never do is hidden; which dossier, which agency
// and which step stay the server's to refuse (403/404), and the screens show its refusal.
import type { Action } from '../../contract/index.js';

/** A key of the dictionaries (i18n/index.tsx's MessageKey, read here without React). */
type MessageKey = keyof typeof import('./i18n/vi.json');

/** May the user attempt this action at all? */
export type Can = (action: Action) => boolean;

/** `can` over a list of permitted actions; nothing is permitted before the list is known. */
export function canFrom(permissions: readonly string[] | null | undefined): Can {
  const permitted = new Set(permissions ?? []);
  return (action) => permitted.has(action);
}

/** A screen opens for whoever may take any one of these actions; none listed: any staff. */
export type Needs = readonly Action[];

export const allows = (needs: Needs | undefined, can: Can): boolean => !needs || needs.length === 0 || needs.some(can);

/** The administration's tabs, each for the action it changes. */
export const ADMIN_TABS = [
  { id: 'co-quan', label: 'admin.agencies', needs: ['agency.manage'] },
  { id: 'nguoi-dung', label: 'admin.users', needs: ['user.manage'] },
  { id: 'lich', label: 'admin.calendar', needs: ['calendar.manage'] },
  { id: 'su-co', label: 'admin.incidents', needs: ['incident.manage'] },
] as const satisfies readonly { id: string; label: MessageKey; needs: Needs }[];

export type AdminTab = (typeof ADMIN_TABS)[number]['id'];

/** The administration opens for whoever may keep any of its tabs. */
export const ADMIN: Needs = ADMIN_TABS.flatMap((tab) => tab.needs);

export interface NavItem {
  href: string;
  label: MessageKey;
  needs: Needs;
}

/** The header's links, in order (the public lookup follows them for everyone). */
export const NAV: readonly NavItem[] = [
  { href: '/viec-can-lam', label: 'nav.inbox', needs: ['task.work'] },
  { href: '/tiep-nhan', label: 'nav.reception', needs: ['dossier.receive'] },
  { href: '/so-theo-doi', label: 'nav.register', needs: ['dossier.read'] },
  { href: '/bao-cao', label: 'nav.dashboard', needs: ['dashboard.read'] },
  { href: '/chi-so-766', label: 'nav.index766', needs: ['index766.read'] },
  // Everyone may read procedures (a dossier's diagram, a link from it); the header leads
  // to the designer those who deploy work in.
  { href: '/quy-trinh', label: 'nav.procedures', needs: ['procedure.deploy'] },
  { href: '/quan-tri', label: 'nav.admin', needs: ADMIN },
];

export const navFor = (can: Can): NavItem[] => NAV.filter((item) => allows(item.needs, can));

/**
 * The first screen after login: the designer for those who deploy procedures, the
 * dashboard for those who oversee without acting on dossiers, the desk for those who
 * receive, the inbox for those who work on steps — any role an admin invents included.
 */
export function homeFor(can: Can): string {
  if (can('procedure.deploy')) return '/quy-trinh';
  if (can('dashboard.read') && !can('dossier.act')) return '/bao-cao';
  if (can('dossier.receive')) return '/tiep-nhan';
  if (can('task.work')) return '/viec-can-lam';
  if (can('dashboard.read')) return '/bao-cao';
  if (can('procedure.read')) return '/quy-trinh';
  return '/tra-cuu';
}

/** Where a dossier's breadcrumb leads back to: the inbox of those who act on it, else the dashboard. */
export function dossierCrumb(can: Can): { href: string; label: MessageKey } {
  return can('dossier.act') || !can('dashboard.read') ? { href: '/viec-can-lam', label: 'nav.inbox' } : { href: '/bao-cao', label: 'nav.dashboard' };
}

/** The buttons on a dossier's page, by the actions the server's routes check. */
export function dossierActions(can: Can) {
  return {
    /** Supplement request, apology, rejection and transfer. */
    act: can('dossier.act'),
    supplement: can('dossier.supplement'),
    returnResult: can('dossier.return'),
    withdraw: can('dossier.withdraw'),
    /** Claiming and completing a step (whose role and agency the server checks too). */
    claim: can('task.work'),
  };
}
