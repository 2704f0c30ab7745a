// Socket rooms, one naming scheme for the gateway that joins them and the publisher
// that addresses them (CONTRACT.md §4).
import { hasPermission } from '../auth/permissions.js';
import type { AuthUser } from '../auth/tokens.js';

export const userRoom = (username: string) => `user:${username}`;
export const agencyRoom = (agencyCode: string) => `agency:${agencyCode}`;
/** Everyone with `role` in `agencyCode`: who may claim an unassigned task there. */
export const roleRoom = (agencyCode: string, role: string) => `role:${agencyCode}:${role}`;
/** Managers (and leaders, admins): whoever may read the dashboard. */
export const DASHBOARD_ROOM = 'dashboard';

/** The rooms a signed-in user's socket joins on connect. */
export function roomsOf(user: AuthUser): string[] {
  const rooms = [userRoom(user.username), agencyRoom(user.agencyCode), ...user.roles.map((role) => roleRoom(user.agencyCode, role))];
  if (hasPermission(user, 'dashboard.read')) rooms.push(DASHBOARD_ROOM);
  return rooms;
}
