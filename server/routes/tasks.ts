// The clerk's inbox and the two things a clerk does with a task: claim it, complete it.
// Completion goes through DossierService like every action; two clerks completing the
// same task at once get one 200 and one 409 (the version check, or the task already done).
import { z } from 'zod';
import { completeTaskRequestSchema } from '../../contract/index.js';
import { accessFor } from '../auth/permissions.js';
import { defineAction } from '../http/idempotency.js';
import { defineRoute } from '../http/route.js';
import { actorOf } from '../services/actor.js';
import { dossierTaskViews, dossierView, inbox } from '../http/dossierViews.js';
import { findVisibleTask } from '../services/dossierAccess.js';

const taskParams = z.object({ id: z.string().min(1).max(96) });

/** The most tasks one page of the inbox holds (and what a request without `limit` gets). */
export const INBOX_PAGE_MAX = 500;

export const taskRoutes = [
  defineRoute({
    method: 'get',
    path: '/tasks',
    summary: 'The caller’s open tasks (own + claimable by role in their agency), most urgent first',
    tag: 'tasks',
    access: accessFor('task.work'),
    query: z.object({
      // The deadline state; `open` (all of them) is accepted for symmetry with the task state.
      state: z.enum(['onTime', 'dueSoon', 'overdue', 'open']).optional(),
      procedure: z.string().max(128).optional(),
      agency: z.string().max(64).optional(),
      // Paging (issue 13). The default is the maximum, so a client that never pages still
      // gets the whole inbox up to it — and `total` says when there is more.
      limit: z.coerce.number().int().min(1).max(INBOX_PAGE_MAX).default(INBOX_PAGE_MAX),
      offset: z.coerce.number().int().min(0).default(0),
    }),
    handler: async ({ query, user }, ctx) => {
      const all = await inbox(ctx, user!, {
        deadlineState: query.state === 'open' ? undefined : query.state,
        procedure: query.procedure || undefined,
        agency: query.agency || undefined,
      });
      const items = all.slice(query.offset, query.offset + query.limit);
      return { body: { items, total: all.length, limit: query.limit, offset: query.offset } };
    },
  }),

  defineAction({
    method: 'post',
    path: '/tasks/:id/claim',
    summary: 'Take an unclaimed task of one of the caller’s roles in their agency (Idempotency-Key supported)',
    tag: 'tasks',
    access: accessFor('task.work'),
    params: taskParams,
    responses: { 200: { description: '{task, dossier}' }, 404: { description: 'No such task, or not one the caller may see' }, 409: { description: 'Claimed by someone else, done, or changed meanwhile' } },
    handler: async ({ params, user }, ctx) => {
      const { snapshot, task } = await findVisibleTask(ctx, user!, params.id);
      const { dossier: after } = await ctx.dossiers.perform('claim', snapshot.loaded.row.id, { taskId: task.id, actor: actorOf(user!) }, snapshot);
      const [[claimed], dossier] = await Promise.all([dossierTaskViews(ctx, after, [task.id]), dossierView(ctx, after)]);
      return { body: { task: claimed, dossier } };
    },
  }),

  defineAction({
    method: 'post',
    path: '/tasks/:id/complete',
    summary: 'Complete a task with an outcome → the next tasks (Idempotency-Key supported)',
    tag: 'tasks',
    access: accessFor('task.work'),
    params: taskParams,
    body: completeTaskRequestSchema,
    responses: {
      200: { description: '{dossier, nextTasks}' },
      404: { description: 'No such task, or not one the caller may see' },
      409: { description: 'The task is done or the dossier changed meanwhile' },
    },
    handler: async ({ params, body, user }, ctx) => {
      const { snapshot, task } = await findVisibleTask(ctx, user!, params.id);
      const { result, dossier: after } = await ctx.dossiers.perform(
        'complete',
        snapshot.loaded.row.id,
        { taskId: task.id, actor: actorOf(user!), outcome: body.outcome ?? null, data: body.data, comment: body.comment ?? null },
        snapshot,
      );
      const opened = result.effects.flatMap((e) => (e.type === 'taskOpened' ? [e.task.id] : []));
      const [dossier, nextTasks] = await Promise.all([dossierView(ctx, after), dossierTaskViews(ctx, after, opened)]);
      return { body: { dossier, nextTasks } };
    },
  }),
];
