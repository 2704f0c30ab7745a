// The province of the 1,000,000 dossiers: the demo agencies (server/seed/demoData.ts)
// plus what a real province of Kon Tum's size has beside them — ten district-level units,
// each with its tax office and land registration branch, and 102 communes and wards in
// all — so that a million dossiers spread over as many desks as they would in life.
import type { AgencyInfo } from '../../engine/index.js';
import { CITY, COMMUNE, DEMO_AGENCIES, PROVINCE, PROVINCE_JUSTICE, SECOND_COMMUNE, SECOND_DISTRICT, SECOND_DISTRICT_COMMUNE } from '../../server/seed/demoData.js';

export interface BigAgency extends AgencyInfo {
  nameEn: string | null;
  /** Relative size of its one-stop desk (dossiers received), 0 = receives none. */
  weight: number;
  /** The demo account prefix (`commune`, `district` …) when it is a demo agency. */
  demoPrefix: string | null;
}

const DEMO_PREFIX: Record<string, string> = {
  [COMMUNE]: 'commune',
  [CITY]: 'district',
  '000.51.23.H40': 'tax',
  '000.52.23.H40': 'land',
  [SECOND_COMMUNE]: 'commune2',
  [SECOND_DISTRICT]: 'district2',
  [SECOND_DISTRICT_COMMUNE]: 'commune3',
  [PROVINCE_JUSTICE]: 'justice',
  '000.00.04.H40': 'police',
};

/** District-level units: the city (23), Đăk Hà (25) from the demo, eight more. */
const DISTRICTS = ['23', '24', '25', '26', '27', '28', '29', '30', '31', '32'];

let seed = 7;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);

export function bigProvince(): BigAgency[] {
  const out: BigAgency[] = DEMO_AGENCIES.map((a) => ({
    code: a.code,
    name: a.name,
    nameEn: a.nameEn ?? null,
    level: a.level,
    kind: a.kind ?? null,
    parentCode: a.parentCode ?? null,
    weight: 0,
    demoPrefix: DEMO_PREFIX[a.code] ?? null,
  }));
  const have = new Set(out.map((a) => a.code));
  const add = (a: Omit<BigAgency, 'weight' | 'demoPrefix' | 'nameEn'>) => {
    if (have.has(a.code)) return;
    have.add(a.code);
    out.push({ ...a, nameEn: null, weight: 0, demoPrefix: null });
  };
  for (const d of DISTRICTS) {
    const district = `000.00.${d}.H40`;
    add({ code: district, name: `UBND huyện thử nghiệm ${d}`, level: 'district', kind: 'people-committee', parentCode: PROVINCE });
    add({ code: `000.51.${d}.H40`, name: `Chi cục Thuế huyện thử nghiệm ${d}`, level: 'district', kind: 'tax', parentCode: district });
    add({ code: `000.52.${d}.H40`, name: `Chi nhánh VP đăng ký đất đai huyện ${d}`, level: 'district', kind: 'land-office', parentCode: district });
    const communes = d === '23' ? 12 : 10;
    for (let c = 1; c <= communes; c++) {
      const cc = String(c).padStart(2, '0');
      add({ code: `000.${cc}.${d}.H40`, name: `UBND xã thử nghiệm ${cc}.${d}`, level: 'commune', kind: 'people-committee', parentCode: district });
    }
  }
  // Desk sizes: communes 55 % of all dossiers, district people's committees 35 %, the
  // Department of Justice 10 %; wards of the city busier than remote communes.
  const communes = out.filter((a) => a.level === 'commune');
  const districts = out.filter((a) => a.level === 'district' && a.kind === 'people-committee');
  const cw = communes.map((a) => (a.parentCode === CITY ? 2 : 0.5 + random()));
  const dw = districts.map((a) => (a.code === CITY ? 2.5 : 0.6 + random() * 0.8));
  const sum = (xs: number[]) => xs.reduce((x, y) => x + y, 0);
  communes.forEach((a, i) => (a.weight = (0.55 * cw[i]) / sum(cw)));
  districts.forEach((a, i) => (a.weight = (0.35 * dw[i]) / sum(dw)));
  out.find((a) => a.code === PROVINCE_JUSTICE)!.weight = 0.1;
  return out;
}

/** The account that works a role at an agency: the demo one where there is one, else a synthetic name. */
export function officer(agency: BigAgency | undefined, role: string): string {
  if (!agency) return `unknown.${role}`;
  return agency.demoPrefix ? `${agency.demoPrefix}.${role}` : `a${agency.code.replace(/\.H40$/, '').replace(/\./g, '')}.${role}`;
}
