// Staff accounts (admin only). Passwords are hashed with scrypt (server/auth/passwords.ts)
// and never leave the server, not even hashed. Changing an account's access (roles,
// agency, active, password) raises its token version: its tokens and sockets stop within
// seconds on every server process (server/auth/accountState.ts).
import { z } from 'zod';
import { newUserRequestSchema, userChangesRequestSchema } from '../../contract/index.js';
import { DomainError } from '../../engine/index.js';
import { accessFor } from '../auth/permissions.js';
import { hashPassword } from '../auth/passwords.js';
import { HttpError, fieldProblem } from '../http/errors.js';
import { defineAction } from '../http/idempotency.js';
import { presentUser } from '../http/presenters.js';
import { defineRoute } from '../http/route.js';
import { createUser, findUserByUsername, getAgency, inTransaction, listUsers, updateUser } from '../store/index.js';
import { assertStrongPassword } from './auth.js';

const ADMIN_ROLE = 'admin';

async function assertAgencyExists(ctx: { knex: Parameters<typeof getAgency>[0] }, agencyCode: string): Promise<void> {
  if (!(await getAgency(ctx.knex, agencyCode))) {
    throw new DomainError('AGENCY_NOT_FOUND', { agencyCode }, [fieldProblem('body.agencyCode', 'AGENCY_NOT_FOUND', { agencyCode })]);
  }
}

export const userRoutes = [
  defineRoute({
    method: 'get',
    path: '/users',
    summary: 'Staff accounts, optionally of one agency',
    tag: 'users',
    access: accessFor('user.manage'),
    query: z.object({ agency: z.string().max(64).optional() }),
    handler: async ({ query }, ctx) => {
      const items = (await listUsers(ctx.knex, { agencyCode: query.agency || undefined })).map(presentUser);
      return { body: { items, total: items.length } };
    },
  }),

  defineAction({
    method: 'post',
    path: '/users',
    summary: 'Create a staff account in an agency with roles (Idempotency-Key supported)',
    tag: 'users',
    access: accessFor('user.manage'),
    body: newUserRequestSchema,
    responses: { 201: { description: 'The new account (without its password)' }, 409: { description: 'The username is taken (DUPLICATE)' } },
    handler: async ({ body }, ctx) => {
      await assertAgencyExists(ctx, body.agencyCode);
      // The documented minimum (6) stays for the demo and its integrations; production
      // holds a new account to the one strength rule, like every changed password.
      if (ctx.production) assertStrongPassword(body.password, body.username, 'body.password');
      // Hashed outside the transaction: scrypt is slow and SQLite has one writer.
      const passwordHash = await hashPassword(body.password);
      const user = await inTransaction(ctx.knex, (trx) =>
        createUser(
          trx,
          { username: body.username, passwordHash, fullName: body.fullName, agencyCode: body.agencyCode, roles: body.roles, active: body.active },
          ctx.clock.now().toISOString(),
        ),
      );
      return { status: 201, body: presentUser(user) };
    },
  }),

  defineRoute({
    method: 'patch',
    path: '/users/:username',
    summary: 'Change an account: full name, agency, roles, active, or reset its password; its sessions end when its access changes',
    tag: 'users',
    access: accessFor('user.manage'),
    params: z.object({ username: z.string().min(1).max(64) }),
    body: userChangesRequestSchema,
    responses: {
      200: { description: 'The account as changed (without its password)' },
      404: { description: 'No such account (NOT_FOUND)' },
      409: { description: 'The change would leave no active admin (LAST_ADMIN)' },
      422: { description: 'Unknown agency (AGENCY_NOT_FOUND), a weak password (WEAK_PASSWORD), or nothing to change' },
    },
    handler: async ({ params, body }, ctx) => {
      const account = await findUserByUsername(ctx.knex, params.username);
      if (!account) throw new HttpError(404, 'NOT_FOUND.user', { username: params.username });
      if (body.agencyCode !== undefined) await assertAgencyExists(ctx, body.agencyCode);
      if (body.password !== undefined) assertStrongPassword(body.password, account.username, 'body.password');
      // Hashed outside the transaction: scrypt is slow and SQLite has one writer.
      const passwordHash = body.password === undefined ? undefined : await hashPassword(body.password);
      const losesAdmin =
        account.roles.includes(ADMIN_ROLE) && account.active && (body.active === false || (body.roles !== undefined && !body.roles.includes(ADMIN_ROLE)));
      const updated = await inTransaction(ctx.knex, async (trx) => {
        if (losesAdmin) {
          // Someone must still be able to sign in and put things right.
          const others = (await listUsers(trx)).filter((u) => u.id !== account.id && u.active && u.roles.includes(ADMIN_ROLE));
          if (others.length === 0) throw new HttpError(409, 'LAST_ADMIN');
        }
        return updateUser(trx, account.id, {
          fullName: body.fullName,
          agencyCode: body.agencyCode,
          roles: body.roles,
          active: body.active,
          passwordHash,
        });
      });
      ctx.accounts.forget(account.id);
      if (!updated) throw new HttpError(404, 'NOT_FOUND.user', { username: params.username });
      return { body: presentUser(updated) };
    },
  }),
];
