// The engine's Actor for a logged-in user: what the engine checks roles and agencies
// against. Built from the token, so an action is attributed to exactly who asked.
import type { Actor } from '../../engine/index.js';
import type { AuthUser } from '../auth/tokens.js';

export const actorOf = (user: AuthUser): Actor => ({ username: user.username, agencyCode: user.agencyCode, roles: [...user.roles] });
