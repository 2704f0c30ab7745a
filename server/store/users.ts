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
  await db('users').where({ id: userId }).update({ active });
}
