// The demo provinces a database can be seeded with (CONTRACT.md §1: demo agencies and
// accounts on an empty database). `npm start` seeds the province after the reform of
// 1 July 2025 (Quảng Ngãi with former Kon Tum, two tiers, current procedures); the test
// suite, the benchmark and `startServer` by default use the province before it (Kon Tum
// with its city and districts, the procedures of that time in procedures/truoc-2025/),
// which their expectations are written against. MOTCUA_DEMO chooses for `npm start`.
import { fileURLToPath } from 'node:url';
import type { NewAgency } from '../store/index.js';
import { ADMIN_USER, DEMO_AGENCIES, DEMO_USERS, type DemoUser } from './demoData.js';
import { QN_ADMIN, QN_AGENCIES, QN_USERS } from './quangNgai2025.js';

export const DEMO_PROVINCE_NAMES = ['quang-ngai-2025', 'kon-tum-2024'] as const;
export type DemoProvinceName = (typeof DEMO_PROVINCE_NAMES)[number];

/** What `npm start` seeds (server/main.ts). */
export const DEFAULT_DEMO_PROVINCE: DemoProvinceName = 'quang-ngai-2025';
/** What `startServer` and `seedIfEmpty` seed unless told otherwise: the tests' and the benchmark's fixture. */
export const FIXTURE_DEMO_PROVINCE: DemoProvinceName = 'kon-tum-2024';

/** The procedures in force today (Decree 118/2025, the two-tier arrangement). */
export const PROCEDURES_DIR = fileURLToPath(new URL('../../procedures/', import.meta.url));
/** The five procedures as the pre-reform province ran them (district level, Decree 43/2014 …). */
export const PROCEDURES_BEFORE_2025_DIR = fileURLToPath(new URL('../../procedures/truoc-2025/', import.meta.url));

export interface DemoProvince {
  name: DemoProvinceName;
  agencies: readonly NewAgency[];
  admin: DemoUser;
  users: readonly DemoUser[];
  /** Where its bundled procedures come from. */
  proceduresDir: string;
}

export const DEMO_PROVINCES: Readonly<Record<DemoProvinceName, DemoProvince>> = {
  'quang-ngai-2025': { name: 'quang-ngai-2025', agencies: QN_AGENCIES, admin: QN_ADMIN, users: QN_USERS, proceduresDir: PROCEDURES_DIR },
  'kon-tum-2024': {
    name: 'kon-tum-2024',
    agencies: DEMO_AGENCIES,
    admin: ADMIN_USER,
    users: DEMO_USERS,
    proceduresDir: PROCEDURES_BEFORE_2025_DIR,
  },
};

/** MOTCUA_DEMO: unset → the reform province; a name from DEMO_PROVINCE_NAMES; anything else is refused with the choices. */
export function demoProvinceFromEnv(value: string | undefined): DemoProvinceName {
  if (value === undefined || value.trim() === '') return DEFAULT_DEMO_PROVINCE;
  const name = value.trim() as DemoProvinceName;
  if (!DEMO_PROVINCE_NAMES.includes(name)) {
    throw new Error(`MOTCUA_DEMO=${value} is not a demo province; use one of: ${DEMO_PROVINCE_NAMES.join(', ')}`);
  }
  return name;
}
