// Logging in, renewing the session while in use, "who am I", and changing one's own
// password. Failed logins are throttled per (username, address) and per address in the
// database (server/auth/throttle.ts); a throttled try is refused before its password is
// even checked, so guessing on learns nothing. All of it runs on the session clock — real
// time, even under a manual business clock.
import type { Request } from 'express';
import { z } from 'zod';
import { PASSWORD_MIN_LENGTH, changePasswordRequestSchema, loginRequestSchema, passwordWeakness } from '../../contract/index.js';
import { actionsOf } from '../auth/permissions.js';
import { hashPassword, verifyPassword } from '../auth/passwords.js';
import { LoginThrottle, type ThrottleVerdict } from '../auth/throttle.js';
import { HttpError, errorBody, fieldProblem } from '../http/errors.js';
import { presentAgency, presentUser } from '../http/presenters.js';
import { defineRoute, type RouteOutput } from '../http/route.js';
import { findUserById, findUserByUsername, getAgency, inTransaction, updateUser } from '../store/index.js';

// An unknown username still costs one scrypt, so response time does not tell which
// usernames exist.
let decoyHash: Promise<string> | null = null;
const decoy = () => (decoyHash ??= hashPassword('decoy password never matches'));

const invalidCredentials = () =>
  new HttpError(401, 'INVALID_CREDENTIALS');

/** The caller's address as express reports it: behind a proxy only with MOTCUA_TRUST_PROXY (server/http/trustProxy.ts). */
const addressOf = (req: Request): string => req.ip ?? req.socket.remoteAddress ?? 'unknown';

/** 429 with Retry-After for a throttled try. */
const throttled = (verdict: ThrottleVerdict): RouteOutput => ({
  status: 429,
  headers: { 'Retry-After': String(verdict.retryAfterSeconds) },
  body: errorBody(
    new HttpError(429, verdict.scope === 'address' ? 'TOO_MANY_ATTEMPTS.address' : 'TOO_MANY_ATTEMPTS', {}, { retryAfterSeconds: verdict.retryAfterSeconds }),
  ),
});

/** A new password must pass the one rule (contract/requests.ts `passwordWeakness`): 422 WEAK_PASSWORD otherwise. */
export function assertStrongPassword(password: string, username: string, field: string): void {
  const weakness = passwordWeakness(password, username);
  if (weakness) {
    throw new HttpError(422, 'WEAK_PASSWORD', { minLength: PASSWORD_MIN_LENGTH }, [
      { ...fieldProblem(field, 'WEAK_PASSWORD', { minLength: PASSWORD_MIN_LENGTH }), reason: weakness },
    ]);
  }
}

const userSchema = z.object({
  id: z.number(),
  username: z.string(),
  fullName: z.string(),
  agencyCode: z.string(),
  roles: z.array(z.string()),
  active: z.boolean(),
});

