// Dossiers: reception at the one-stop desk, the list, one dossier with its tasks and
// history, and the actions every procedure shares (supplement request and supplement,
// rejection, withdrawal, apology, return, transfer). Each action is: find the dossier
// the caller may see (404 otherwise) → the permission table → DossierService (load →
// engine → save in one transaction) → the updated dossier.
import { z } from 'zod';
import { DomainError, type Actor } from '../../engine/index.js';
import {
  DOSSIER_STATUSES,
  apologyRequestSchema,
  receiveRequestSchema,
  rejectRequestSchema,
  returnRequestSchema,
  supplementRequestRequestSchema,
  supplementRequestSchema,
  transferRequestSchema,
  withdrawRequestSchema,
} from '../../contract/index.js';
import { accessFor, dossierActionRefusal, type Action } from '../auth/permissions.js';
import type { ServerContext } from '../context.js';
import { HttpError, fieldProblem } from '../http/errors.js';
import { defineAction } from '../http/idempotency.js';
import { defineRoute, type RouteSpec } from '../http/route.js';
import { actorOf } from '../services/actor.js';
import { dossierView, listDossiers, reloadedDossierView } from '../http/dossierViews.js';
import { findVisibleDossier } from '../services/dossierAccess.js';
import { latestVersion } from '../store/index.js';

const idParams = z.object({ id: z.string().min(1).max(64) });

/**
 * One dossier action. `action` names the row of the permission table: its roles gate
 * the route, and its agency rule is checked against the dossier once it is found.
 */
function dossierAction<B extends z.ZodType>(spec: {
  path: string;
  summary: string;
  action: Action;
  body: B;
  run: (ctx: ServerContext, dossierId: string, actor: Actor, body: z.infer<B>) => Promise<unknown>;
}): RouteSpec {
  return defineAction({
    method: 'post',
    path: `/dossiers/:id/${spec.path}`,
    summary: `${spec.summary} (Idempotency-Key supported)`,
    tag: 'dossiers',
    access: accessFor(spec.action),
    params: idParams,
    body: spec.body,
    responses: { 200: { description: 'The updated dossier' }, 404: { description: 'No such dossier, or not one the caller may see' }, 409: { description: 'The dossier is closed, paused or changed meanwhile' } },
    handler: async ({ params, body, user }, ctx) => {
      const loaded = await findVisibleDossier(ctx, user!, params.id);
      if (dossierActionRefusal(user!, spec.action, loaded.row) === 'AGENCY') {
        throw new DomainError('WRONG_AGENCY.receivingDesk', { agencyCode: loaded.row.receivingAgency }, { agencyCode: loaded.row.receivingAgency });
      }
      await spec.run(ctx, loaded.row.id, actorOf(user!), body as z.infer<B>);
      return { body: await reloadedDossierView(ctx, loaded.row.id) };
    },
    // A retry of an attempt that committed but could not answer: the dossier as it stands.
    recover: async ({ params, user }, ctx) => ({ body: await dossierView(ctx, await findVisibleDossier(ctx, user!, params.id)) }),
  });
}

