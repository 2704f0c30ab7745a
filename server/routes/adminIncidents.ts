// Incidents (issue 13, CONTRACT.md §6.3): scheduled work — a BPMN timer, a due-soon
// warning, an escalation — that failed for one dossier. The scheduler records it
// (server/store/incidents.ts), leaves that dossier alone for a while (the wait doubles
// with each attempt, at most an hour) and goes on with every other one. An admin sees
// them here and may try one again at once.
import { z } from 'zod';
import { accessFor } from '../auth/permissions.js';
import { HttpError } from '../http/errors.js';
import { defineAction } from '../http/idempotency.js';
import { defineRoute } from '../http/route.js';
import { getIncident, listIncidents, retryIncidentNow } from '../store/index.js';

const idParams = z.object({ id: z.coerce.number().int().min(1) });

export const adminIncidentRoutes = [
  defineRoute({
    method: 'get',
    path: '/admin/incidents',
    summary: 'Scheduled work that failed for one dossier: open ones by default, newest failure first (admin)',
    tag: 'admin',
    access: accessFor('incident.manage'),
    query: z.object({
      state: z.enum(['open', 'resolved', 'all']).default('open'),
      limit: z.coerce.number().int().min(1).max(200).default(50),
      offset: z.coerce.number().int().min(0).default(0),
    }),
    responses: { 200: { description: '{items: [incident], total, limit, offset}' } },
    handler: async ({ query }, ctx) => {
      const page = await listIncidents(ctx.knex, {
        state: query.state === 'all' ? undefined : query.state,
        limit: query.limit,
        offset: query.offset,
      });
      return { body: { ...page, limit: query.limit, offset: query.offset } };
    },
  }),

  defineAction({
    method: 'post',
    path: '/admin/incidents/:id/retry',
    summary: 'Run the dossier’s due work of an open incident now (admin; Idempotency-Key supported)',
    tag: 'admin',
    access: accessFor('incident.manage'),
    params: idParams,
    responses: {
      200: { description: '{incident, resolved}: resolved, or still open with one more attempt counted' },
      404: { description: 'No such incident' },
    },
    handler: async ({ params, user }, ctx) => {
      const incident = await getIncident(ctx.knex, params.id);
      if (!incident) throw new HttpError(404, 'NOT_FOUND.incident', { id: params.id });
      if (incident.state === 'resolved') return { body: { incident, resolved: true } };
      await retryIncidentNow(ctx.knex, incident.id, ctx.clock.now().toISOString());
      const resolved = await ctx.dossiers.runDueFor(incident.dossierId, user!.username);
      // Whatever it changed, the scheduler's sleep and the sockets hear of it.
      ctx.scheduler?.nudge();
      return { body: { incident: await getIncident(ctx.knex, incident.id), resolved } };
    },
  }),
];
