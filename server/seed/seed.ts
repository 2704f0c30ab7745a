// Seeds the demo agencies and accounts on an empty database (CONTRACT.md §1), and
// hashes passwords the one way MộtCửa stores them.
// TODO(auth issue): move hashPassword/verifyPassword to server/auth/passwords.ts.
import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { Knex } from 'knex';
import { isDomainError } from '../../engine/errors.js';
import { countAgencies, createAgency, createUser, inTransaction } from '../store/index.js';
import { ADMIN_USER, DEFAULT_ADMIN_PASSWORD, DEMO_AGENCIES, DEMO_PASSWORD, DEMO_USERS, type DemoUser } from './demoData.js';

// Node's default cost, N=2^14 (16 MiB and ~50 ms per guess), so a district office's
// small server logs people in quickly. OWASP prefers N=2^17; the parameters are stored
// with every hash, so raising them later leaves old hashes verifiable.
const SCRYPT = { N: 16384, r: 8, p: 1, keyLength: 64 } as const;

function scrypt(password: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCallback(password, salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

/** `scrypt$N$r$p$<salt>$<hash>`, salt and hash in base64url: the parameters travel with the hash so they can be raised later. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const { N, r, p, keyLength } = SCRYPT;
  const hash = await scrypt(password, salt, keyLength, { N, r, p, maxmem: 64 * 1024 * 1024 });
  return ['scrypt', N, r, p, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await scrypt(password, Buffer.from(salt, 'base64url'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: 64 * 1024 * 1024,
  });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

export interface SeedOptions {
  /** The admin's password; default `MOTCUA_ADMIN_PASSWORD`'s documented default. */
  adminPassword?: string;
  /** ISO instant for created_at (the server's clock). */
  now: string;
}

/**
 * Seeds agencies, `admin` and the demo accounts if there are no agencies yet.
 * Returns whether it seeded. Safe when two processes start on one empty database: the
 * loser hits the primary keys, rolls back and reports false.
 */
export async function seedIfEmpty(knex: Knex, options: SeedOptions): Promise<boolean> {
  if ((await countAgencies(knex)) > 0) return false;
  // Hash before the transaction: scrypt takes a while and SQLite has one writer.
  const accounts: Array<{ user: DemoUser; passwordHash: string }> = await Promise.all([
    hashPassword(options.adminPassword ?? DEFAULT_ADMIN_PASSWORD).then((passwordHash) => ({ user: ADMIN_USER, passwordHash })),
    ...DEMO_USERS.map(async (user) => ({ user, passwordHash: await hashPassword(DEMO_PASSWORD) })),
  ]);
  try {
    return await inTransaction(knex, async (trx) => {
      if ((await countAgencies(trx)) > 0) return false;
      for (const agency of DEMO_AGENCIES) await createAgency(trx, agency, options.now);
      for (const { user, passwordHash } of accounts) await createUser(trx, { ...user, passwordHash }, options.now);
      return true;
    });
  } catch (error) {
    if (isDomainError(error) && error.code === 'DUPLICATE') return false;
    throw error;
  }
}