export const dossierRoutes: RouteSpec[] = [
  defineAction({
    method: 'post',
    path: '/dossiers',
    summary: 'Receive a dossier at the caller’s one-stop desk (Idempotency-Key supported)',
    tag: 'dossiers',
    access: accessFor('dossier.receive'),
    body: receiveRequestSchema,
    responses: {
      201: {
        description: 'Received: code, appointment date and lookup secret (and the whole dossier)',
        schema: z.looseObject({
          id: z.string(),
          code: z.string(),
          status: z.string(),
          receivedAt: z.string(),
          appointmentAt: z.string(),
          lookupSecret: z.string(),
        }),
      },
    },
    handler: async ({ body, user }, ctx) => {
      if (!(await latestVersion(ctx.knex, body.procedureKey))) {
        throw new HttpError(422, 'VALIDATION_FAILED', {}, [fieldProblem('body.procedureKey', 'NOT_FOUND.procedure', { procedureKey: body.procedureKey })]);
      }
      const received = await ctx.dossiers.receive({
        procedureKey: body.procedureKey,
        // The one-stop desk receives for its own agency, never on another's behalf.
        receivingAgency: user!.agencyCode,
        applicant: { ...body.applicant, email: body.applicant.email ?? null },
        data: body.data,
        channel: body.channel,
        actor: actorOf(user!),
      });
      return { status: 201, body: await reloadedDossierView(ctx, received.id) };
    },
    // A retry of an attempt that received the dossier but could not answer: that dossier, never a second one.
    recover: async ({ user }, ctx, committed) => {
      const [id] = committed.dossierIds;
      if (id === undefined) throw new HttpError(409, 'IDEMPOTENCY_IN_PROGRESS.applied');
      return { status: 201, body: await dossierView(ctx, await findVisibleDossier(ctx, user!, id)) };
    },
  }),

  defineRoute({
    method: 'get',
    path: '/dossiers',
    summary: 'Dossiers the caller may see, newest first',
    tag: 'dossiers',
    access: accessFor('dossier.read'),
    query: z.object({
      status: z.enum(DOSSIER_STATUSES).optional(),
      procedure: z.string().max(128).optional(),
      agency: z.string().max(64).optional(),
      q: z.string().trim().max(100).optional(),
      limit: z.coerce.number().int().min(1).max(200).default(50),
      offset: z.coerce.number().int().min(0).default(0),
    }),
    handler: async ({ query, user }, ctx) => ({
      body: await listDossiers(ctx, user!, { ...query, q: query.q || undefined }),
    }),
  }),

  defineRoute({
    method: 'get',
    path: '/dossiers/:id',
    summary: 'One dossier: fields, current tasks with deadlines, full history',
    tag: 'dossiers',
    access: accessFor('dossier.read'),
    params: idParams,
    responses: { 200: { description: 'The dossier' }, 404: { description: 'No such dossier, or not one the caller may see' } },
    handler: async ({ params, user }, ctx) => ({ body: await dossierView(ctx, await findVisibleDossier(ctx, user!, params.id)) }),
  }),

  dossierAction({
    path: 'supplement-request',
    summary: 'Ask the citizen for missing papers (Mẫu 02): the clock pauses',
    action: 'dossier.act',
    body: supplementRequestRequestSchema,
    run: (ctx, id, actor, body) => ctx.dossiers.requestSupplement(id, { actor, reason: body.reason, items: body.items }),
  }),

  dossierAction({
    path: 'supplement',
    summary: 'The citizen brought the missing papers: the clock resumes, the appointment moves by the paused working time',
    action: 'dossier.supplement',
    body: supplementRequestSchema,
    run: (ctx, id, actor, body) => ctx.dossiers.supplement(id, { actor, items: body.items }),
  }),

  dossierAction({
    path: 'reject',
    summary: 'Refuse the dossier with a reason (Mẫu 03)',
    action: 'dossier.act',
    body: rejectRequestSchema,
    run: (ctx, id, actor, body) => ctx.dossiers.reject(id, { actor, reason: body.reason }),
  }),

  dossierAction({
    path: 'withdraw',
    summary: 'The citizen takes the dossier back',
    action: 'dossier.withdraw',
    body: withdrawRequestSchema,
    run: (ctx, id, actor, body) => ctx.dossiers.withdraw(id, { actor, reason: body.reason || undefined }),
  }),

  dossierAction({
    path: 'apologize',
    summary: 'Apology slip with a new appointment for a late dossier (Mẫu 04)',
    action: 'dossier.act',
    body: apologyRequestSchema,
    run: (ctx, id, actor, body) =>
      ctx.dossiers.apologize(id, { actor, reason: body.reason, newAppointmentAt: new Date(body.newAppointmentAt).toISOString() }),
  }),

  dossierAction({
    path: 'return',
    summary: 'Hand the result over to the citizen',
    action: 'dossier.return',
    body: returnRequestSchema,
    run: (ctx, id, actor, body) => ctx.dossiers.returnResult(id, { actor, comment: body.comment || undefined }),
  }),

  dossierAction({
    path: 'transfer',
    summary: 'Hand an open task to another agency',
    action: 'dossier.act',
    body: transferRequestSchema,
    run: (ctx, id, actor, body) =>
      ctx.dossiers.transfer(id, { actor, taskId: body.taskId, toAgency: body.toAgency, reason: body.reason || undefined }),
  }),
];
