// Shared set-up for lifecycle tests: a small province, the real calendar, procedures
// loaded from the .bpmn fixtures beside the tests.

import { readFileSync } from 'node:fs';
import { loadProcedure } from '../../../engine/bpmn/index.js';
import { WorkingCalendar } from '../../../engine/calendar/index.js';
import { AgencyDirectory, type AgencyInfo } from '../../../engine/dossier/agencies.js';
import type { EngineContext } from '../../../engine/dossier/lifecycle.js';
import type { Actor } from '../../../engine/dossier/types.js';
import { compileProcedure, type CompiledProcedure } from '../../../engine/machine/compile.js';

export const PROVINCE = '000.00.00.H40';
export const DISTRICT = '000.00.23.H40';
export const COMMUNE = '000.23.01.H40';
export const TAX = '000.23.51.H40';

export const agencies: AgencyInfo[] = [
  { code: PROVINCE, name: 'UBND tỉnh', level: 'province', kind: 'people-committee', parentCode: null },
  { code: DISTRICT, name: 'UBND thành phố', level: 'district', kind: 'people-committee', parentCode: PROVINCE },
  { code: COMMUNE, name: 'UBND phường Quyết Thắng', level: 'commune', kind: 'people-committee', parentCode: DISTRICT },
  { code: TAX, name: 'Chi cục Thuế thành phố', level: 'district', kind: 'tax', parentCode: DISTRICT },
];

export function engineContext(): EngineContext {
  return { calendar: new WorkingCalendar(), agencies: new AgencyDirectory(agencies) };
}

export async function fixture(name: string, version = 1): Promise<CompiledProcedure> {
  const xml = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
  const loaded = await loadProcedure(xml);
  if (!loaded.ok || !loaded.model) {
    throw new Error(`fixture ${name} is invalid: ${JSON.stringify(loaded.problems, null, 2)}`);
  }
  return compileProcedure(loaded.model, version);
}

export const actor = (username: string, agencyCode: string, ...roles: string[]): Actor => ({
  username,
  agencyCode,
  roles,
});

/** A Vietnamese wall-clock time: `vn('2026-11-12 09:00')`. */
export const vn = (local: string): Date => new Date(`${local.replace(' ', 'T')}:00+07:00`);

/** An instant printed back in Vietnamese wall-clock time, for readable assertions. */
export function local(iso: string | null | undefined): string | null {
  if (!iso) return null;
  const d = new Date(new Date(iso).getTime() + 7 * 3600_000);
  return d.toISOString().slice(0, 16).replace('T', ' ');
}

/** The commune's office and the district tax officer who act in the lifecycle tests. */
export const staff = {
  reception: actor('le.tiepnhan', COMMUNE, 'reception'),
  specialist: actor('tran.chuyenvien', COMMUNE, 'specialist'),
  head: actor('nguyen.truongphong', COMMUNE, 'head'),
  leader: actor('pham.chutich', COMMUNE, 'leader'),
  returnClerk: actor('vo.trakq', COMMUNE, 'return', 'reception'),
  taxOfficer: actor('do.thue', TAX, 'specialist'),
};
