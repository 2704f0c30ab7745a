// Staff accounts (admin only). Passwords are hashed with scrypt (server/auth/passwords.ts)
// and never leave the server, not even hashed.
import { z } from 'zod';
import { accessFor } from '../auth/permissions.js';
import { hashPassword } from '../auth/passwords.js';
import { HttpError } from '../http/errors.js';
import { defineAction } from '../http/idempotency.js';
import { presentUser } from '../http/presenters.js';
import { defineRoute } from '../http/route.js';
import { createUser, getAgency, inTransaction, listUsers } from '../store/index.js';

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
    body: z.object({
      username: z
        .string()
        .trim()
        .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$/, '2–64 letters, digits, “.”, “_” or “-”'),
      // Six at least, like the demo accounts; longer is the admin's call.
      password: z.string().min(6).max(1024),
      fullName: z.string().trim().min(1).max(255),
      agencyCode: z.string().trim().min(1).max(64),
      // The built-in roles or any role an admin defines for `mc:role` (CONTRACT.md §2).
      roles: z.array(z.string().regex(/^[a-z][a-zA-Z0-9_-]{0,63}$/, 'a role name such as specialist')).max(20),
      active: z.boolean().optional(),
    }),
    responses: { 201: { description: 'The new account (without its password)' }, 409: { description: 'The username is taken (DUPLICATE)' } },
    handler: async ({ body }, ctx) => {
      if (!(await getAgency(ctx.knex, body.agencyCode))) {
        throw new HttpError(422, 'AGENCY_NOT_FOUND', `Không có cơ quan ${body.agencyCode} / No agency ${body.agencyCode}`, [
          { field: 'body.agencyCode', message: `unknown agency ${body.agencyCode}` },
        ]);
      }
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
];
