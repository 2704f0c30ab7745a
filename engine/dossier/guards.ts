// The checks actions share before they change anything. Each throws a DomainError with
// its own code (CONTRACT.md error table) and reads the dossier without writing it. The
// functions check one state; the Guard constants at the end are the same checks as a
// command declares them (command.ts).

import { DomainError } from '../errors.js';
import type { Guard } from './command.js';
import type { AgencyDirectory } from './agencies.js';
import { openTasks } from './draft.js';
import { competentAgencyOf } from './places.js';
import type { Actor, DossierState, Task } from './types.js';
import { CLOSED_STATUSES } from './types.js';

/** Returned, rejected and withdrawn dossiers take no further action. */
export function assertOpen(state: DossierState): void {
  if (CLOSED_STATUSES.includes(state.status)) {
    throw new DomainError('DOSSIER_CLOSED', { status: state.status }, { status: state.status });
  }
}

/** While the citizen supplements, the clock is paused and the steps wait (Decree 61/2018 art. 19). */
export function assertNotPaused(state: DossierState): void {
  if (state.pause) {
    throw new DomainError('DOSSIER_PAUSED');
  }
}

/** The task exists and is still open. */
export function openTask(state: DossierState, taskId: string): Task {
  const task = state.tasks.find((t) => t.id === taskId);
  if (!task) throw new DomainError('TASK_NOT_FOUND', { taskId });
  if (task.state !== 'open') {
    throw new DomainError(task.state === 'done' ? 'TASK_NOT_OPEN.done' : 'TASK_NOT_OPEN.cancelled', {}, { taskId, state: task.state });
  }
  return task;
}

/** The actor may act on the task: its assignee, or anyone with its role in its agency when unclaimed. */
export function assertMayAct(task: Task, actor: Actor): void {
  if (task.assignee !== null) {
    if (task.assignee !== actor.username) {
      throw new DomainError('NOT_ASSIGNEE', { assignee: task.assignee }, { assignee: task.assignee });
    }
    return;
  }
  assertRoleAndAgency(task, actor);
}

export function assertRoleAndAgency(task: Task, actor: Actor): void {
  if (!actor.roles.includes(task.role)) {
    throw new DomainError('ROLE_REQUIRED', { role: task.role }, { role: task.role });
  }
  if (actor.agencyCode !== task.agencyCode) {
    throw new DomainError('WRONG_AGENCY', { agencyCode: task.agencyCode }, { agencyCode: task.agencyCode });
  }
}

/**
 * Dossier-level actions (supplement request, reject, apology) come from an agency that
 * holds it: the receiving center, the competent agency (Decree 118/2025: it decides), the
 * holding agency, or one with an open task — a merged one through its successor.
 */
export function assertActsForDossier(state: DossierState, actor: Actor, directory?: AgencyDirectory): void {
  const recorded = [state.receivingAgency, competentAgencyOf(state)];
  const current = directory ? recorded.map((code) => (directory.get(code) ? directory.current(code).code : code)) : [];
  const agencies = new Set([...recorded, ...current, state.holdingAgency, ...openTasks(state).map((t) => t.agencyCode)]);
  if (!agencies.has(actor.agencyCode)) {
    throw new DomainError('WRONG_AGENCY.notHolding', { agencyCode: actor.agencyCode }, { agencyCode: actor.agencyCode });
  }
}

/** Accepting and refusing take a dossier filed online and not yet accepted (status `submitted`). */
export function assertSubmitted(state: DossierState): void {
  if (state.status !== 'submitted') {
    throw new DomainError('NOT_SUBMITTED', { status: state.status }, { status: state.status });
  }
}

// ── as commands declare them ──────────────────────────────────────────────────
export const dossierOpen: Guard<unknown> = (draft) => assertOpen(draft.state);

export const submittedOnly: Guard<unknown> = (draft) => assertSubmitted(draft.state);

export const notPaused: Guard<unknown> = (draft) => assertNotPaused(draft.state);

export const actsForDossier: Guard<{ actor: Actor }> = (draft, input) => assertActsForDossier(draft.state, input.actor, draft.ctx.agencies);

export const taskOpen: Guard<{ taskId: string }> = (draft, input) => {
  openTask(draft.state, input.taskId);
};

export const mayActOnTask: Guard<{ taskId: string; actor: Actor }> = (draft, input) =>
  assertMayAct(openTask(draft.state, input.taskId), input.actor);
