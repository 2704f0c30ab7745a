// Procedures: deployed BPMN models and their immutable versions. A deploy answers 201
// with warnings or 422 with every problem (element id, Vietnamese and English message),
// never a 5xx, whatever the body holds (server/services/procedureCheck.ts).
import { z } from 'zod';
import { accessFor } from '../auth/permissions.js';
import { DomainError, loadProcedure, timeBudget, toDays, type Problem, type ProcedureModel } from '../../engine/index.js';
import { describeMessage } from '../../contract/index.js';
import { HttpError } from '../http/errors.js';
import { defineAction } from '../http/idempotency.js';
import { presentProcedureSummary, presentProcedureVersion } from '../http/presenters.js';
import { defineRoute } from '../http/route.js';
import type { ServerContext } from '../context.js';
import { checkProcedure } from '../services/procedureCheck.js';
import { deleteDraft, getDraft, getVersion, latestVersion, listDrafts, listProcedures, listVersions, saveDraft, type ProcedureVersion } from '../store/index.js';

/**
 * What a deploy records (issue 20), as query parameters beside the XML body: the change
 * note, the approving decision's number and its effective date (the web app always asks
 * for them; integrations may leave them out) and, when the steps exceed the legal time
 * limit, the reason the officer deploys it all the same.
 */
const deployQuery = z.object({
  note: z.string().trim().min(1).max(2000).optional().describe('what changed in this version'),
  decision: z.string().trim().min(1).max(128).optional().describe('number of the approving decision, e.g. 1234/QĐ-UBND'),
  effectiveFrom: z.iso.date().optional().describe('local date the decision takes effect (YYYY-MM-DD)'),
  overLimitReason: z.string().trim().min(1).max(2000).optional().describe('why the steps may exceed the legal time limit'),
});

