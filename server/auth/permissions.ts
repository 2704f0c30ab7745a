// The one table of who may do what. Roles decide the kind of action; agencies decide
// which dossiers: a clerk sees the dossiers of their agency and those handed to it; a
// manager sees their agency and every agency below it; an admin sees everything.

import type { Knex } from 'knex';
import { ACTIONS, type Action } from '../../contract/index.js';
import { AgencyDirectory } from '../../engine/index.js';
import { agencyTree } from '../store/index.js';
import type { AuthUser } from './tokens.js';

// The action names are the contract's (the web app reads them from GET /auth/me); which
// roles may take each is decided here and nowhere else.
export type { Action } from '../../contract/index.js';

/**
 * In a row: every logged-in member of staff, whatever their roles — also the roles an
 * admin defines for `mc:role` (CONTRACT.md §2), whose holders must read the dossiers of
 * their steps and work on them like anyone else.
 */
export const ANY_STAFF = '*';

/** Roles that may attempt each action (the dossier's agency is checked separately). */
export const PERMISSIONS: Readonly<Record<Action, readonly string[]>> = {
  'procedure.read': [ANY_STAFF],
  'procedure.deploy': ['admin'],
  'dossier.receive': ['reception'],
  'dossier.read': [ANY_STAFF],
  // Supplement requests, rejection, apology, transfer: whoever acts on the dossier.
  'dossier.act': ['reception', 'specialist', 'head', 'leader', 'return'],
  'dossier.supplement': ['reception'],
  'dossier.withdraw': ['reception'],
  'dossier.return': ['reception', 'return'],
  // Documents (issue 16): scans and working files are uploaded by staff acting on the
  // dossier (its agency: assertActsForDossier in engine/dossier/guards.ts); reading them
  // is dossier.read. The electronic result is issued (signed with the agency's
  // certificate) by the same staff.
  'dossier.file': ['reception', 'specialist', 'head', 'leader', 'return'],
  'dossier.result': ['reception', 'specialist', 'head', 'leader', 'return'],
  // The agency's signing certificate (PKCS#12) for electronic results.
  'signing.manage': ['admin'],
  // Claiming and completing: the step's own role and agency decide (the engine checks both).
  'task.work': [ANY_STAFF],
  // A head gives the team's steps to named people (the engine: only of the step's agency, to one with its role).
  'task.assign': ['head'],
  'dashboard.read': ['manager', 'leader', 'admin'],
  // The Decision 766 index and the periodic report forms (CONTRACT.md §6.3: manager, admin).
  'index766.read': ['manager', 'admin'],
  'agency.read': [ANY_STAFF],
  'agency.manage': ['admin'],
  'user.manage': ['admin'],
  // Every clerk's date pickers need the days off; only admins change them.
  'calendar.read': [ANY_STAFF],
  'calendar.manage': ['admin'],
  'clock.manage': ['admin'],
  // Scheduled work that failed for one dossier: seen and retried by an admin.
  'incident.manage': ['admin'],
  // Issue 17: integrations are an admin's; the desk collects fees; managers read the ratings.
  'webhook.manage': ['admin'],
  'payment.record': ['reception', 'return'],
  'rating.read': ['manager', 'leader', 'admin'],
};

export const rolesFor = (action: Action): string[] => [...PERMISSIONS[action]];

const allows = (action: Action, roles: readonly string[]): boolean =>
  PERMISSIONS[action].some((role) => role === ANY_STAFF || roles.includes(role));

export function hasPermission(user: AuthUser, action: Action): boolean {
  return allows(action, user.roles);
}

/** Who may call a route at all; finer checks (which agency, which dossier) are the handler's, through this file. */
export type Access = 'public' | 'staff' | { roles: string[] };

/** A route's `access` from its row of the table, so the routes never list roles themselves. */
export function accessFor(action: Action): Access {
  return PERMISSIONS[action].includes(ANY_STAFF) ? 'staff' : { roles: rolesFor(action) };
}

/** Every action some of `roles` allow: the web app shows only the buttons that will work. */
export function actionsOf(roles: readonly string[]): Action[] {
  return ACTIONS.filter((action) => allows(action, roles));
}

