// The one table of who may do what. Roles decide the kind of action; agencies decide
// which dossiers: a clerk sees the dossiers of their agency and those handed to it; a
// manager sees their agency and every agency below it; an admin sees everything.

import type { Knex } from 'knex';
import { AgencyDirectory } from '../../engine/index.js';
import { agencyTree } from '../store/index.js';
import type { AuthUser } from './tokens.js';

export type Action =
  | 'procedure.read'
  | 'procedure.deploy'
  | 'dossier.receive'
  | 'dossier.read'
  | 'dossier.act'
  | 'dossier.supplement'
  | 'dossier.withdraw'
  | 'dossier.return'
  | 'dashboard.read'
  | 'agency.read'
  | 'agency.manage'
  | 'user.manage'
  | 'calendar.manage'
  | 'clock.manage';

const STAFF = ['reception', 'specialist', 'head', 'leader', 'return', 'manager', 'admin'];

/** Roles that may attempt each action (the dossier's agency is checked separately). */
export const PERMISSIONS: Readonly<Record<Action, readonly string[]>> = {
  'procedure.read': STAFF,
  'procedure.deploy': ['admin'],
  'dossier.receive': ['reception'],
  'dossier.read': STAFF,
  // Supplement requests, rejection, apology, transfer: whoever acts on the dossier.
  'dossier.act': ['reception', 'specialist', 'head', 'leader', 'return'],
  'dossier.supplement': ['reception'],
  'dossier.withdraw': ['reception'],
  'dossier.return': ['reception', 'return'],
  'dashboard.read': ['manager', 'leader', 'admin'],
  'agency.read': STAFF,
  'agency.manage': ['admin'],
  'user.manage': ['admin'],
  'calendar.manage': ['admin'],
  'clock.manage': ['admin'],
};

export const rolesFor = (action: Action): string[] => [...PERMISSIONS[action]];

export function hasPermission(user: AuthUser, action: Action): boolean {
  return PERMISSIONS[action].some((role) => user.roles.includes(role));
}

export interface DossierPlaces {
  id: string;
  receivingAgency: string;
  holdingAgency: string;
}

/** Agencies whose dossiers `user` may see: own agency; for managers and admins, the subtree too. */
export async function visibleAgencies(knex: Knex | Knex.Transaction, user: AuthUser): Promise<Set<string> | 'all'> {
  if (user.roles.includes('admin')) return 'all';
  if (!user.roles.includes('manager') && !user.roles.includes('leader')) return new Set([user.agencyCode]);
  const directory = new AgencyDirectory(await agencyTree(knex));
  return new Set(directory.subtree(user.agencyCode));
}

/**
 * May `user` see this dossier? Yes if it was received by, is held by, or ever had a
 * task at an agency the user sees. A forbidden read must answer 403/404, never data.
 */
export async function canSeeDossier(knex: Knex | Knex.Transaction, user: AuthUser, dossier: DossierPlaces): Promise<boolean> {
  const visible = await visibleAgencies(knex, user);
  if (visible === 'all') return true;
  if (visible.has(dossier.receivingAgency) || visible.has(dossier.holdingAgency)) return true;
  const row = await knex('tasks').where({ dossier_id: dossier.id }).whereIn('agency_code', [...visible]).first('id');
  return row !== undefined;
}
