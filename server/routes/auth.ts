// Logging in, renewing the session while in use, and "who am I". Failed logins are
// throttled per (username, IP) in the database (server/auth/throttle.ts); a throttled pair
// is refused before its password is even checked, so guessing on learns nothing. All of
// it runs on the session clock — real time, even under a manual business clock.
import { z } from 'zod';
import { loginRequestSchema } from '../../contract/index.js';
import { actionsOf } from '../auth/permissions.js';
import { hashPassword, verifyPassword } from '../auth/passwords.js';
import { LoginThrottle } from '../auth/throttle.js';
import { HttpError, errorBody } from '../http/errors.js';
import { presentAgency, presentUser } from '../http/presenters.js';
import { defineRoute } from '../http/route.js';
import { findUserById, findUserByUsername, getAgency } from '../store/index.js';

// An unknown username still costs one scrypt, so response time does not tell which
// usernames exist.
let decoyHash: Promise<string> | null = null;
const decoy = () => (decoyHash ??= hashPassword('decoy password never matches'));

const invalidCredentials = () =>
  new HttpError(401, 'INVALID_CREDENTIALS');

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
      const ip = req.ip ?? req.socket.remoteAddress ?? 'unknown';
      const throttle = new LoginThrottle(ctx.knex, ctx.sessionClock);
      const verdict = await throttle.check(body.username, ip);
      if (!verdict.allowed) {
        return {
          status: 429,
          headers: { 'Retry-After': String(verdict.retryAfterSeconds) },
          body: errorBody(new HttpError(429, 'TOO_MANY_ATTEMPTS', {}, { retryAfterSeconds: verdict.retryAfterSeconds })),
        };
      }
      const account = await findUserByUsername(ctx.knex, body.username);
      const matches = await verifyPassword(body.password, account?.passwordHash ?? (await decoy()));
      if (!account || !matches) {
        await throttle.recordFailure(body.username, ip);
        throw invalidCredentials();
      }
      await throttle.reset(body.username, ip);
      if (!account.active) {
        throw new HttpError(403, 'ACCOUNT_DISABLED');
      }
      const { passwordHash: _hash, ...user } = account;
      const signed = await ctx.tokens.sign(
        { id: user.id, username: user.username, fullName: user.fullName, agencyCode: user.agencyCode, roles: user.roles },
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
        { id: current.id, username: current.username, fullName: current.fullName, agencyCode: current.agencyCode, roles: current.roles },
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
];