/**
 * Dossier actions taken at a one-stop desk where the citizen comes back: to supplement or
 * withdraw, the desk that received the dossier; to collect the result, the desk the
 * citizen chose at intake (`returnAt`; Decree 118/2025: receiving center, competent agency
 * and return place may differ) — the receiving desk when the result goes by post. A
 * merged desk's work is its successor's. The engine checks the other actions' agencies
 * itself (the task's agency, or an agency holding the dossier).
 */
export const AT_RECEIVING_DESK: ReadonlySet<Action> = new Set<Action>(['dossier.supplement', 'dossier.withdraw', 'dossier.return']);

/** Where each desk action is done today: the agency codes (successors of merged ones) of `engine/dossier/places.ts`. */
export interface DossierDesks {
  receivingDesk: string;
  returnDesk: string;
}

/** The desk an AT_RECEIVING_DESK action is done at. */
export function deskFor(action: Action, desks: DossierDesks): string {
  return action === 'dossier.return' ? desks.returnDesk : desks.receivingDesk;
}

/** Why `user` may not take `action` on this dossier, or null when nothing here forbids it. */
export function dossierActionRefusal(user: AuthUser, action: Action, dossier: DossierDesks): 'ROLE' | 'AGENCY' | null {
  if (!hasPermission(user, action)) return 'ROLE';
  if (AT_RECEIVING_DESK.has(action) && user.agencyCode !== deskFor(action, dossier)) return 'AGENCY';
  return null;
}

export interface DossierPlaces {
  id: string;
  receivingAgency: string;
  holdingAgency: string;
  /** The agency competent to decide (Decree 118/2025): it sees the dossier from intake on. */
  competentAgency?: string;
}

/**
 * Agencies whose dossiers `user` may see: own agency; for managers and admins, the subtree
 * too; and every agency merged into one of those (the 2025 reorganisation: the merged
 * agency's staff carry on its predecessors' dossiers, open and closed).
 */
export async function visibleAgencies(knex: Knex | Knex.Transaction, user: AuthUser): Promise<Set<string> | 'all'> {
  if (user.roles.includes('admin')) return 'all';
  if (!user.roles.includes('manager') && !user.roles.includes('leader')) return withPredecessors(knex, [user.agencyCode]);
  const directory = new AgencyDirectory(await agencyTree(knex));
  const own = directory.subtree(user.agencyCode);
  return new Set([...own, ...own.flatMap((code) => directory.predecessorsOf(code))]);
}

/** `codes` and the agencies merged into them, through chains: one indexed lookup per link (none merged: one empty read). */
async function withPredecessors(knex: Knex | Knex.Transaction, codes: string[]): Promise<Set<string>> {
  const out = new Set(codes);
  let frontier = codes;
  while (frontier.length > 0) {
    const rows: Array<{ code: string }> = await knex('agencies').whereIn('merged_into', frontier).select('code');
    frontier = rows.map((r) => r.code).filter((code) => !out.has(code));
    for (const code of frontier) out.add(code);
  }
  return out;
}

/**
 * May `user` see this dossier? Yes if it was received by, is held by, is for the decision
 * of (competent), or ever had a task at an agency the user sees. A forbidden read must answer 403/404, never data.
 */
export async function canSeeDossier(knex: Knex | Knex.Transaction, user: AuthUser, dossier: DossierPlaces): Promise<boolean> {
  const visible = await visibleAgencies(knex, user);
  if (visible === 'all') return true;
  if (visible.has(dossier.receivingAgency) || visible.has(dossier.holdingAgency)) return true;
  if (dossier.competentAgency !== undefined && visible.has(dossier.competentAgency)) return true;
  const row = await knex('tasks').where({ dossier_id: dossier.id }).whereIn('agency_code', [...visible]).first('id');
  return row !== undefined;
}

/**
 * The same rule as `canSeeDossier`, as a filter on a `dossiers` query (the dossier list):
 * keep the two side by side so they cannot drift apart.
 */
export function whereDossierVisible(query: Knex.QueryBuilder, visible: Set<string> | 'all'): Knex.QueryBuilder {
  if (visible === 'all') return query;
  const agencies = [...visible];
  return query.where((q) => {
    q.whereIn('dossiers.receiving_agency', agencies)
      .orWhereIn('dossiers.holding_agency', agencies)
      .orWhereIn('dossiers.competent_agency', agencies)
      .orWhereExists((sub) => {
        sub.select(1).from('tasks').whereRaw('tasks.dossier_id = dossiers.id').whereIn('tasks.agency_code', agencies);
      });
  });
}
