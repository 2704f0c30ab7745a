// The agency tree (commune → district → province, with kinds such as `tax` that
// `mc:agency="kind:…"` resolves). The engine reads the tree from DossierService's
// cache, so every change here refreshes it.
import { z } from 'zod';
import { agencyChangesRequestSchema, mergeAgencyRequestSchema, newAgencyRequestSchema } from '../../contract/index.js';
import { DomainError } from '../../engine/index.js';
import { accessFor } from '../auth/permissions.js';
import { defineAction } from '../http/idempotency.js';
import { presentAgency } from '../http/presenters.js';
import { defineRoute } from '../http/route.js';
import { actorOf } from '../services/actor.js';
import { agencyTree, createAgency, getAgency, updateAgency } from '../store/index.js';

const codeParams = z.object({ code: z.string().trim().min(1).max(64) });

export const agencyRoutes = [
  defineRoute({
    method: 'get',
    path: '/agencies',
    summary: 'Every agency, with the tree in parentCode',
    tag: 'agencies',
    access: accessFor('agency.read'),
    handler: async (_input, ctx) => {
      const items = (await agencyTree(ctx.knex)).map(presentAgency);
      return { body: { items, total: items.length } };
    },
  }),

  defineAction({
    method: 'post',
    path: '/agencies',
    summary: 'Add an agency to the tree (Idempotency-Key supported)',
    tag: 'agencies',
    access: accessFor('agency.manage'),
    body: newAgencyRequestSchema,
    responses: { 201: { description: 'The new agency' }, 409: { description: 'The code exists (DUPLICATE)' }, 422: { description: 'Invalid body, or unknown parent (AGENCY_NOT_FOUND)' } },
    handler: async ({ body }, ctx) => {
      const agency = await createAgency(
        ctx.knex,
        { code: body.code, name: body.name, nameEn: body.nameEn ?? null, level: body.level, kind: body.kind ?? null, parentCode: body.parentCode ?? null },
        ctx.clock.now().toISOString(),
      );
      // The engine resolves `@parent` and `kind:` over this tree: it must see the new agency now.
      await ctx.dossiers.refresh();
      return { status: 201, body: presentAgency(agency) };
    },
  }),

  defineRoute({
    method: 'patch',
    path: '/agencies/:code',
    summary: 'Rename or re-place an agency; its code never changes (it is in every dossier code and paper)',
    tag: 'agencies',
    access: accessFor('agency.manage'),
    params: codeParams,
    body: agencyChangesRequestSchema,
    responses: { 200: { description: 'The agency' }, 422: { description: 'Unknown agency or parent (AGENCY_NOT_FOUND)' } },
    handler: async ({ params, body }, ctx) => {
      if (body.parentCode && !(await getAgency(ctx.knex, body.parentCode))) {
        throw new DomainError('AGENCY_NOT_FOUND.parent', { agencyCode: body.parentCode }, { parentCode: body.parentCode });
      }
      const agency = await updateAgency(ctx.knex, params.code, {
        name: body.name,
        nameEn: body.nameEn,
        level: body.level,
        kind: body.kind,
        parentCode: body.parentCode,
      });
      // Names on papers and `kind:` resolution read the tree: every process sees the change.
      await ctx.dossiers.refresh();
      return { body: presentAgency(agency) };
    },
  }),

  defineAction({
    method: 'post',
    path: '/agencies/:code/merge',
    summary: 'Merge an agency into another (the 2025 reorganisation): users, open tasks and held dossiers move; codes, history and statistics stay (Idempotency-Key supported)',
    tag: 'agencies',
    access: accessFor('agency.manage'),
    params: codeParams,
    body: mergeAgencyRequestSchema,
    responses: {
      200: { description: '{agency, into, users, dossiers}: the merged agency (now with mergedInto), its successor, the usernames and open dossier ids moved' },
      422: { description: 'Unknown agency (AGENCY_NOT_FOUND), already merged (AGENCY_MERGED), or into itself (SAME_AGENCY)' },
    },
    handler: async ({ params, body, user }, ctx) => {
      const outcome = await ctx.dossiers.mergeAgency(params.code, body.into, actorOf(user!));
      // The moved accounts' tokens name the old agency: they stop here at once (token_version
      // was bumped; other processes follow within the account cache's life, as for PATCH /users).
      if (outcome.users.length > 0) {
        for (const row of await ctx.knex('users').whereIn('username', outcome.users).select('id')) ctx.accounts.forget(Number(row.id));
      }
      const [agency, into] = await Promise.all([getAgency(ctx.knex, params.code), getAgency(ctx.knex, body.into)]);
      return { body: { agency: presentAgency(agency!), into: presentAgency(into!), users: outcome.users, dossiers: outcome.dossiers } };
    },
  }),
];
