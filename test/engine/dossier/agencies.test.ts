import { describe, expect, it } from 'vitest';
import { AgencyDirectory, formatAgencySelector, parseAgencySelector } from '../../../engine/dossier/agencies.js';
import { DomainError } from '../../../engine/errors.js';
import { COMMUNE, DISTRICT, PROVINCE, TAX, agencies } from './support.js';

const SECOND_DISTRICT = '000.00.25.H40';
const SECOND_COMMUNE = '000.25.01.H40';
const PROVINCE_JUSTICE = '000.00.10.H40';
const directory = new AgencyDirectory([
  ...agencies,
  { code: SECOND_DISTRICT, name: 'UBND huyện Đăk Hà', level: 'district', kind: 'people-committee', parentCode: PROVINCE },
  { code: SECOND_COMMUNE, name: 'UBND thị trấn Đăk Hà', level: 'commune', kind: 'people-committee', parentCode: SECOND_DISTRICT },
  { code: PROVINCE_JUSTICE, name: 'Sở Tư pháp', level: 'province', kind: 'justice', parentCode: PROVINCE },
]);

describe('who acts on a step (mc:agency)', () => {
  it('keeps the dossier at the receiving agency by default', () => {
    expect(directory.resolve(parseAgencySelector(''), COMMUNE)).toBe(COMMUNE);
    expect(directory.resolve(parseAgencySelector('@receiving'), COMMUNE)).toBe(COMMUNE);
  });

  it('sends it up to the parent agency', () => {
    expect(directory.resolve(parseAgencySelector('@parent'), COMMUNE)).toBe(DISTRICT);
    expect(() => directory.resolve(parseAgencySelector('@parent'), PROVINCE)).toThrow(DomainError);
  });

  it('finds the district tax office as a sibling of the commune', () => {
    expect(directory.resolve(parseAgencySelector('kind:tax'), COMMUNE)).toBe(TAX);
  });

  it('looks below the receiving agency first: the district finds its own tax office, the province its department', () => {
    // TAX is a child of DISTRICT; before, kind:tax from the district itself found nothing.
    expect(directory.resolve(parseAgencySelector('kind:tax'), DISTRICT)).toBe(TAX);
    expect(directory.resolve(parseAgencySelector('kind:justice'), PROVINCE)).toBe(PROVINCE_JUSTICE);
  });

  it('climbs the tree for a kind that only the province has', () => {
    expect(directory.resolve(parseAgencySelector('kind:justice'), SECOND_COMMUNE)).toBe(PROVINCE_JUSTICE);
  });

  it('does not hand a dossier to another district’s tax office when its own has none', () => {
    expect(() => directory.resolve(parseAgencySelector('kind:tax'), SECOND_COMMUNE)).toThrow(
      expect.objectContaining({ code: 'AGENCY_NOT_FOUND' }),
    );
  });

  it('takes an exact agency code, and refuses an unknown one', () => {
    expect(directory.resolve(parseAgencySelector(TAX), COMMUNE)).toBe(TAX);
    expect(() => directory.resolve(parseAgencySelector('000.99.99.H99'), COMMUNE)).toThrow(
      expect.objectContaining({ code: 'AGENCY_NOT_FOUND' }),
    );
  });

  it('lists an agency and everything below it, for a manager’s view', () => {
    expect(directory.subtree(DISTRICT).sort()).toEqual([DISTRICT, COMMUNE, TAX].sort());
  });

  it('writes selectors back as they were read', () => {
    for (const text of ['@receiving', '@parent', 'kind:land-office', '000.00.23.H40']) {
      expect(formatAgencySelector(parseAgencySelector(text))).toBe(text);
    }
  });
});
