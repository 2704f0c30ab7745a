// Socket rooms, one naming scheme for the gateway that joins them and the publisher
// that addresses them (CONTRACT.md §4): user, agency, role-in-agency, dashboard.
import { hasPermission } from '../auth/permissions.js';
import type { AuthUser } from '../auth/tokens.js';

export const userRoom = (username: string) => `user:${username}`;
export const agencyRoom = (agencyCode: string) => `agency:${agencyCode}`;
/** Everyone with `role` in `agencyCode`: who may claim an unassigned task there. */
export const roleRoom = (agencyCode: string, role: string) => `role:${agencyCode}:${role}`;
/**
 * The dashboard of everything: admins. A manager or leader sees their agency and the
 * agencies below it (server/auth/permissions.ts), so they watch one dashboard room per
 * visible agency instead — another district's overdue items are not their business
 * and must not reach their screen.
 */
export const DASHBOARD_ROOM = 'dashboard';
export const dashboardRoom = (agencyCode: string) => `dashboard:${agencyCode}`;

/** The dashboard rooms an event about these agencies goes to. */
export const dashboardRooms = (agencyCodes: Iterable<string>): string[] => [DASHBOARD_ROOM, ...[...new Set(agencyCodes)].map(dashboardRoom)];

/** The rooms a signed-in user's socket joins on connect; `visible` = the agencies whose dossiers they may see. */
export function roomsOf(user: AuthUser, visible: ReadonlySet<string> | 'all'): string[] {
  const rooms = [userRoom(user.username), agencyRoom(user.agencyCode), ...user.roles.map((role) => roleRoom(user.agencyCode, role))];
  if (hasPermission(user, 'dashboard.read')) {
    if (visible === 'all') rooms.push(DASHBOARD_ROOM);
    else rooms.push(...[...visible].map(dashboardRoom));
  }
  return rooms;
}