export const authRoutes = [
  defineRoute({
    method: 'post',
    path: '/auth/login',
    summary: 'Log in with username and password → bearer token',
    tag: 'auth',
    access: 'public',
    body: loginRequestSchema,
    responses: {
      200: { description: 'Logged in', schema: z.object({ token: z.string(), expiresAt: z.string(), sessionEndsAt: z.string(), user: userSchema }) },
      401: { description: 'Wrong username or password (INVALID_CREDENTIALS)' },
      403: { description: 'The account is disabled (ACCOUNT_DISABLED)' },
      429: { description: 'Too many failed attempts from this address for this username (TOO_MANY_ATTEMPTS); see Retry-After' },
    },
    handler: async ({ body, req }, ctx) => {
      const throttle = new LoginThrottle(ctx.knex, ctx.sessionClock);
      // The try takes its place in the count before the password is checked: N parallel
      // guesses cannot all slip in under the limit (server/auth/throttle.ts).
      const { verdict, attempt } = await throttle.attempt(body.username, addressOf(req));
      if (!attempt) return throttled(verdict);
      let account: Awaited<ReturnType<typeof findUserByUsername>>;
      let matches: boolean;
      try {
        account = await findUserByUsername(ctx.knex, body.username);
        matches = await verifyPassword(body.password, account?.passwordHash ?? (await decoy()));
      } catch (error) {
        // Busy (503 SERVER_BUSY) or the database failed: that try was never judged.
        await throttle.abandoned(attempt).catch(() => undefined);
        throw error;
      }
      if (!account || !matches) {
        await throttle.failed(attempt);
        throw invalidCredentials();
      }
      await throttle.succeeded(attempt);
      if (!account.active) {
        throw new HttpError(403, 'ACCOUNT_DISABLED');
      }
      const { passwordHash: _hash, ...user } = account;
      const signed = await ctx.tokens.sign(
        { id: user.id, username: user.username, fullName: user.fullName, agencyCode: user.agencyCode, roles: user.roles, tokenVersion: user.tokenVersion },
        ctx.sessionClock.now(),
      );
      return { body: { ...signed!, user: presentUser(user) } };
    },
  }),

  defineRoute({
    method: 'post',
    path: '/auth/refresh',
    summary: 'Renew the session while in use: a fresh token for the same login, up to its hard cap',
    tag: 'auth',
    access: 'staff',
    responses: {
      200: { description: 'A fresh token of the same session', schema: z.object({ token: z.string(), expiresAt: z.string(), sessionEndsAt: z.string() }) },
      401: { description: 'The token is invalid or expired (INVALID_TOKEN), the account is no longer active, or the session reached its cap (SESSION_ENDED)' },
    },
    handler: async ({ session }, ctx) => {
      // From the database, not the token: a disabled account or changed roles end renewal.
      const current = await findUserById(ctx.knex, session!.user.id);
      if (!current || !current.active) {
        throw new HttpError(401, 'INVALID_TOKEN.inactive');
      }
      const signed = await ctx.tokens.sign(
        { id: current.id, username: current.username, fullName: current.fullName, agencyCode: current.agencyCode, roles: current.roles, tokenVersion: current.tokenVersion },
        ctx.sessionClock.now(),
        session!.startedAt,
      );
      if (!signed) {
        throw new HttpError(401, 'SESSION_ENDED', {}, {
          sessionEndsAt: session!.endsAt.toISOString(),
        });
      }
      return { body: signed };
    },
  }),

  defineRoute({
    method: 'get',
    path: '/auth/me',
    summary: 'The logged-in user, their agency and what they may do',
    tag: 'auth',
    access: 'staff',
    handler: async ({ user }, ctx) => {
      // From the database, not the token: a disabled account stops here at once.
      const current = await findUserById(ctx.knex, user!.id);
      if (!current || !current.active) {
        throw new HttpError(401, 'INVALID_TOKEN.inactive');
      }
      const agency = await getAgency(ctx.knex, current.agencyCode);
      return {
        body: { ...presentUser(current), agency: agency ? presentAgency(agency) : null, permissions: actionsOf(current.roles) },
      };
    },
  }),

  defineRoute({
    method: 'post',
    path: '/auth/password',
    summary: "Change one's own password (current and next); every other session of the account ends",
    tag: 'auth',
    access: 'staff',
    body: changePasswordRequestSchema,
    responses: {
      200: { description: 'Changed: a fresh token for this session (the old ones stop working)', schema: z.object({ token: z.string(), expiresAt: z.string(), sessionEndsAt: z.string() }) },
      403: { description: 'The current password is wrong (WRONG_PASSWORD)' },
      422: { description: 'The new password is too weak (WEAK_PASSWORD, details name the field)' },
      429: { description: 'Too many wrong current passwords (TOO_MANY_ATTEMPTS), counted with failed logins' },
      503: { description: 'Password hashing is saturated (SERVER_BUSY); see Retry-After' },
    },
    handler: async ({ body, session, req }, ctx) => {
      const me = session!.user;
      // A stolen token must not make guessing the password free: wrong current passwords
      // count with the account's failed logins.
      const throttle = new LoginThrottle(ctx.knex, ctx.sessionClock);
      const { verdict, attempt } = await throttle.attempt(me.username, addressOf(req));
      if (!attempt) return throttled(verdict);
      let matches = false;
      let account: Awaited<ReturnType<typeof findUserByUsername>> = null;
      try {
        account = await findUserByUsername(ctx.knex, me.username);
        matches = account !== null && account.id === me.id && (await verifyPassword(body.current, account.passwordHash));
      } catch (error) {
        await throttle.abandoned(attempt).catch(() => undefined);
        throw error;
      }
      if (!account || !matches) {
        await throttle.failed(attempt);
        throw new HttpError(403, 'WRONG_PASSWORD', {}, [fieldProblem('body.current', 'WRONG_PASSWORD')]);
      }
      await throttle.succeeded(attempt);
      assertStrongPassword(body.next, me.username, 'body.next');
      const passwordHash = await hashPassword(body.next);
      const updated = await inTransaction(ctx.knex, (trx) => updateUser(trx, me.id, { passwordHash }));
      ctx.accounts.forget(me.id);
      if (!updated || !updated.active) throw new HttpError(401, 'INVALID_TOKEN.inactive');
      const who = { id: updated.id, username: updated.username, fullName: updated.fullName, agencyCode: updated.agencyCode, roles: updated.roles, tokenVersion: updated.tokenVersion };
      const now = ctx.sessionClock.now();
      // This session goes on with a token of the new version; every other one ends.
      const signed = (await ctx.tokens.sign(who, now, session!.startedAt)) ?? (await ctx.tokens.sign(who, now));
      return { body: signed };
    },
  }),
];
