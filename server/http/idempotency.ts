// `Idempotency-Key` on POST actions: a clerk whose connection dropped after pressing
// "Tiếp nhận" retries, and the dossier must not be received twice. The first answer
// (status and body) is kept per (user, key) in the database — any server process may
// get the retry — and replayed; the same key with another request is refused.
//
// The key is taken (a row with no answer yet) BEFORE the action runs, so a retry that
// arrives while the first attempt is still running gets 409 instead of running it again.
// If a process dies between committing the action and storing its answer, the key stays
// taken and every retry gets 409: never applying twice is worth more than that retry.

import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { canonicalJson } from '../canonicalJson.js';
import type { Clock } from '../clock.js';
import type { ServerContext } from '../context.js';
import { isUniqueViolation } from '../store/index.js';
import { HttpError, answerOf } from './errors.js';
import type { z } from 'zod';
import { defineRoute, type RouteInput, type RouteOutput, type RouteSpec } from './route.js';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
/** Answers are kept a day: long enough for any retry, short enough to keep the table small. */
const RETENTION_MS = 24 * 60 * 60 * 1000;
const MAX_KEY_LENGTH = 255;

interface StoredAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

type Begun = { kind: 'fresh' } | { kind: 'replay'; answer: StoredAnswer };

export function fingerprint(method: string, path: string, body: unknown): string {
  // Object keys sorted, so `{a,b}` and `{b,a}` are the same request.
  const text = typeof body === 'string' ? body : canonicalJson(body ?? {});
  return createHash('sha256').update(`${method.toUpperCase()} ${path}\n${text}`).digest('hex');
}

export class IdempotencyStore {
  constructor(
    private readonly knex: Knex,
    private readonly clock: Clock,
  ) {}

  /** Takes the key, or answers from it: a replay, 422 for another request, 409 while the first still runs. */
  async begin(userId: number, key: string, request: { method: string; path: string; fingerprint: string }): Promise<Begun> {
    const now = this.clock.now();
    await this.knex('idempotency_keys')
      .where('created_at', '<', new Date(now.getTime() - RETENTION_MS).toISOString())
      .delete();
    try {
      await this.knex('idempotency_keys').insert({
        user_id: userId,
        key,
        fingerprint: request.fingerprint,
        method: request.method.toUpperCase(),
        path: request.path.slice(0, 500),
        status: null,
        response: null,
        created_at: now.toISOString(),
      });
      return { kind: 'fresh' };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
    const row = await this.knex('idempotency_keys').where({ user_id: userId, key }).first();
    if (!row) {
      // Purged between our insert and this read: a day-old key. Treat it as taken.
      throw new HttpError(409, 'IDEMPOTENCY_IN_PROGRESS');
    }
    if (row.fingerprint !== request.fingerprint) {
      throw new HttpError(422, 'IDEMPOTENCY_KEY_REUSED', {}, { field: 'headers.idempotency-key', firstRequest: { method: row.method, path: row.path } });
    }
    if (row.status === null || row.status === undefined) {
      throw new HttpError(409, 'IDEMPOTENCY_IN_PROGRESS');
    }
    const stored = JSON.parse(String(row.response)) as { body: unknown; headers?: Record<string, string> };
    return { kind: 'replay', answer: { status: Number(row.status), body: stored.body, headers: stored.headers } };
  }

  async finish(userId: number, key: string, answer: StoredAnswer): Promise<void> {
    await this.knex('idempotency_keys')
      .where({ user_id: userId, key })
      .update({ status: answer.status, response: JSON.stringify({ body: answer.body ?? null, headers: answer.headers ?? {} }) });
  }

  /** The attempt failed in a way worth retrying: free the key. */
  async release(userId: number, key: string): Promise<void> {
    await this.knex('idempotency_keys').where({ user_id: userId, key, status: null }).delete();
  }
}


/**
 * Worth replaying: what a retry would get again. Not worth it: server faults, and the
 * transient refusals whose whole point is "try again" (the dossier changed meanwhile,
 * too many attempts) — the action was not applied, so running it again is safe.
 */
function isFinal(answer: StoredAnswer): boolean {
  if (answer.status >= 500 || answer.status === 429) return false;
  const code = (answer.body as { error?: { code?: string } } | undefined)?.error?.code;
  return code !== 'VERSION_CONFLICT';
}

type Handler<I> = (input: I, ctx: ServerContext) => Promise<RouteOutput>;

/** Wraps a POST action's handler with the Idempotency-Key behaviour; without the header it just runs. */
export function idempotent<I extends RouteInput<unknown, unknown, unknown>>(handler: Handler<I>): Handler<I> {
  return async (input, ctx) => {
    const raw = input.headers[IDEMPOTENCY_HEADER];
    const key = Array.isArray(raw) ? raw[0] : raw;
    if (key === undefined || input.user === null) return handler(input, ctx);
    if (key.length === 0 || key.length > MAX_KEY_LENGTH) {
      throw new HttpError(400, 'VALIDATION_FAILED', {}, [
        { field: 'headers.idempotency-key', message: `1–${MAX_KEY_LENGTH} characters` },
      ]);
    }
    const store = new IdempotencyStore(ctx.knex, ctx.clock);
    const userId = input.user.id;
    const path = input.req.originalUrl.split('?')[0];
    const begun = await store.begin(userId, key, {
      method: input.req.method,
      path,
      fingerprint: fingerprint(input.req.method, path, input.req.body),
    });
    if (begun.kind === 'replay') {
      return {
        status: begun.answer.status,
        body: begun.answer.body,
        headers: { ...(begun.answer.headers ?? {}), 'Idempotent-Replayed': 'true' },
      };
    }
    let output: RouteOutput;
    try {
      output = await handler(input, ctx);
    } catch (error) {
      const answer = answerOf(error);
      if (answer && isFinal(answer)) await store.finish(userId, key, answer);
      else await store.release(userId, key).catch(() => undefined);
      throw error;
    }
    await store.finish(userId, key, { status: output.status ?? 200, body: output.body, headers: output.headers });
    return output;
  };
}

/** `defineRoute` for a POST action: the same declaration, with the Idempotency-Key behaviour around its handler. */
export const defineAction = <P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType>(spec: RouteSpec<P, Q, B>): RouteSpec =>
  defineRoute<P, Q, B>({ ...spec, handler: idempotent(spec.handler) });