/** The model without what only moves on the canvas: two deploys of it are the same procedure. */
const sameProcedure = (a: ProcedureModel, b: ProcedureModel): boolean => JSON.stringify(a) === JSON.stringify(b);

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
    query: deployQuery,
    responses: {
      201: {
        description: 'Deployed',
        schema: z.object({ key: z.string(), version: z.number(), warnings: z.array(problemSchema) }),
      },
      409: { description: 'PROCEDURE_UNCHANGED: the model equals the latest version' },
      422: { description: 'INVALID_MODEL: details lists every problem with its BPMN element id; TIME_LIMIT_EXCEEDED: the steps exceed the legal time limit and no overLimitReason was given', schema: z.object({ error: z.object({ code: z.literal('INVALID_MODEL'), message: z.string(), messageEn: z.string(), details: z.array(problemSchema) }) }) },
    },
    handler: async ({ body, user, query }, ctx) => {
      const xml = body as unknown as string;
      const check = await checkProcedure(xml);
      if (!check.ok) {
        throw new DomainError('INVALID_MODEL', {}, check.problems);
      }
      const loaded = await loadProcedure(xml);
      const model = loaded.model!;
      // The officer's deploy (issue 20) records a change note — the web app always asks for
      // one — and is held to the office's rules: an unchanged model is refused, steps over the
      // legal limit need a reason. A plain POST of XML keeps CONTRACT.md §3 for integrations
      // and scripts: every deploy makes a version, and steps over the limit come back as a
      // warning beside the others.
      const officersDeploy = query.note !== undefined;
      const previous = await latestVersion(ctx.knex, model.key);
      if (officersDeploy && previous && sameProcedure(previous.model, model)) {
        throw new HttpError(409, 'PROCEDURE_UNCHANGED', { version: previous.version }, { procedureKey: model.key, version: previous.version });
      }
      // The steps along the longest path against the legal limit (mc:timeLimit): over it,
      // only with the officer's reason on record.
      const budget = timeBudget(model);
      const overLimit = budget.limitMinutes !== null && budget.longestMinutes > budget.limitMinutes;
      const days = (minutes: number) => String(toDays(minutes, budget)).replace('.', ',');
      const overLimitParams = overLimit ? { steps: days(budget.longestMinutes), limit: days(budget.limitMinutes!) } : null;
      if (overLimitParams && officersDeploy && !query.overLimitReason) {
        throw new HttpError(422, 'TIME_LIMIT_EXCEEDED', overLimitParams, {
          longestMinutes: budget.longestMinutes,
          limitMinutes: budget.limitMinutes,
          path: budget.path,
        });
      }
      const deployed = await ctx.dossiers.deploy(xml, user!.username, {
        changeNote: query.note ?? null,
        decisionNumber: query.decision ?? null,
        effectiveFrom: query.effectiveFrom ?? null,
        overLimitReason: budget.limitMinutes !== null && budget.longestMinutes > budget.limitMinutes ? (query.overLimitReason ?? null) : null,
      });
      const overLimitWarning = (params: { steps: string; limit: string }): Problem => {
        const { message, messageEn } = describeMessage('TIME_LIMIT_EXCEEDED', params);
        return { elementId: model.key, code: 'TIME_LIMIT_EXCEEDED', severity: 'warning', message, messageEn };
      };
      const warnings = overLimitParams && !query.overLimitReason ? [...deployed.warnings, overLimitWarning(overLimitParams)] : deployed.warnings;
      return { status: 201, body: { key: deployed.key, version: deployed.version, warnings } };
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

  // Drafts (issue 20): what an officer is drawing, kept on the server per procedure and
  // officer; `:key` is a procedure's key, or `new` for one not deployed yet.
  defineRoute({
    method: 'get',
    path: '/procedure-drafts',
    summary: "The caller's drafts, newest first (no XML)",
    tag: 'procedures',
    access: accessFor('procedure.deploy'),
    handler: async ({ user }, ctx) => {
      const items = await listDrafts(ctx.knex, user!.username);
      return { body: { items, total: items.length } };
    },
  }),

  defineRoute({
    method: 'get',
    path: '/procedure-drafts/:key',
    summary: "The caller's draft of a procedure",
    tag: 'procedures',
    access: accessFor('procedure.deploy'),
    params: z.object({ key: z.string().min(1).max(128) }),
    responses: { 404: { description: 'NOT_FOUND.draft: no draft of this procedure by the caller' } },
    handler: async ({ params, user }, ctx) => {
      const draft = await getDraft(ctx.knex, params.key, user!.username);
      if (!draft) throw new HttpError(404, 'NOT_FOUND.draft', { procedureKey: params.key });
      return { body: draft, headers: { 'Cache-Control': 'private, no-store' } };
    },
  }),

  defineRoute({
    method: 'put',
    path: '/procedure-drafts/:key',
    summary: "Save the caller's draft of a procedure (replaces the previous one)",
    tag: 'procedures',
    access: accessFor('procedure.deploy'),
    params: z.object({ key: z.string().min(1).max(128) }),
    body: z.object({ xml: z.string().min(1).max(5_000_000), baseVersion: z.number().int().min(1).nullable().optional() }),
    handler: async ({ params, body, user }, ctx) => {
      const draft = await saveDraft(ctx.knex, {
        procedureKey: params.key,
        username: user!.username,
        xml: body.xml,
        baseVersion: body.baseVersion ?? null,
        savedAt: ctx.clock.now().toISOString(),
      });
      return { body: { procedureKey: draft.procedureKey, baseVersion: draft.baseVersion, savedAt: draft.savedAt } };
    },
  }),

  defineRoute({
    method: 'delete',
    path: '/procedure-drafts/:key',
    summary: "Discard the caller's draft of a procedure (after a deploy, or on request)",
    tag: 'procedures',
    access: accessFor('procedure.deploy'),
    params: z.object({ key: z.string().min(1).max(128) }),
    handler: async ({ params, user }, ctx) => {
      const deleted = await deleteDraft(ctx.knex, params.key, user!.username);
      return { body: { deleted } };
    },
  }),
];
