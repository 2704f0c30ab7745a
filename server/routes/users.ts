// Staff accounts (admin only). Passwords are hashed with scrypt (server/auth/passwords.ts)
// and never leave the server, not even hashed.
import { z } from 'zod';
import { newUserRequestSchema } from '../../contract/index.js';
import { DomainError } from '../../engine/index.js';
import { accessFor } from '../auth/permissions.js';
import { hashPassword } from '../auth/passwords.js';
import { fieldProblem } from '../http/errors.js';
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
    body: newUserRequestSchema,
    responses: { 201: { description: 'The new account (without its password)' }, 409: { description: 'The username is taken (DUPLICATE)' } },
    handler: async ({ body }, ctx) => {
      if (!(await getAgency(ctx.knex, body.agencyCode))) {
        throw new DomainError('AGENCY_NOT_FOUND', { agencyCode: body.agencyCode }, [
          fieldProblem('body.agencyCode', 'AGENCY_NOT_FOUND', { agencyCode: body.agencyCode }),
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
