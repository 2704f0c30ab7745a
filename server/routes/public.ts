// GET /api/public/dossiers/:code?secret= — the citizen's lookup, no login. Two limits
// (express-rate-limit), so the 6-character secret cannot be guessed and yet an office's
// shared Wi-Fi — a whole ward's citizens behind one address — is never locked out
// (issue 20):
// - per dossier code, only the **wrong** answers count: 20 in 15 minutes, whatever the
//   addresses they come from; a guesser gets 20 tries per code in a quarter of an hour;
// - per address, every lookup counts, with a generous burst: 600 in 10 minutes (a
//   hundred people looking six times each).
import type { Request, Response } from 'express';
import { rateLimit, type RateLimitRequestHandler } from 'express-rate-limit';
import { z } from 'zod';
import type { ServerContext } from '../context.js';
import { HttpError } from '../http/errors.js';
import { defineRoute } from '../http/route.js';
import { findLookedUpDossier, lookUpDossier } from '../services/publicLookup.js';
import { publicResult } from '../services/documents.js';
import { fileHeaders } from './files.js';

export const PUBLIC_LOOKUP_LIMIT = {
  perAddress: { windowMs: 10 * 60_000, limit: 600 },
  perCode: { windowMs: 15 * 60_000, limit: 20 },
} as const;

interface Limiters {
  perAddress: RateLimitRequestHandler;
  perCode: RateLimitRequestHandler;
}

// One pair of limiters (and their memory stores) per server context: two servers in one
// process (tests, a restart in place) must not share counters.
const limiters = new WeakMap<ServerContext, Limiters>();

/** The key of a dossier code: the lookup ignores case and surrounding spaces, so does the count. */
const codeKey = (req: Request): string => `code:${String(req.params.code ?? '').trim().toUpperCase()}`;

function limiter(which: 'perAddress' | 'perCode'): RateLimitRequestHandler {
  const { windowMs, limit } = PUBLIC_LOOKUP_LIMIT[which];
  return rateLimit({
    windowMs,
    limit,
    standardHeaders: which === 'perAddress' ? 'draft-8' : false,
    legacyHeaders: false,
    ...(which === 'perCode' ? { keyGenerator: codeKey, skipSuccessfulRequests: true } : {}),
    // Hand the refusal to the one error handler, so a 429 has the standard error shape.
    handler: (_req, res, next, options) => {
      res.setHeader('Retry-After', String(Math.ceil(options.windowMs / 1000)));
      next(
        new HttpError(429, which === 'perCode' ? 'TOO_MANY_REQUESTS.code' : 'TOO_MANY_REQUESTS', {}, {
          limit: options.limit,
          windowSeconds: Math.round(options.windowMs / 1000),
        }),
      );
    },
    // Created lazily on the first lookup (the route table has no per-route
    // middleware), which this check would flag; it is created once per context.
    validate: { creationStack: false, keyGeneratorIpFallback: false },
  });
}

function limitersFor(ctx: ServerContext): Limiters {
  let pair = limiters.get(ctx);
  if (!pair) {
    pair = { perAddress: limiter('perAddress'), perCode: limiter('perCode') };
    limiters.set(ctx, pair);
  }
  return pair;
}

/** Runs one express-rate-limit inside the handler: resolves when under the limit, rejects with the 429. */
function run(handler: RateLimitRequestHandler, req: Request): Promise<void> {
  return new Promise((resolve, reject) => {
    void handler(req, req.res as Response, (error?: unknown) => (error ? reject(error) : resolve()));
  });
}

async function throttle(ctx: ServerContext, req: Request): Promise<void> {
  const { perAddress, perCode } = limitersFor(ctx);
  await run(perAddress, req);
  await run(perCode, req);
}

export const publicRoutes = [
  defineRoute({
    method: 'get',
    path: '/public/dossiers/:code',
    summary: 'Citizen lookup by dossier code and secret: status, current step, appointment — nothing personal',
    tag: 'public',
    access: 'public',
    params: z.object({ code: z.string().min(1).max(64) }),
    query: z.object({ secret: z.string().max(64).optional().describe('the lookup secret printed on the receipt (Mẫu 01)') }),
    responses: {
      200: {
        description: 'Where the dossier stands',
        schema: z.object({
          code: z.string(),
          status: z.string(),
          statusLabel: z.string(),
          procedureName: z.string(),
          currentStep: z.string().nullable(),
          currentSteps: z.array(z.string()),
          agencyHolding: z.string(),
          receivedAt: z.string(),
          appointmentAt: z.string(),
          result: z.enum(['early', 'onTime', 'late']).nullable(),
          resultLabel: z.string().nullable(),
          missing: z.array(z.string()),
          overdue: z.boolean(),
          nationalStatus: z.number().int().min(1).max(10),
          nationalStatusLabel: z.string(),
          refusal: z.object({ at: z.string(), reason: z.string() }).nullable(),
          payment: z.object({ amount: z.number(), payUrl: z.string().nullable() }).nullable(),
          rating: z.object({ score: z.number(), comment: z.string().nullable(), ratedAt: z.string() }).nullable(),
          canRate: z.boolean(),
          apology: z
            .object({ at: z.string(), reason: z.string(), previousAppointmentAt: z.string(), newAppointmentAt: z.string() })
            .nullable(),
          supplement: z
            .object({
              requestedAt: z.string(),
              reason: z.string(),
              items: z.array(z.string()),
              bringTo: z.string(),
              bringBy: z.string().nullable(),
            })
            .nullable(),
        }),
      },
      404: { description: 'Wrong code or wrong secret (the same answer for both)' },
      429: { description: 'Too many lookups from this address (TOO_MANY_REQUESTS), or too many wrong ones of this code (TOO_MANY_REQUESTS.code)' },
    },
    handler: async ({ params, query, req }, ctx) => {
      await throttle(ctx, req);
      const body = await lookUpDossier(ctx.knex, params.code, query.secret, ctx.clock.now());
      return { body, headers: { 'Cache-Control': 'no-store' } };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/public/dossiers/:code/result',
    summary: 'The electronic result (signed PDF) for the citizen, with the lookup secret, once the dossier is returned',
    tag: 'public',
    access: 'public',
    params: z.object({ code: z.string().min(1).max(64) }),
    query: z.object({ secret: z.string().max(64).optional().describe('the lookup secret printed on the receipt (Mẫu 01)') }),
    responses: {
      200: { description: 'application/pdf, as an attachment' },
      404: { description: 'Wrong code or secret (NOT_FOUND.lookup), or no result yet: not returned, or none issued (NOT_FOUND.result)' },
      429: { description: 'Too many lookups (the same limits as the lookup)' },
    },
    handler: async ({ params, query, req }, ctx) => {
      await throttle(ctx, req);
      const dossier = await findLookedUpDossier(ctx.knex, params.code, query.secret);
      const { row, bytes } = await publicResult(ctx, dossier);
      return { type: 'bytes', body: bytes, headers: fileHeaders(row) };
    },
  }),
];
