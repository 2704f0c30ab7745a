// GET /api/public/dossiers/:code?secret= — the citizen's lookup, no login. Throttled per
// IP (express-rate-limit) so the 6-character secret cannot be guessed by brute force:
// 30 lookups a minute is plenty for a person, hopeless for a guesser.
import type { Request, Response } from 'express';
import { rateLimit, type RateLimitRequestHandler } from 'express-rate-limit';
import { z } from 'zod';
import type { ServerContext } from '../context.js';
import { HttpError } from '../http/errors.js';
import { defineRoute } from '../http/route.js';
import { lookUpDossier } from '../services/publicLookup.js';

export const PUBLIC_LOOKUP_LIMIT = { windowMs: 60_000, limit: 30 } as const;

// One limiter (and its memory store) per server context: two servers in one process
// (tests, a restart in place) must not share counters.
const limiters = new WeakMap<ServerContext, RateLimitRequestHandler>();

function limiterFor(ctx: ServerContext): RateLimitRequestHandler {
  let limiter = limiters.get(ctx);
  if (!limiter) {
    limiter = rateLimit({
      windowMs: PUBLIC_LOOKUP_LIMIT.windowMs,
      limit: PUBLIC_LOOKUP_LIMIT.limit,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      // Hand the refusal to the one error handler, so a 429 has the standard error shape.
      handler: (_req, _res, next, options) =>
        next(
          new HttpError(429, 'TOO_MANY_REQUESTS', {}, {
            limit: options.limit,
            windowSeconds: Math.round(options.windowMs / 1000),
          }),
        ),
      // Created lazily on the first lookup (the route table has no per-route
      // middleware), which this check would flag; it is created once per context.
      validate: { creationStack: false },
    });
    limiters.set(ctx, limiter);
  }
  return limiter;
}

/** Runs express-rate-limit inside the handler: resolves when under the limit, rejects with the 429. */
function throttle(ctx: ServerContext, req: Request): Promise<void> {
  const limiter = limiterFor(ctx);
  return new Promise((resolve, reject) => {
    void limiter(req, req.res as Response, (error?: unknown) => (error ? reject(error) : resolve()));
  });
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
        }),
      },
      404: { description: 'Wrong code or wrong secret (the same answer for both)' },
      429: { description: 'Too many lookups from this address' },
    },
    handler: async ({ params, query, req }, ctx) => {
      await throttle(ctx, req);
      const body = await lookUpDossier(ctx.knex, params.code, query.secret);
      return { body, headers: { 'Cache-Control': 'no-store' } };
    },
  }),
];
