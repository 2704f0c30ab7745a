// Staff accounts and their roles. The store keeps the password hash it is given;
// hashing and verifying are the server's job.
import { DomainError } from '../../engine/errors.js';
import { dbInstant, isUniqueViolation, toBoolean, type Db } from './db.js';

export interface User {
  id: number;
  username: string;
  fullName: string;
  agencyCode: string;
  active: boolean;
  roles: string[];
  createdAt: string;
  /** Raised whenever the account's access changes; tokens of an older version are refused. */
  tokenVersion: number;
}

/** Only for the login check: never send it out. */
export interface UserWithPasswordHash extends User {
  passwordHash: string;
}

export interface NewUser {
  username: string;
  passwordHash: string;
  fullName: string;
  agencyCode: string;
  roles: readonly string[];
  active?: boolean;
}

type Row = Record<string, any>;

async function rolesOf(db: Db, userIds: number[]): Promise<Map<number, string[]>> {
  const roles = new Map<number, string[]>(userIds.map((id) => [id, []]));
  if (userIds.length === 0) return roles;
  const rows = await db('user_roles').whereIn('user_id', userIds).orderBy(['user_id', 'role']);
  for (const row of rows) roles.get(Number(row.user_id))?.push(row.role);
  return roles;
}

function fromRow(row: Row, roles: string[]): UserWithPasswordHash {
  return {
    id: Number(row.id),
    username: row.username,
    passwordHash: row.password_hash,
    fullName: row.full_name,
    agencyCode: row.agency_code,
    active: toBoolean(row.active),
    roles,
    createdAt: row.created_at,
    tokenVersion: Number(row.token_version ?? 0),
  };
}

const withoutHash = ({ passwordHash: _hash, ...user }: UserWithPasswordHash): User => user;

/** Throws DUPLICATE for a taken username; the agency must exist (foreign key). Run it in a transaction: user and roles go together. */
export async function createUser(db: Db, user: NewUser, now: string): Promise<User> {
  let id: number;
  try {
    const [inserted] = await db('users')
      .insert({
        username: user.username,
        password_hash: user.passwordHash,
        full_name: user.fullName,
        agency_code: user.agencyCode,
        active: user.active ?? true,
        created_at: dbInstant(now),
      })
      .returning('id');
    id = Number(typeof inserted === 'object' ? inserted.id : inserted);
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError('DUPLICATE.username', { username: user.username }, { username: user.username });
    throw error;
  }
  const roles = [...new Set(user.roles)];
  if (roles.length > 0) await db('user_roles').insert(roles.map((role) => ({ user_id: id, role })));
  const created = await findUserById(db, id);
  if (!created) throw new Error(`user ${id} vanished right after insert`);
  return created;
}

export async function findUserById(db: Db, id: number): Promise<User | null> {
  const row = await db('users').where({ id }).first();
  if (!row) return null;
  return withoutHash(fromRow(row, (await rolesOf(db, [Number(row.id)])).get(Number(row.id)) ?? []));
}

/** With the hash, for logging in. */
export async function findUserByUsername(db: Db, username: string): Promise<UserWithPasswordHash | null> {
  const row = await db('users').where({ username }).first();
  if (!row) return null;
  return fromRow(row, (await rolesOf(db, [Number(row.id)])).get(Number(row.id)) ?? []);
}

export async function listUsers(db: Db, filter: { agencyCode?: string } = {}): Promise<User[]> {
  const query = db('users').orderBy('username');
  if (filter.agencyCode !== undefined) query.where({ agency_code: filter.agencyCode });
  const rows: Row[] = await query;
  const roles = await rolesOf(db, rows.map((row) => Number(row.id)));
  return rows.map((row) => withoutHash(fromRow(row, roles.get(Number(row.id)) ?? [])));
}

/** Replaces the user's roles. Run it in a transaction. */
export async function setUserRoles(db: Db, userId: number, roles: readonly string[]): Promise<void> {
  await db('user_roles').where({ user_id: userId }).delete();
  const unique = [...new Set(roles)];
  if (unique.length > 0) await db('user_roles').insert(unique.map((role) => ({ user_id: userId, role })));
}

export async function setUserActive(db: Db, userId: number, active: boolean): Promise<void> {
  await db('users').where({ id: userId }).update({ active, token_version: db.raw('token_version + 1') });
}

/** What an admin may change of an account (PATCH /users/:username); absent fields stay. */
export interface UserChanges {
  fullName?: string;
  agencyCode?: string;
  roles?: readonly string[];
  active?: boolean;
  passwordHash?: string;
}

/**
 * Applies `changes` to the account and, when anything that grants access changed (roles,
 * agency, active, password), raises its token version so every token signed before
 * stops working (server/auth/accountState.ts). Run it in a transaction. Null: no such user.
 */
export async function updateUser(db: Db, userId: number, changes: UserChanges): Promise<User | null> {
  const row: Row = {};
  if (changes.fullName !== undefined) row.full_name = changes.fullName;
  if (changes.agencyCode !== undefined) row.agency_code = changes.agencyCode;
  if (changes.active !== undefined) row.active = changes.active;
  if (changes.passwordHash !== undefined) row.password_hash = changes.passwordHash;
  const revokes =
    changes.roles !== undefined || changes.agencyCode !== undefined || changes.active !== undefined || changes.passwordHash !== undefined;
  const query = db('users').where({ id: userId });
  const updated = revokes ? await query.update({ ...row, token_version: db.raw('token_version + 1') }) : Object.keys(row).length > 0 ? await query.update(row) : 1;
  if (!updated) return null;
  if (changes.roles !== undefined) await setUserRoles(db, userId, changes.roles);
  return findUserById(db, userId);
}

/** Active flag and token version of some accounts, one query: what every request's token is checked against. */
export async function accountStates(db: Db, userIds: readonly number[]): Promise<Map<number, { active: boolean; tokenVersion: number }>> {
  const states = new Map<number, { active: boolean; tokenVersion: number }>();
  if (userIds.length === 0) return states;
  const rows: Row[] = await db('users').whereIn('id', [...userIds]).select('id', 'active', 'token_version');
  for (const row of rows) states.set(Number(row.id), { active: toBoolean(row.active), tokenVersion: Number(row.token_version ?? 0) });
  return states;
}
