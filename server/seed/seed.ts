// Seeds the demo agencies and accounts on an empty database (CONTRACT.md §1).
import type { Knex } from 'knex';
import { isDomainError } from '../../engine/errors.js';
import { hashPassword } from '../auth/passwords.js';
import { OFFICIAL_DECISIONS } from '../../engine/calendar/index.js';
import { countAgencies, createAgency, createUser, inTransaction, putYearOverride } from '../store/index.js';
import { ADMIN_USER, DEFAULT_ADMIN_PASSWORD, DEMO_PASSWORD, PRODUCTION_ADMIN_AGENCY, type DemoUser } from './demoData.js';
import { DEMO_PROVINCES, FIXTURE_DEMO_PROVINCE, type DemoProvinceName } from './provinces.js';

export interface SeedOptions {
  /** The admin's password; default `MOTCUA_ADMIN_PASSWORD`'s documented default. */
  adminPassword?: string;
  /** ISO instant for created_at (the server's clock). */
  now: string;
  /**
   * The demo province and its accounts (default true). False in production
   * (NODE_ENV=production, CONTRACT.md §6.1): only `admin`, in one placeholder agency.
   */
  demo?: boolean;
  /**
   * Which demo province (server/seed/provinces.ts): `npm start` asks for the one after the
   * 2025 reform; the default is the tests' pre-reform fixture.
   */
  province?: DemoProvinceName;
}

/**
 * Seeds agencies, `admin`, the demo accounts and the government's known calendar
 * decisions (2025, 2026) if there are no agencies yet.
 * Returns whether it seeded. Safe when two processes start on one empty database: the
 * loser hits the primary keys, rolls back and reports false.
 */
export async function seedIfEmpty(knex: Knex, options: SeedOptions): Promise<boolean> {
  if ((await countAgencies(knex)) > 0) return false;
  const demo = options.demo ?? true;
  const province = DEMO_PROVINCES[options.province ?? FIXTURE_DEMO_PROVINCE];
  // Hash before the transaction: scrypt takes a while and SQLite has one writer.
  // The demo accounts share one published password, so one hash serves them all: a
  // per-account salt protects nothing here and cost ~100 ms an account at every start.
  const [adminHash, demoHash] = await Promise.all([
    hashPassword(options.adminPassword ?? DEFAULT_ADMIN_PASSWORD),
    demo ? hashPassword(DEMO_PASSWORD) : Promise.resolve(''),
  ]);
  const accounts: Array<{ user: DemoUser; passwordHash: string }> = demo
    ? [{ user: province.admin, passwordHash: adminHash }, ...province.users.map((user) => ({ user, passwordHash: demoHash }))]
    : [{ user: { ...ADMIN_USER, agencyCode: PRODUCTION_ADMIN_AGENCY.code }, passwordHash: adminHash }];
  const agencies = demo ? province.agencies : [PRODUCTION_ADMIN_AGENCY];
  try {
    return await inTransaction(knex, async (trx) => {
      if ((await countAgencies(trx)) > 0) return false;
      for (const agency of agencies) await createAgency(trx, agency, options.now);
      for (const { user, passwordHash } of accounts) await createUser(trx, { ...user, passwordHash }, options.now);
      for (const decision of OFFICIAL_DECISIONS) {
        await putYearOverride(trx, { ...decision, updatedBy: 'seed', updatedAt: options.now });
      }
      return true;
    });
  } catch (error) {
    if (isDomainError(error) && error.code === 'DUPLICATE') return false;
    throw error;
  }
}
