// Which dossier and task a caller may see: one answer for "no such dossier" and "not
// yours", so a clerk never learns that a dossier exists elsewhere. Domain errors only
// (NOT_FOUND, TASK_NOT_FOUND); the routes' error table makes them 404s.

import { DomainError, receivingDeskOf, returnDeskOf, type DossierState } from '../../engine/index.js';
import { canSeeDossier, type DossierDesks } from '../auth/permissions.js';
import type { AuthUser } from '../auth/tokens.js';
import type { ServerContext } from '../context.js';
import type { DossierSnapshot, LoadedDossier } from '../store/index.js';

const notFound = (id: string) => new DomainError('NOT_FOUND.dossier', {}, { dossierId: id });

/** The dossier, if `user` may see it; 404 otherwise (never data, never a hint). */
export async function findVisibleDossier(ctx: ServerContext, user: AuthUser, id: string): Promise<LoadedDossier> {
  return (await findVisibleSnapshot(ctx, user, id)).loaded;
}

/**
 * The same, as the snapshot an action reads (store DossierSnapshot): a route that checks
 * access and then acts hands it to `DossierService.perform`, one read for both.
 */
export async function findVisibleSnapshot(ctx: ServerContext, user: AuthUser, id: string): Promise<DossierSnapshot> {
  let snapshot: DossierSnapshot;
  try {
    snapshot = await ctx.dossiers.snapshot(id);
  } catch (error) {
    if (error instanceof DomainError && error.code === 'NOT_FOUND') throw notFound(id);
    throw error;
  }
  const { row } = snapshot.loaded;
  const places = { id: row.id, receivingAgency: row.receivingAgency, holdingAgency: row.holdingAgency, competentAgency: row.competentAgency };
  if (!(await canSeeDossier(ctx.knex, user, places))) throw notFound(id);
  return snapshot;
}

/**
 * The desks where the citizen comes back to this dossier today — to supplement or
 * withdraw (the receiving desk) and to collect the result (the return desk the citizen
 * chose) — a merged agency's through its successor (engine/dossier/places.ts).
 */
export async function desksOf(ctx: ServerContext, state: DossierState): Promise<DossierDesks> {
  const { agencies } = await ctx.dossiers.engineContext();
  return { receivingDesk: receivingDeskOf(agencies, state), returnDesk: returnDeskOf(agencies, state) };
}

/** Task ids are `<dossierId>.<n>` (engine/dossier/types.ts), so a task leads to its dossier without a lookup. */
export function dossierIdOfTask(taskId: string): string | null {
  const dot = taskId.lastIndexOf('.');
  return dot > 0 ? taskId.slice(0, dot) : null;
}

/** The task's dossier, if the caller may see it, and the task; 404 for either missing or hidden. */
export async function findVisibleTask(ctx: ServerContext, user: AuthUser, taskId: string) {
  const dossierId = dossierIdOfTask(taskId);
  // Built only when thrown: an error captures a stack trace, which the found task never needs.
  const missing = () => new DomainError('TASK_NOT_FOUND', { taskId }, { taskId });
  if (!dossierId) throw missing();
  let snapshot: DossierSnapshot;
  try {
    snapshot = await findVisibleSnapshot(ctx, user, dossierId);
  } catch (error) {
    if (error instanceof DomainError && error.code === 'NOT_FOUND') throw missing();
    throw error;
  }
  const loaded = snapshot.loaded;
  const task = loaded.state.tasks.find((t) => t.id === taskId);
  if (!task) throw missing();
  return { loaded, task, snapshot };
}
