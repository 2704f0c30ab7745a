// Several server processes share one database: when an admin changes agencies or the
// calendar through one of them, the others must compute with the new data at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../server/clock.js';
import { DossierService } from '../../server/services/dossierService.js';
import { createAgency, putYearOverride } from '../../server/store/index.js';
import { openProvince } from './support.js';
import { databaseTargets, type TestDatabase } from '../support/databases.js';
import { vn } from '../engine/dossier/support.js';

describe.each(databaseTargets)('reference data shared by two processes on $kind', (target) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openProvince(target);
  });
  afterAll(async () => {
    await db?.cleanup();
  });

  it('sees an agency and a day off added through the other process', async () => {
    const clock = new FixedClock(vn('2026-11-20 08:00'));
    const first = new DossierService(db.knex, clock);
    const second = new DossierService(await db.openAnother(), clock);
    expect((await second.engineContext()).agencies.get('000.03.23.H40')).toBeUndefined();
    expect((await second.engineContext()).calendar.isWorkingDay('2026-11-20')).toBe(true);

    await createAgency(db.knex, { code: '000.03.23.H40', name: 'UBND phường mới', nameEn: null, level: 'commune', kind: 'people-committee', parentCode: '000.00.23.H40' }, clock.now().toISOString());
    await putYearOverride(db.knex, { year: 2026, holidays: ['2026-11-20'], workingDays: [], updatedBy: 'admin', updatedAt: clock.now().toISOString() });
    await first.refresh();

    const seen = await second.engineContext();
    expect(seen.agencies.get('000.03.23.H40')?.name).toBe('UBND phường mới');
    expect(seen.calendar.isWorkingDay('2026-11-20')).toBe(false);
  });
});
