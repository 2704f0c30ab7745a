// What the sockets send (docs/contract.md §4): event names and payloads. The server's
// live/ layer builds them, the web app's LiveProvider reads them.
import type { DeadlineState, Task } from '../engine/dossier/types.js';

/** The events a staff page listens to; `task:updated` and `notify` are sent as well. */
export const LIVE_EVENTS = ['task:assigned', 'task:dueSoon', 'task:overdue', 'dossier:updated', 'dashboard:changed'] as const;
export type LiveEventName = (typeof LIVE_EVENTS)[number];

/** A task as docs/contract.md §3 shapes it, plus `taskId` and what a live inbox wants to redraw. */
export type TaskPayload = Pick<Task, 'id' | 'stepId' | 'name' | 'role' | 'agencyCode' | 'assignee' | 'state' | 'startedAt' | 'dueAt' | 'escalationLevel'> & {
  taskId: string;
  dossierId: string;
  dossierCode: string | null;
  deadlineState: DeadlineState;
};

/** The dossier as its live events describe it (and as the publisher reads it to address them). */
export interface PublishedDossier {
  id: string;
  code: string;
  status: string;
  result: string | null;
  receivingAgency: string;
  holdingAgency: string;
  appointmentAt: string;
  /** Receiving, holding, and every agency that ever had a task of the dossier: "agencies that hold or held it". */
  agencies: string[];
}

/** Sign-in events (real time, server/live/gateway.ts). */
export interface SessionExpiringPayload {
  expiresAt: string;
  sessionEndsAt: string;
  /** False at the session's hard cap: only a new login helps. */
  renewable: boolean;
}
/** `session:expired`: the token expired and the socket is closed; `message` is Vietnamese (contract/messages.ts). */
export interface SessionExpiredPayload {
  code: 'INVALID_TOKEN';
  message: string;
  messageEn: string;
  messageKey: string;
  params: Readonly<Record<string, unknown>>;
}
export interface SessionRenewAck {
  ok: boolean;
  code?: string;
  expiresAt?: string;
  sessionEndsAt?: string;
}
