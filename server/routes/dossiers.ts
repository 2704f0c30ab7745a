// Dossiers: reception at the one-stop desk, the list, one dossier with its tasks and
// history, and the actions every procedure shares (supplement request and supplement,
// rejection, withdrawal, apology, return, transfer). Each action is: find the dossier
// the caller may see (404 otherwise) → the permission table → DossierService (engine on
// that very read → save, the version checked first) → the dossier as saved.
import { z } from 'zod';
import { DomainError, type Actor } from '../../engine/index.js';
import {
  DOSSIER_STATUSES,
  apologyRequestSchema,
  receiveRequestSchema,
  refuseRequestSchema,
  rejectRequestSchema,
  returnRequestSchema,
  supplementRequestRequestSchema,
  supplementRequestSchema,
  transferRequestSchema,
  withdrawRequestSchema,
} from '../../contract/index.js';
import { AT_RECEIVING_DESK, accessFor, deskFor, dossierActionRefusal, type Action } from '../auth/permissions.js';
import type { ServerContext } from '../context.js';
import { HttpError, fieldProblem } from '../http/errors.js';
import { defineAction } from '../http/idempotency.js';
import { defineRoute, type RouteSpec } from '../http/route.js';
import { actorOf } from '../services/actor.js';
import { dossierView, listDossiers, receivedDossierView } from '../http/dossierViews.js';
import { parseBound } from '../services/dashboard.js';
import type { Acted } from '../services/dossierService.js';
import { checkReceptionComponents, recordReception } from '../services/documents.js';
import { bodyChecked } from './files.js';
import { desksOf, findVisibleDossier, findVisibleSnapshot } from '../services/dossierAccess.js';
import type { DossierSnapshot } from '../store/index.js';

const idParams = z.object({ id: z.string().min(1).max(64) });

/** The register's period, read like the dashboard's (services/dashboard.ts parseBound). */
const periodBound = z.string().max(40).describe('YYYY-MM-DD (a day in Asia/Ho_Chi_Minh; `to` inclusive) or an ISO 8601 instant (`to` exclusive)');

/**
 * One dossier action. `action` names the row of the permission table: its roles gate
 * the route, and its agency rule is checked against the dossier once it is found.
 */
