// The demo province after the 2025 reform (server/seed/quangNgai2025.ts): two tiers, codes
// in Decision 20/2020/QĐ-TTg's shape, an account per role where an office acts, and every
// agency selector of procedures/ resolving from every commune.
import { describe, expect, it } from 'vitest';
import { AgencyDirectory } from '../../engine/dossier/agencies.js';
import { loadProcedure } from '../../engine/bpmn/index.js';
import {
  QN_AGENCIES,
  QN_CENTER,
  QN_COMMUNES,
  QN_LAND_BRANCH,
  QN_POLICE,
  QN_PROVINCE,
  QN_TAX_LOCAL,
  QN_USERS,
} from '../../server/seed/quangNgai2025.js';
import { procedureFiles, procedureXml, reformAgencies } from './support.js';

const directory = new AgencyDirectory(reformAgencies);

describe('the province after the reform', () => {
  it('has no district level, codes of the state’s shape, parents before children', () => {
    expect(QN_AGENCIES.some((a) => a.level === 'district')).toBe(false);
    for (const a of QN_AGENCIES) expect(a.code, a.name).toMatch(/^\d{3}\.\d{2}\.\d{2}\.H48$/);
    const seen = new Set<string>();
    for (const a of QN_AGENCIES) {
      if (a.parentCode) expect(seen.has(a.parentCode), a.code).toBe(true);
      seen.add(a.code);
    }
    expect(QN_COMMUNES.every((c) => directory.get(c)?.parentCode === QN_PROVINCE)).toBe(true);
  });

  it('gives one account per role where an office acts, never a username of the pre-reform fixture', () => {
    const roles = (code: string) => QN_USERS.filter((u) => u.agencyCode === code).flatMap((u) => u.roles).sort();
    const six = ['head', 'leader', 'manager', 'reception', 'return', 'specialist'];
    for (const code of [...QN_COMMUNES, QN_POLICE, QN_LAND_BRANCH, QN_TAX_LOCAL]) expect(roles(code), code).toEqual(six);
    expect(roles(QN_CENTER)).toEqual(['manager', 'reception', 'return']);
    const names = QN_USERS.map((u) => u.username);
    expect(new Set(names).size).toBe(names.length);
    for (const prefix of ['commune', 'district', 'tax', 'land', 'police', 'justice']) expect(names.some((n) => n.startsWith(`${prefix}.`))).toBe(false);
  });

  it('resolves every selector of every procedure in force from every commune as competent, whoever received it', async () => {
    for (const file of procedureFiles()) {
      const { model } = await loadProcedure(procedureXml(file));
      const selectors = Object.values(model!.root.nodes).flatMap((n) => ('agency' in n && n.agency ? [n.agency] : []));
      for (const competent of model!.level === 'province' ? [QN_POLICE] : QN_COMMUNES) {
        for (const selector of selectors) {
          const who = directory.resolve(selector, { receiving: QN_CENTER, competent });
          if (selector.kind === 'ofKind' && selector.agencyKind === 'land-office') expect(who).toBe(QN_LAND_BRANCH);
          if (selector.kind === 'ofKind' && selector.agencyKind === 'tax') expect(who).toBe(QN_TAX_LOCAL);
          if (selector.kind === 'receiving') expect(who).toBe(QN_CENTER);
          if (selector.kind === 'competent') expect(who).toBe(competent);
        }
      }
    }
  });
});
