// Procedures: deployed BPMN models and their immutable versions. A deploy answers 201
// with warnings or 422 with every problem (element id, Vietnamese and English message),
// never a 5xx, whatever the body holds (server/services/procedureCheck.ts).
import { z } from 'zod';
import { accessFor } from '../auth/permissions.js';
import { DomainError } from '../../engine/index.js';
import { defineAction } from '../http/idempotency.js';
import { presentProcedureSummary, presentProcedureVersion } from '../http/presenters.js';
import { defineRoute } from '../http/route.js';
import type { ServerContext } from '../context.js';
import { checkProcedure } from '../services/procedureCheck.js';
import { getVersion, latestVersion, listProcedures, listVersions, type ProcedureVersion } from '../store/index.js';

const problemSchema = z.object({
  elementId: z.string().nullable(),
  code: z.string(),
  severity: z.enum(['error', 'warning']),
  message: z.string(),
  messageEn: z.string(),
});

const procedureNotFound = (key: string, version?: number) =>
  version === undefined
    ? new DomainError('NOT_FOUND.procedure', { procedureKey: key }, { procedureKey: key, version })
    : new DomainError('NOT_FOUND.procedureVersion', { procedureKey: key, version }, { procedureKey: key, version });

async function versionView(ctx: ServerContext, stored: ProcedureVersion) {
  const [procedure, history, latest] = await Promise.all([
    ctx.dossiers.compiledProcedure(stored.key, stored.version),
    listVersions(ctx.knex, stored.key),
    latestVersion(ctx.knex, stored.key),
  ]);
  return presentProcedureVersion(stored, procedure, history, latest?.version ?? stored.version);
}

export const procedureRoutes = [
  defineRoute({
    method: 'get',
    path: '/procedures',
    summary: 'Deployed procedures, latest version each',
    tag: 'procedures',
    access: accessFor('procedure.read'),
    handler: async (_input, ctx) => {
      const items = await Promise.all(
        (await listProcedures(ctx.knex)).map(async (p) => {
          // Who may receive it (`mc:intake`): the desk offers only what it may receive (issue 20).
          const compiled = await ctx.dossiers.compiledProcedure(p.key, p.latestVersion).catch(() => null);
          return { ...presentProcedureSummary(p), intake: compiled?.model.intake ?? null };
        }),
      );
      return { body: { items, total: items.length } };
    },
  }),

  defineAction({
    method: 'post',
    path: '/procedures',
    summary: 'Deploy a BPMN model (application/xml) as a new version',
    tag: 'procedures',
    access: accessFor('procedure.deploy'),
    rawBody: 'application/xml',
    responses: {
      201: {
        description: 'Deployed',
        schema: z.object({ key: z.string(), version: z.number(), warnings: z.array(problemSchema) }),
      },
      422: { description: 'INVALID_MODEL: details lists every problem with its BPMN element id', schema: z.object({ error: z.object({ code: z.literal('INVALID_MODEL'), message: z.string(), messageEn: z.string(), details: z.array(problemSchema) }) }) },
    },
    handler: async ({ body, user }, ctx) => {
      const xml = body as unknown as string;
      const check = await checkProcedure(xml);
      if (!check.ok) {
        throw new DomainError('INVALID_MODEL', {}, check.problems);
      }
      const deployed = await ctx.dossiers.deploy(xml, user!.username);
      return { status: 201, body: { key: deployed.key, version: deployed.version, warnings: deployed.warnings } };
    },
  }),

  defineRoute({
    method: 'get',
    path: '/procedures/:key',
    summary: 'A procedure: latest definition, XML, steps with their outcomes, version history',
    tag: 'procedures',
    access: accessFor('procedure.read'),
    params: z.object({ key: z.string().min(1) }),
    handler: async ({ params }, ctx) => {
      const stored = await latestVersion(ctx.knex, params.key);
      if (!stored) throw procedureNotFound(params.key);
      return { body: await versionView(ctx, stored) };
    },
  }),

  defineRoute({
    method: 'get',
    path: '/procedures/:key/versions/:v',
    summary: 'One deployed version of a procedure',
    tag: 'procedures',
    access: accessFor('procedure.read'),
    params: z.object({ key: z.string().min(1), v: z.coerce.number().int().min(1) }),
    handler: async ({ params }, ctx) => {
      const stored = await getVersion(ctx.knex, params.key, params.v);
      if (!stored) throw procedureNotFound(params.key, params.v);
      return { body: await versionView(ctx, stored) };
    },
  }),
];