function dossierAction<B extends z.ZodType>(spec: {
  path: string;
  summary: string;
  action: Action;
  body: B;
  run: (ctx: ServerContext, snapshot: DossierSnapshot, actor: Actor, body: z.infer<B>) => Promise<Acted>;
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
      const snapshot = await findVisibleSnapshot(ctx, user!, params.id);
      const loaded = snapshot.loaded;
      // Supplement, withdrawal, return: at the desk where the citizen comes back (one read of
      // the cached agency tree, only for these actions).
      if (AT_RECEIVING_DESK.has(spec.action)) {
        const desks = await desksOf(ctx, loaded.state);
        if (dossierActionRefusal(user!, spec.action, desks) === 'AGENCY') {
          const desk = deskFor(spec.action, desks);
          const key = spec.action === 'dossier.return' ? 'WRONG_AGENCY.returnDesk' : 'WRONG_AGENCY.receivingDesk';
          throw new DomainError(key, { agencyCode: desk }, { agencyCode: desk });
        }
      }
      // The answer is the dossier as the action saved it: no second read of it.
      const acted = await spec.run(ctx, snapshot, actorOf(user!), body as z.infer<B>);
      return { body: await dossierView(ctx, acted.dossier) };
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
      // The reception checklist (issue 16): refused here when a required component is missing, unless the clerk chose a supplement request.
      const components = await bodyChecked(checkReceptionComponents(ctx, body.procedureKey, body.components, body.missingComponents));
      const received = await ctx.dossiers.receive({
        procedureKey: body.procedureKey,
        // The one-stop desk receives for its own agency, never on another's behalf.
        receivingAgency: user!.agencyCode,
        applicant: { ...body.applicant, email: body.applicant.email ?? null },
        // Decree 118/2025: the competent agency and the return place are chosen at intake
        // (defaults: this desk's agency); the engine checks them (engine/dossier/places.ts).
        competentAgency: body.competentAgency,
        returnAt: body.returnAt,
        data: body.data,
        channel: body.channel,
        actor: actorOf(user!),
        // The clerk at the desk checked the papers and issued the receipt: that is the reception step.
        completesReceptionStep: true,
      }).catch((error: unknown) => {
        // An unknown procedure is a field of the request, not a missing resource.
        if (error instanceof DomainError && error.messageKey === 'NOT_FOUND.procedure') {
          throw new HttpError(422, 'VALIDATION_FAILED', {}, [fieldProblem('body.procedureKey', 'NOT_FOUND.procedure', { procedureKey: body.procedureKey })]);
        }
        throw error;
      });
      if (components && (await recordReception(ctx, user!, received.dossier.row.id, body.components ?? [], components))) {
        // Received with a supplement request for the missing components: the dossier as that request left it.
        return { status: 201, body: await dossierView(ctx, await findVisibleDossier(ctx, user!, received.dossier.row.id)) };
      }
      // The answer is the dossier as it was inserted: no read back.
      return { status: 201, body: await receivedDossierView(ctx, received) };
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
    summary: 'The register (Sổ theo dõi hồ sơ, Mẫu 06): dossiers the caller may see, newest first; `q` matches code, applicant name (diacritics and case ignored), ID number, phone',
    tag: 'dossiers',
    access: accessFor('dossier.read'),
    query: z.object({
      status: z.enum(DOSSIER_STATUSES).optional(),
      procedure: z.string().max(128).optional(),
      agency: z.string().max(64).optional(),
      q: z.string().trim().max(100).optional(),
      from: periodBound.optional(),
      to: periodBound.optional(),
      limit: z.coerce.number().int().min(1).max(200).default(50),
      offset: z.coerce.number().int().min(0).default(0),
    }),
    handler: async ({ query, user }, ctx) => {
      const calendar = (await ctx.dossiers.engineContext()).calendar;
      return {
        body: await listDossiers(ctx, user!, {
          ...query,
          q: query.q || undefined,
          from: query.from ? parseBound(calendar, 'from', query.from) : undefined,
          to: query.to ? parseBound(calendar, 'to', query.to) : undefined,
        }),
      };
    },
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
    run: (ctx, snap, actor, body) => ctx.dossiers.perform('requestSupplement', snap.loaded.row.id, { actor, reason: body.reason, items: body.items, bringBy: body.bringBy ?? null }, snap),
  }),

  dossierAction({
    path: 'supplement',
    summary: 'The citizen brought the missing papers: the clock resumes, the appointment moves by the paused working time',
    action: 'dossier.supplement',
    body: supplementRequestSchema,
    run: (ctx, snap, actor, body) => ctx.dossiers.perform('supplement', snap.loaded.row.id, { actor, items: body.items }, snap),
  }),

  dossierAction({
    path: 'reject',
    summary: 'Refuse the dossier with a reason (Mẫu 03)',
    action: 'dossier.act',
    body: rejectRequestSchema,
    run: (ctx, snap, actor, body) => ctx.dossiers.perform('reject', snap.loaded.row.id, { actor, reason: body.reason }, snap),
  }),

  // Online filing (issue 17): the desk accepts a submitted dossier (its appointment counts
  // from now) or refuses it with the reason the citizen reads.
  dossierAction({
    path: 'accept',
    summary: 'Accept a dossier filed online: it becomes received, the appointment counts from now',
    action: 'dossier.receive',
    body: z.object({}),
    run: (ctx, snap, actor) => ctx.dossiers.perform('accept', snap.loaded.row.id, { actor }, snap),
  }),

  dossierAction({
    path: 'refuse',
    summary: 'Refuse a dossier filed online, with the reason (status refused, national status 3)',
    action: 'dossier.receive',
    body: refuseRequestSchema,
    run: (ctx, snap, actor, body) => ctx.dossiers.perform('refuse', snap.loaded.row.id, { actor, reason: body.reason }, snap),
  }),

  dossierAction({
    path: 'withdraw',
    summary: 'The citizen takes the dossier back',
    action: 'dossier.withdraw',
    body: withdrawRequestSchema,
    run: (ctx, snap, actor, body) => ctx.dossiers.perform('withdraw', snap.loaded.row.id, { actor, reason: body.reason || undefined }, snap),
  }),

  dossierAction({
    path: 'apologize',
    summary: 'Apology slip with a new appointment for a late dossier (Mẫu 04)',
    action: 'dossier.act',
    body: apologyRequestSchema,
    run: (ctx, snap, actor, body) =>
      ctx.dossiers.perform(
        'apologize',
        snap.loaded.row.id,
        { actor, reason: body.reason, newAppointmentAt: new Date(body.newAppointmentAt).toISOString() },
        snap,
      ),
  }),

  dossierAction({
    path: 'return',
    summary: 'Hand the result over to the citizen',
    action: 'dossier.return',
    body: returnRequestSchema,
    run: (ctx, snap, actor, body) => ctx.dossiers.perform('returnResult', snap.loaded.row.id, { actor, comment: body.comment || undefined }, snap),
  }),

  dossierAction({
    path: 'transfer',
    summary: 'Hand an open task to another agency',
    action: 'dossier.act',
    body: transferRequestSchema,
    run: (ctx, snap, actor, body) =>
      ctx.dossiers.perform(
        'transfer',
        snap.loaded.row.id,
        { actor, taskId: body.taskId, toAgency: body.toAgency, reason: body.reason || undefined },
        snap,
      ),
  }),
];
