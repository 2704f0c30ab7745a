// Routes are declared once, as data: method, path, who may call it, and zod schemas for
// params, query and body. The same declaration mounts the express handler (parse →
// check → call → answer) and writes the OpenAPI document, so the two cannot drift.

import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import type { AuthUser, Session } from '../auth/tokens.js';
import type { ServerContext } from '../context.js';
import { HttpError } from './errors.js';

import type { Access } from '../auth/permissions.js';
export type { Access } from '../auth/permissions.js';

export interface RouteInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  user: AuthUser | null;
  /** The verified token's session (login instant, expiry, hard cap); null without a token. */
  session: Session | null;
  headers: Request['headers'];
  req: Request;
}

export interface RouteOutput {
  status?: number;
  body?: unknown;
  /** `json` (default), `html`, `xml`, or `bytes` (a Buffer; its Content-Type in `headers`). */
  type?: 'json' | 'html' | 'xml' | 'bytes';
  headers?: Record<string, string>;
}

export interface RouteSpec<P extends z.ZodType = z.ZodType, Q extends z.ZodType = z.ZodType, B extends z.ZodType = z.ZodType> {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Express path under `/api`, e.g. `/dossiers/:id`. */
  path: string;
  summary: string;
  tag: string;
  access: Access;
  params?: P;
  query?: Q;
  body?: B;
  /** The body is raw text of this media type instead of JSON (BPMN XML). */
  rawBody?: 'application/xml';
  /** The body is `multipart/form-data`, read by the handler itself (uploads); these are its parts, for the OpenAPI document. */
  multipart?: Record<string, { type: 'string' | 'binary'; description: string }>;
  /** Documented answers besides the error responses every route has. */
  responses?: Record<number, { description: string; schema?: z.ZodType }>;
  handler: (input: RouteInput<z.infer<P>, z.infer<Q>, z.infer<B>>, ctx: ServerContext) => Promise<RouteOutput>;
}

export const defineRoute = <P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType>(
  spec: RouteSpec<P, Q, B>,
): RouteSpec => spec as unknown as RouteSpec;

function parse<T extends z.ZodType>(schema: T | undefined, value: unknown, where: string): z.infer<T> {
  if (!schema) return value as z.infer<T>;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new HttpError(
    where === 'body' ? 422 : 400,
    'VALIDATION_FAILED',
    {},
    result.error.issues.map((issue) => ({
      field: [where, ...issue.path.map(String)].join('.'),
      message: issue.message,
    })),
  );
}

export function checkAccess(access: Access, user: AuthUser | null): void {
  if (access === 'public') return;
  if (!user) throw new HttpError(401, 'UNAUTHENTICATED');
  if (access === 'staff') return;
  if (!access.roles.some((r) => user.roles.includes(r))) {
    throw new HttpError(403, 'FORBIDDEN', {}, { requiredRoles: access.roles });
  }
}

/** Sessions run on the session clock (real time), never on the manual business clock (CONTRACT.md §6.1). */
async function authenticate(req: Request, ctx: ServerContext): Promise<Session | null> {
  const header = req.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(.+)$/i.exec(header);
  const session = match ? await ctx.tokens.verify(match[1], ctx.sessionClock.now()) : null;
  if (!session) throw new HttpError(401, 'INVALID_TOKEN');
  // A disabled, re-roled or re-passworded account's older tokens stop here (auth/accountState.ts).
  const refusal = await ctx.accounts.refusal(session);
  if (refusal) throw new HttpError(401, refusal);
  return session;
}

/** express `:id` → OpenAPI `{id}`. */
const openApiPath = (path: string) => path.replace(/:([A-Za-z_]+)/g, '{$1}');

