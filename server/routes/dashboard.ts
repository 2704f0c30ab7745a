// GET /api/dashboard — the reporting form's counters for a period (DOMAIN.md, "What
// managers watch"), per agency, procedure and officer, with the overdue items one
// click away. Managers, leaders and admins; each sees the agencies below them.
import { z } from 'zod';
import { rolesFor } from '../auth/permissions.js';
import { defineRoute } from '../http/route.js';
import { buildDashboard } from '../services/dashboard.js';
import { readerOf } from '../store/index.js';

const bound = z
  .string()
  .max(40)
  .describe('YYYY-MM-DD (a day in Asia/Ho_Chi_Minh; `to` inclusive) or an ISO 8601 instant (`to` exclusive)');

const counters = {
  carriedOver: z.number(),
  received: z.number(),
  receivedOnline: z.number(),
  receivedDesk: z.number(),
  receivedPost: z.number(),
  total: z.number(),
  resolved: z.number(),
  resolvedEarly: z.number(),
  resolvedOnTime: z.number(),
  resolvedLate: z.number(),
  inProgress: z.number(),
  inProgressOnTime: z.number(),
  inProgressOverdue: z.number(),
  awaitingSupplement: z.number(),
  withdrawn: z.number(),
  rejected: z.number(),
  onTimeRate: z.number().nullable(),
};

const item = z.object({
  kind: z.enum(['dossier', 'step']),
  dossierId: z.string(),
  dossierCode: z.string(),
  procedureKey: z.string(),
  taskId: z.string().nullable(),
  step: z.string().nullable(),
  agencyCode: z.string(),
  agencyName: z.string(),
  officer: z.string().nullable(),
  officerName: z.string().nullable(),
  dueAt: z.string(),
  apologized: z.boolean(),
});

const dashboardSchema = z.object({
  period: z.object({ from: z.string(), to: z.string(), asOf: z.string() }),
  filters: z.object({ agency: z.string().nullable(), procedure: z.string().nullable() }),
  agencies: z.array(z.object({ code: z.string(), name: z.string() })).describe('the agencies the caller sees: what the agency filter offers'),
  totals: z.object(counters),
  byAgency: z.array(z.object({ agencyCode: z.string(), agencyName: z.string(), ...counters })),
  byProcedure: z.array(z.object({ procedureKey: z.string(), procedureName: z.string(), ...counters })),
  byOfficer: z.array(
    z.object({
      username: z.string(),
      fullName: z.string(),
      agencyCode: z.string().nullable(),
      stepsDone: z.number(),
      stepsEarly: z.number(),
      stepsOnTime: z.number(),
      stepsLate: z.number(),
      openOverdue: z.number(),
    }),
  ),
  overdue: z.array(item),
  overdueTotal: z.object({ dossiers: z.number(), steps: z.number() }),
  dueSoon: z.array(item),
  dueSoonTotal: z.object({ dossiers: z.number(), steps: z.number() }),
});

export const dashboardRoutes = [
  defineRoute({
    method: 'get',
    path: '/dashboard',
    summary: 'Reporting form counters for a period (default: this month), per agency, procedure and officer',
    tag: 'dashboard',
    access: { roles: rolesFor('dashboard.read') },
    query: z.object({
      from: bound.optional(),
      to: bound.optional(),
      agency: z.string().max(64).optional().describe('receiving agency code (must be one the caller sees)'),
      procedure: z.string().max(128).optional().describe('procedure key'),
    }),
    responses: { 200: { description: 'The counters', schema: dashboardSchema } },
    handler: async ({ query, user }, ctx) => {
      const { calendar } = await ctx.dossiers.engineContext();
      const body = await buildDashboard(readerOf(ctx.knex), calendar, user!, ctx.clock.now(), query);
      return { body, headers: { 'Cache-Control': 'private, no-store' } };
    },
  }),
];
