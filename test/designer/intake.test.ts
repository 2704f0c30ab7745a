// The desk offers only the procedures it may receive (issue 20), designer/src/intake.ts.
import { describe, expect, it } from 'vitest';
import { competentChoice, competentChoiceNeeded, offeredAtDesk, suggestFromAddress } from '../../designer/src/intake.js';

describe('which procedures a desk offers', () => {
  it('a province-wide intake is offered at every desk; of another level, the clerk names the competent agency', () => {
    const record = { level: 'province' as const, intake: 'province' as const };
    expect(offeredAtDesk(record, 'commune')).toBe(true);
    expect(competentChoiceNeeded(record, 'commune')).toBe(true);
    expect(competentChoiceNeeded(record, 'province')).toBe(false);
  });

  it('a competent-only intake, and a model from before mc:intake, only at a desk of its level', () => {
    expect(offeredAtDesk({ level: 'province', intake: 'competent' }, 'commune')).toBe(false);
    expect(offeredAtDesk({ level: 'province', intake: 'competent' }, 'province')).toBe(true);
    expect(offeredAtDesk({ level: 'province', intake: null }, 'commune')).toBe(false);
    expect(offeredAtDesk({ level: 'commune' }, 'commune')).toBe(true);
    expect(competentChoiceNeeded({ level: 'province', intake: 'competent' }, 'province')).toBe(false);
  });
});

describe('the competent agency at the desk', () => {
  it('asks for it across levels, offers it within the level (own agency by default), not for a competent-only intake', () => {
    expect(competentChoice({ level: 'province', intake: 'province' }, 'commune')).toBe('required');
    expect(competentChoice({ level: 'commune', intake: 'province' }, 'commune')).toBe('optional');
    expect(competentChoice({ level: 'commune', intake: 'competent' }, 'commune')).toBe('none');
    expect(competentChoice({ level: 'commune', intake: null }, 'commune')).toBe('none');
  });

  it('suggests the ward or commune the applicant’s address names, with or without diacritics, and only one', () => {
    const wards = [
      { code: 'A', name: 'UBND phường Cẩm Thành' },
      { code: 'B', name: 'UBND phường Nghĩa Lộ' },
      { code: 'C', name: 'UBND xã Đăk Hà' },
    ];
    expect(suggestFromAddress('Tổ 3, phường Cẩm Thành, tỉnh Quảng Ngãi', wards)).toBe('A');
    expect(suggestFromAddress('thon 2 xa dak ha', wards)).toBe('C');
    expect(suggestFromAddress('Số 5 Lê Lợi', wards)).toBeNull();
    expect(suggestFromAddress('giữa phường Cẩm Thành và phường Nghĩa Lộ', wards)).toBeNull();
  });
});
