// GET /api/index766 — the Decision 766 index for a period (CONTRACT.md §6.3), its report
// form as a spreadsheet (GET /api/index766/report.xlsx), and the public statistics page's
// figures (GET /api/public/statistics: on-time rate by agency and month, no login, no
// personal data, limited per address like the citizen lookup and cached a few minutes).
import type { Request, Response } from 'express';
import { rateLimit, type RateLimitRequestHandler } from 'express-rate-limit';
import { z } from 'zod';
import { index766QuerySchema, publicStatisticsQuerySchema } from '../../contract/requests.js';
import type { ServerContext } from '../context.js';
import { rolesFor } from '../auth/permissions.js';
import { HttpError } from '../http/errors.js';
import { defineRoute } from '../http/route.js';
import { index766Workbook } from '../reports/index766Xlsx.js';
import { buildIndex766, buildPublicStatistics, type PublicStatistics } from '../services/index766.js';
import { readerOf } from '../store/index.js';
import { PUBLIC_LOOKUP_LIMIT } from './public.js';

const figure = z.object({
  points: z.number().nullable(),
  max: z.number(),
  numerator: z.number(),
  denominator: z.number(),
  reason: z.string().nullable(),
  notes: z.array(z.string()),
});
const figures = {
  onTime: figure,
  synced: figure,
  online: figure,
  payment: figure,
  digitisation: figure,
  satisfaction: figure,
  total: z.number(),
  totalMax: z.number(),
};
const index766Schema = z.object({
  period: z.object({ from: z.string(), to: z.string(), asOf: z.string() }),
  filters: z.object({ agency: z.string().nullable(), procedure: z.string().nullable() }),
  policy: z.object({ maxSupplementRequests: z.number(), apologyIsLate: z.boolean() }),
  ...figures,
  byAgency: z.array(z.object({ agencyCode: z.string(), agencyName: z.string(), ...figures })),
  byProcedure: z.array(z.object({ procedureKey: z.string(), procedureName: z.string(), ...figures })),
  byMonth: z.array(z.object({ month: z.string(), from: z.string(), to: z.string(), ...figures })),
  costs: z.array(
    z.object({
      metric: z.string(),
      reason: z.string(),
      dossierId: z.string(),
      dossierCode: z.string(),
      procedureKey: z.string(),
      procedureName: z.string(),
      agencyCode: z.string(),
      agencyName: z.string(),
      appointmentAt: z.string(),
      finishedAt: z.string().nullable(),
      supplementRequests: z.number(),
      step: z.string().nullable(),
      stepAgencyCode: z.string().nullable(),
      officer: z.string().nullable(),
      officerName: z.string().nullable(),
    }),
  ),
  costTotals: z.record(z.string(), z.number()),
});

const rate = z.object({ month: z.string(), onTime: z.number(), total: z.number(), rate: z.number().nullable() });
const publicStatisticsSchema = z.object({
  year: z.number(),
  months: z.array(z.string()),
  agencies: z.array(z.object({ agencyCode: z.string(), agencyName: z.string(), months: z.array(rate) })),
  province: z.array(rate),
});

// Per server context (two servers in one process must not share counters or answers).
const limiters = new WeakMap<ServerContext, RateLimitRequestHandler>();
const cache = new WeakMap<ServerContext, Map<number, { at: number; body: PublicStatistics }>>();
/** The public figures change slowly and every visitor asks the same: kept this long. */
export const PUBLIC_STATISTICS_CACHE_MS = 5 * 60_000;

function limiterFor(ctx: ServerContext): RateLimitRequestHandler {
  let l = limiters.get(ctx);
  if (!l) {
    const { windowMs, limit } = PUBLIC_LOOKUP_LIMIT.perAddress;
    l = rateLimit({
      windowMs,
      limit,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      handler: (_req, res, next, options) => {
        res.setHeader('Retry-After', String(Math.ceil(options.windowMs / 1000)));
        next(new HttpError(429, 'TOO_MANY_REQUESTS', {}, { limit: options.limit, windowSeconds: Math.round(options.windowMs / 1000) }));
      },
      validate: { creationStack: false },
    });
    limiters.set(ctx, l);
  }
  return l;
}

const throttle = (ctx: ServerContext, req: Request) =>
  new Promise<void>((resolve, reject) => {
    void limiterFor(ctx)(req, req.res as Response, (error?: unknown) => (error ? reject(error) : resolve()));
  });

export const index766Routes = [
  defineRoute({
    method: 'get',
    path: '/index766',
    summary: 'The Decision 766 service-quality index for a period (default: this month): each metric with points, numerator, denominator; by agency, procedure, month; the dossiers that cost points',
    tag: 'dashboard',
    access: { roles: rolesFor('index766.read') },
    query: index766QuerySchema,
    responses: { 200: { description: 'The index', schema: index766Schema } },
    handler: async ({ query, user }, ctx) => {
      const { calendar } = await ctx.dossiers.engineContext();
      const body = await buildIndex766(readerOf(ctx.knex), calendar, user!, ctx.clock.now(), query);
      return { body, headers: { 'Cache-Control': 'private, no-store' } };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/index766/report.xlsx',
    summary: 'The Decision 766 index report form as a spreadsheet (XLSX): by agency, by month, and the dossiers that cost points',
    tag: 'dashboard',
    access: { roles: rolesFor('index766.read') },
    query: index766QuerySchema,
    responses: { 200: { description: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } },
    handler: async ({ query, user }, ctx) => {
      const { calendar } = await ctx.dossiers.engineContext();
      const index = await buildIndex766(readerOf(ctx.knex), calendar, user!, ctx.clock.now(), query);
      const month = calendar.localDate(new Date(index.period.from)).slice(0, 7);
      const body = await index766Workbook(index, 'BÁO CÁO CHỈ SỐ PHỤC VỤ NGƯỜI DÂN, DOANH NGHIỆP (Quyết định 766/QĐ-TTg)');
      return {
        type: 'bytes',
        body,
        headers: {
          'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          'Content-Disposition': `attachment; filename="chi-so-766-${month}.xlsx"`,
          'Cache-Control': 'private, no-store',
        },
      };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/public/statistics',
    summary: 'Public statistics: dossiers on time (Decision 766 rule) by receiving agency and month of a year — counts only, nothing personal',
    tag: 'public',
    access: 'public',
    query: publicStatisticsQuerySchema,
    responses: {
      200: { description: 'On-time counts and rates', schema: publicStatisticsSchema },
      429: { description: 'Too many requests from this address (TOO_MANY_REQUESTS)' },
    },
    handler: async ({ query, req }, ctx) => {
      await throttle(ctx, req);
      const { calendar } = await ctx.dossiers.engineContext();
      const now = ctx.clock.now();
      const year = query.year ?? Number(calendar.localDate(now).slice(0, 4));
      let perCtx = cache.get(ctx);
      if (!perCtx) cache.set(ctx, (perCtx = new Map()));
      const hit = perCtx.get(year);
      const real = Date.now();
      let body = hit && real - hit.at < PUBLIC_STATISTICS_CACHE_MS ? hit.body : null;
      if (!body) {
        body = await buildPublicStatistics(readerOf(ctx.knex), calendar, now, year);
        perCtx.set(year, { at: real, body });
      }
      return { body, headers: { 'Cache-Control': 'public, max-age=300' } };
    },
  }),
];
