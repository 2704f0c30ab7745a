// The demo province the shipped procedures run in (server/seed/demoData.ts), and the
// README's "Demo accounts" table that lists it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AgencyDirectory } from '../../../engine/dossier/agencies.js';
import {
  CITY,
  CITY_LAND,
  CITY_TAX,
  COMMUNE,
  DEMO_AGENCIES,
  DEMO_ROLES,
  DEMO_USERS,
  PROVINCE,
  PROVINCE_JUSTICE,
  PROVINCE_POLICE,
  SECOND_COMMUNE,
  SECOND_DISTRICT,
  SECOND_DISTRICT_COMMUNE,
} from '../../../server/seed/demoData.js';
import { demoAgencies } from '../support.js';

const directory = new AgencyDirectory(demoAgencies);

describe('the demo province', () => {
  it('has a province, two districts, three communes, the city’s land and tax offices, justice and police', () => {
    const byLevelAndKind = DEMO_AGENCIES.map((a) => `${a.level}/${a.kind}`).sort();
    expect(byLevelAndKind).toEqual(
      [
        'province/people-committee',
        'province/justice',
        'province/police',
        'district/people-committee',
        'district/people-committee',
        'district/land-office',
        'district/tax',
        'commune/people-committee',
        'commune/people-committee',
        'commune/people-committee',
      ].sort(),
    );
    // Parents before children: the seed inserts them in this order.
    const seen = new Set<string>();
    for (const agency of DEMO_AGENCIES) {
      if (agency.parentCode) expect(seen.has(agency.parentCode), agency.code).toBe(true);
      seen.add(agency.code);
    }
  });

  it('gives one account per role to every agency that acts in a procedure, and keeps the old usernames', () => {
    const acting = DEMO_AGENCIES.filter((a) => a.code !== PROVINCE).map((a) => a.code);
    for (const code of acting) {
      const roles = DEMO_USERS.filter((u) => u.agencyCode === code).flatMap((u) => u.roles);
      expect(roles.sort(), code).toEqual([...DEMO_ROLES].sort());
    }
    const usernames = DEMO_USERS.map((u) => u.username);
    expect(new Set(usernames).size).toBe(usernames.length);
    for (const prefix of ['commune', 'district', 'tax', 'land']) {
      for (const role of DEMO_ROLES) expect(usernames).toContain(`${prefix}.${role}`);
    }
  });

  it('resolves every agency selector the procedures use from the agencies that receive them', () => {
    for (const commune of [COMMUNE, SECOND_COMMUNE]) {
      expect(directory.resolve({ kind: 'ofKind', agencyKind: 'land-office' }, commune)).toBe(CITY_LAND);
      expect(directory.resolve({ kind: 'ofKind', agencyKind: 'tax' }, commune)).toBe(CITY_TAX);
      expect(directory.resolve({ kind: 'parent' }, commune)).toBe(CITY);
    }
    expect(directory.resolve({ kind: 'parent' }, SECOND_DISTRICT_COMMUNE)).toBe(SECOND_DISTRICT);
    for (const district of [CITY, SECOND_DISTRICT]) {
      expect(directory.resolve({ kind: 'ofKind', agencyKind: 'police' }, district)).toBe(PROVINCE_POLICE);
    }
    expect(directory.resolve({ kind: 'ofKind', agencyKind: 'police' }, PROVINCE_JUSTICE)).toBe(PROVINCE_POLICE);
  });

  it('is listed, account by account, in the README’s "Demo accounts" section', () => {
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    const start = readme.indexOf('## Demo accounts');
    const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
    for (const agency of DEMO_AGENCIES) expect(section, agency.code).toContain(`| \`${agency.code}\` |`);
    for (const user of DEMO_USERS) expect(section, user.username).toContain(`\`${user.username}\``);
    expect(section).toContain('`admin`');
  });
});
