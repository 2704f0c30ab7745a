// `Idempotency-Key` on POST actions: a clerk whose connection dropped after pressing
// "Tiếp nhận" retries, and the dossier must not be received twice. The first answer
// (status and body) is kept per (user, key) in the database — any server process may
// get the retry — and replayed; the same key with another request is refused.
//
// The key is taken (a row with no answer yet) BEFORE the action runs, so a retry that
// arrives while the first attempt is still running gets 409 instead of running it again.
// Once the action committed, the key is never released: if building the answer then
// fails, the key is kept as committed (`committed_at`), and a retry gets the answer
// rebuilt by the route's `recover` (the dossier as it now stands) — or, for a route
// without one, 409 IDEMPOTENCY_IN_PROGRESS (`.applied`) — never a second application.
// If a process dies between committing the action and storing its answer, the key stays
// taken and every retry gets 409: never applying twice is worth more than that retry.
//
// Keys are kept MOTCUA_IDEMPOTENCY_RETENTION_HOURS (24 h) and purged by the periodic
// purge (server/maintenance/purge.ts); an older key is treated as absent.

import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { canonicalJson } from '../canonicalJson.js';
import type { Clock } from '../clock.js';
import type { ServerContext } from '../context.js';
import { retentionFromEnv } from '../maintenance/purge.js';
import { watchCommits, type CommitWatch } from '../services/commits.js';
import { isUniqueViolation } from '../store/index.js';
import { HttpError, answerOf } from './errors.js';
import type { z } from 'zod';
import { defineRoute, type RouteInput, type RouteOutput, type RouteSpec } from './route.js';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
const MAX_KEY_LENGTH = 255;

interface StoredAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

type Begun =
  | { kind: 'fresh' }
  | { kind: 'replay'; answer: StoredAnswer }
  /** The first attempt committed its action but could not answer: rebuild the answer, never run it again. */
  | { kind: 'committed'; dossierIds: string[] };

/** What a retry of a committed action without its answer may rebuild the answer from. */
export interface Committed {
  dossierIds: string[];
}

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
    const expired = new Date(now.getTime() - retentionFromEnv().idempotencyMs).toISOString();
    // A key older than the retention is gone, whether or not the purge got to it yet.
    await this.knex('idempotency_keys').where({ user_id: userId, key }).where('created_at', '<', expired).delete();
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
      if (row.committed_at) {
        const stored = row.response ? (JSON.parse(String(row.response)) as { committed?: Committed }) : {};
        return { kind: 'committed', dossierIds: stored.committed?.dossierIds ?? [] };
      }
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

  /** The action committed but its answer failed: the key stays taken, and says so. */
  async markCommitted(userId: number, key: string, committed: Committed): Promise<void> {
    await this.knex('idempotency_keys')
      .where({ user_id: userId, key, status: null })
      .update({ committed_at: this.clock.now().toISOString(), response: JSON.stringify({ committed }) });
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
/** Builds the answer of an action already committed by an earlier attempt, from what it committed. */
export type Recover<I> = (input: I, ctx: ServerContext, committed: Committed) => Promise<RouteOutput>;

const replayed = (output: RouteOutput): RouteOutput => ({ ...output, headers: { ...(output.headers ?? {}), 'Idempotent-Replayed': 'true' } });

/** Wraps a POST action's handler with the Idempotency-Key behaviour; without the header it just runs. */
export function idempotent<I extends RouteInput<unknown, unknown, unknown>>(handler: Handler<I>, recover?: Recover<I>): Handler<I> {
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
      return replayed({ status: begun.answer.status, body: begun.answer.body, headers: begun.answer.headers });
    }
    if (begun.kind === 'committed') {
      if (!recover) throw new HttpError(409, 'IDEMPOTENCY_IN_PROGRESS.applied', {}, { dossierIds: begun.dossierIds });
      const rebuilt = await recover(input, ctx, { dossierIds: begun.dossierIds });
      await store.finish(userId, key, { status: rebuilt.status ?? 200, body: rebuilt.body, headers: rebuilt.headers });
      return replayed(rebuilt);
    }
    const watch: CommitWatch = { committed: false, dossierIds: [] };
    let output: RouteOutput;
    try {
      output = await watchCommits(watch, () => handler(input, ctx));
    } catch (error) {
      const answer = answerOf(error);
      // Applied, though the answer failed: a retry must not apply it again.
      if (watch.committed) await store.markCommitted(userId, key, { dossierIds: watch.dossierIds });
      else if (answer && isFinal(answer)) await store.finish(userId, key, answer);
      else await store.release(userId, key).catch(() => undefined);
      throw error;
    }
    await store.finish(userId, key, { status: output.status ?? 200, body: output.body, headers: output.headers });
    return output;
  };
}

/**
 * `defineRoute` for a POST action: the same declaration, with the Idempotency-Key
 * behaviour around its handler. `recover` rebuilds the answer of an attempt that
 * committed but could not answer (see the top of this file).
 */
export const defineAction = <P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType>(
  spec: RouteSpec<P, Q, B> & { recover?: Recover<RouteInput<z.infer<P>, z.infer<Q>, z.infer<B>>> },
): RouteSpec => {
  const { recover, ...route } = spec;
  return defineRoute<P, Q, B>({ ...route, handler: idempotent(route.handler, recover) });
};
