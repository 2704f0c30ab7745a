// The agency tree (commune → district → province, with kinds such as `tax` that
// `mc:agency="kind:…"` resolves). The engine reads the tree from DossierService's
// cache, so every change here refreshes it.
import { z } from 'zod';
import { newAgencyRequestSchema } from '../../contract/index.js';
import { accessFor } from '../auth/permissions.js';
import { defineAction } from '../http/idempotency.js';
import { presentAgency } from '../http/presenters.js';
import { defineRoute } from '../http/route.js';
import { agencyTree, createAgency } from '../store/index.js';

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
];
