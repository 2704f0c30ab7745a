// MộtCửa's statuses onto the national portal's ten (DOMAIN.md, "National dossier statuses").
import { describe, expect, it } from 'vitest';
import { DOSSIER_STATUSES } from '../../../engine/dossier/types.js';
import { NATIONAL_STATUSES, nationalStatusOf } from '../../../engine/dossier/nationalStatus.js';

describe('the national dossier status', () => {
  it('maps every status of the lifecycle onto one of the ten, one way', () => {
    expect(Object.fromEntries(DOSSIER_STATUSES.map((s) => [s, nationalStatusOf(s)]))).toEqual({
      submitted: 1,
      received: 2,
      processing: 4,
      awaitingSupplement: 5,
      transferred: 4,
      awaitingReturn: 9,
      returned: 10,
      rejected: 8,
      withdrawn: 7,
      refused: 3,
    });
  });

  it('names each of the ten in Vietnamese and English', () => {
    expect(Object.keys(NATIONAL_STATUSES).map(Number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(NATIONAL_STATUSES[10].vi).toBe('Đã trả kết quả');
    for (const { vi, en } of Object.values(NATIONAL_STATUSES)) expect(vi.length * en.length).toBeGreaterThan(0);
  });
});
