// Which notification a live event raises, by what it is about (LiveProvider.tsx): pure,
// so the rule — one event, one notification — is tested without a browser.

import type { LiveEventName } from '../../../contract/index.js';

export type { LiveEventName };

export interface LivePayload {
  dossierId?: string;
  taskId?: string;
  dossierCode?: string;
  name?: string;
  dueAt?: string | null;
  escalationLevel?: number;
  [key: string]: unknown;
}

/**
 * What a task event's notification is about: its `slot` (one notification per slot: the
 * task's deadline news, or its assignment to one agency and person) and its `rank` in
 * that slot (due soon 0, overdue at escalation level n: n). An event whose rank is not
 * above the highest already notified in its slot is a repeat (the outbox delivers at
 * least once) or stale news (due soon after overdue, level 1 after level 2): nothing new
 * to tell. Null for events that notify nobody or name no task.
 */
export function notificationIdentity(event: LiveEventName, payload: LivePayload): { slot: string; rank: number } | null {
  if (event !== 'task:assigned' && event !== 'task:dueSoon' && event !== 'task:overdue') return null;
  const taskId = payload.taskId ?? (typeof payload.id === 'string' ? payload.id : undefined);
  if (!taskId) return null;
  // Handed to another agency or person, a task is new work there: another slot.
  if (event === 'task:assigned') return { slot: `assigned|${taskId}|${String(payload.agencyCode ?? '')}|${String(payload.assignee ?? '')}`, rank: 0 };
  // The task's deadline: "overdue" takes the place of "due soon", level 2 that of level 1.
  return { slot: `deadline|${taskId}`, rank: event === 'task:overdue' ? Math.max(1, Number(payload.escalationLevel ?? 1) || 1) : 0 };
}

/** How many slots a session remembers (a day of an office's warnings, many times over). */
export const REMEMBERED = 1000;