export function mountRoutes(router: Router, routes: readonly RouteSpec[], ctx: ServerContext): void {
  for (const route of routes) {
    const handlers: express.RequestHandler[] = [];
    if (route.rawBody) handlers.push(express.text({ type: ['application/xml', 'text/xml'], limit: ctx.bodyLimit }));
    handlers.push(async (req: Request, res: Response, next) => {
      try {
        const session = await authenticate(req, ctx);
        const user = session?.user ?? null;
        checkAccess(route.access, user);
        if (route.rawBody && typeof req.body !== 'string') {
          throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', { mediaType: route.rawBody });
        }
        const input = {
          params: parse(route.params, req.params, 'params'),
          query: parse(route.query, req.query, 'query'),
          body: parse(route.body, req.body ?? {}, 'body'),
          user,
          session,
          headers: req.headers,
          req,
        };
        const out = await route.handler(input, ctx);
        for (const [k, v] of Object.entries(out.headers ?? {})) res.setHeader(k, v);
        res.status(out.status ?? 200);
        if (out.type === 'html') res.type('text/html; charset=utf-8').send(out.body);
        else if (out.type === 'xml') res.type('application/xml; charset=utf-8').send(out.body);
        else if (out.type === 'bytes') res.send(out.body as Buffer);
        else if (out.body === undefined) res.end();
        else res.json(out.body);
      } catch (error) {
        next(error);
      }
    });
    router[route.method](route.path, ...handlers);
  }
}

const errorSchema = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string' },
        message: { type: 'string', description: 'Vietnamese' },
        messageEn: { type: 'string', description: 'English' },
        messageKey: { type: 'string', description: 'the message catalogue entry (contract/messages.ts): `code` or `code.variant`' },
        params: { type: 'object', description: 'the values the entry names' },
        details: {},
      },
    },
  },
};

const toSchema = (schema: z.ZodType) => z.toJSONSchema(schema, { unrepresentable: 'any', io: 'input' });

/** OpenAPI 3.1 document of every route, from the same zod schemas that validate requests. */
export function openApiDocument(routes: readonly RouteSpec[], version: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const parameters: unknown[] = [];
    for (const [where, schema] of [
      ['path', route.params],
      ['query', route.query],
    ] as const) {
      if (!schema) continue;
      const json = toSchema(schema) as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, property] of Object.entries(json.properties ?? {})) {
        parameters.push({ name, in: where, required: where === 'path' || (json.required ?? []).includes(name), schema: property });
      }
    }
    const responses: Record<string, unknown> = {};
    for (const [status, r] of Object.entries(route.responses ?? { 200: { description: 'OK' } })) {
      responses[status] = r.schema
        ? { description: r.description, content: { 'application/json': { schema: toSchema(r.schema) } } }
        : { description: r.description };
    }
    for (const [status, description] of [
      ['400', 'Invalid parameters'],
      ['401', 'Not logged in'],
      ['403', 'Not allowed'],
      ['422', 'Invalid body'],
    ] as const) {
      if (route.access === 'public' && (status === '401' || status === '403')) continue;
      responses[status] ??= { description, content: { 'application/json': { schema: errorSchema } } };
    }
    const operation: Record<string, unknown> = {
      summary: route.summary,
      tags: [route.tag],
      parameters,
      responses,
      ...(route.access === 'public' ? { security: [] } : {}),
    };
    if (route.multipart) {
      const properties = Object.fromEntries(
        Object.entries(route.multipart).map(([name, part]) => [name, { type: 'string', description: part.description, ...(part.type === 'binary' ? { format: 'binary' } : {}) }]),
      );
      operation.requestBody = { required: true, content: { 'multipart/form-data': { schema: { type: 'object', properties } } } };
    } else if (route.body || route.rawBody) {
      operation.requestBody = {
        required: true,
        content: route.rawBody
          ? { [route.rawBody]: { schema: { type: 'string' } } }
          : { 'application/json': { schema: toSchema(route.body!) } },
      };
    }
    (paths[openApiPath(`/api${route.path}`)] ??= {})[route.method] = operation;
  }
  return {
    openapi: '3.1.0',
    info: { title: 'MộtCửa API', version, description: 'Một cửa, một cửa liên thông — public API (shared/CONTRACT.md)' },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    security: [{ bearer: [] }],
    paths,
  };
}
