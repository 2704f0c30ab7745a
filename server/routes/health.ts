import { z } from 'zod';
import { HttpError, errorBody } from '../http/errors.js';
import { defineRoute } from '../http/route.js';
import { databaseKind, pingDatabase } from '../store/index.js';

export const healthRoutes = [
  defineRoute({
    method: 'get',
    path: '/health',
    summary: 'Liveness and database reachability',
    tag: 'system',
    access: 'public',
    responses: {
      200: { description: 'Alive, database reachable', schema: z.object({ ok: z.boolean(), database: z.string(), now: z.string() }) },
      503: { description: 'Alive, database unreachable' },
    },
    handler: async (_input, ctx) => {
      const now = ctx.clock.now().toISOString();
      const database = databaseKind(ctx.knex);
      try {
        await pingDatabase(ctx.knex);
        return { body: { ok: true, database, now } };
      } catch (error) {
        // 503, not 500: the process is alive, what it depends on is not. The database's
        // own words (host names, users, file paths) go to the log, never to the public.
        console.error('GET /api/health: the database does not answer:', error);
        return {
          status: 503,
          body: {
            ok: false,
            database,
            now,
            ...errorBody(new HttpError(503, 'DATABASE_UNAVAILABLE')),
          },
        };
      }
    },
  }),
];
