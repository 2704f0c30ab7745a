// The clerk's inbox and the two things a clerk does with a task: claim it, complete it.
// Completion goes through DossierService like every action; two clerks completing the
// same task at once get one 200 and one 409 (the version check, or the task already done).
import { z } from 'zod';
import { assignTaskRequestSchema, completeTaskRequestSchema } from '../../contract/index.js';
import { HttpError, fieldProblem } from '../http/errors.js';
import { findUserByUsername, listUsers, readerOf } from '../store/index.js';
import { accessFor, hasPermission, rolesFor } from '../auth/permissions.js';
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
      // `team`: every open task of the caller's agency, whoever has it (a head: permission task.assign).
      scope: z.enum(['mine', 'team']).default('mine'),
      // Paging (issue 13). The default is the maximum, so a client that never pages still
      // gets the whole inbox up to it — and `total` says when there is more.
      limit: z.coerce.number().int().min(1).max(INBOX_PAGE_MAX).default(INBOX_PAGE_MAX),
      offset: z.coerce.number().int().min(0).default(0),
    }),
    handler: async ({ query, user }, ctx) => {
      if (query.scope === 'team' && !hasPermission(user!, 'task.assign')) {
        throw new HttpError(403, 'FORBIDDEN', {}, { requiredRoles: rolesFor('task.assign') });
      }
      const all = await inbox(ctx, user!, {
        scope: query.scope,
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

  defineRoute({
    method: 'get',
    path: '/tasks/:id/candidates',
    summary: 'Who a head may give the task to: active staff of the task’s agency with its role',
    tag: 'tasks',
    access: accessFor('task.assign'),
    params: taskParams,
    responses: { 200: { description: '{items: [{username, fullName, open}], total}' }, 404: { description: 'No such task, or not one the caller may see' } },
    handler: async ({ params, user }, ctx) => {
      const { task } = await findVisibleTask(ctx, user!, params.id);
      const reader = readerOf(ctx.knex);
      const people = (await listUsers(reader, { agencyCode: task.agencyCode })).filter((u) => u.active && u.roles.includes(task.role));
      // How much each already has open at the agency: a head shares the work out.
      const load: Array<{ assignee: string; n: number | string }> = await reader('tasks')
        .where({ state: 'open', agency_code: task.agencyCode })
        .whereIn('assignee', people.map((u) => u.username))
        .groupBy('assignee')
        .select('assignee', reader.raw('count(*) as n'));
      const open = new Map(load.map((row) => [row.assignee, Number(row.n)]));
      const items = people.map((u) => ({ username: u.username, fullName: u.fullName, open: open.get(u.username) ?? 0 }));
      return { body: { items, total: items.length } };
    },
  }),

  defineAction({
    method: 'post',
    path: '/tasks/:id/assign',
    summary: 'A head gives an open task of their agency to a named member of staff with its role, or takes it from one for another (Idempotency-Key supported)',
    tag: 'tasks',
    access: accessFor('task.assign'),
    params: taskParams,
    body: assignTaskRequestSchema,
    responses: {
      200: { description: '{task, dossier}' },
      403: { description: 'Not a head of the task’s agency' },
      404: { description: 'No such task, or not one the caller may see' },
      409: { description: 'The task is done or the dossier changed meanwhile' },
      422: { description: 'No such account, or it lacks the step’s role or agency' },
    },
    handler: async ({ params, body, user }, ctx) => {
      const { snapshot, task } = await findVisibleTask(ctx, user!, params.id);
      const assignee = await findUserByUsername(ctx.knex, body.username);
      if (!assignee || !assignee.active) {
        throw new HttpError(422, 'VALIDATION_FAILED', {}, [fieldProblem('body.username', 'NOT_FOUND.user', { username: body.username })]);
      }
      const { dossier: after } = await ctx.dossiers.perform(
        'assign',
        snapshot.loaded.row.id,
        { taskId: task.id, actor: actorOf(user!), assignee: { username: assignee.username, agencyCode: assignee.agencyCode, roles: assignee.roles } },
        snapshot,
      );
      const [[assigned], dossier] = await Promise.all([dossierTaskViews(ctx, after, [task.id]), dossierView(ctx, after)]);
      return { body: { task: assigned, dossier } };
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
