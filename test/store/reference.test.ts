// Reference data: agencies, users, calendar overrides, and the outbox publisher's view.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  agencyTree,
  allOverrides,
  createAgency,
  createUser,
  findUserById,
  findUserByUsername,
  getAgency,
  getYearOverride,
  inTransaction,
  insertDossier,
  listUsers,
  markPublished,
  migrate,
  newId,
  newLookupSecret,
  nextDossierCode,
  putYearOverride,
  unpublished,
  updateAgency,
} from '../../server/store/index.js';
import { databaseTargets, type TestDatabase } from '../support/databases.js';
import { COMMUNE, DISTRICT, NOW, PROVINCE, TAX, deployProcedure, receivedResult, seedAgencies, wakeAt } from './fixtures.js';

describe.each(databaseTargets)('reference data on $kind', (target) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await target.open();
    await migrate(db.knex);
    await seedAgencies(db.knex);
  });
  afterAll(async () => {
    await db?.cleanup();
  });

  it('keeps agencies as a tree the engine can walk, and refuses duplicates and unknown parents', async () => {
    const tree = await agencyTree(db.knex);
    expect(tree.map((a) => [a.code, a.level, a.kind, a.parentCode])).toEqual([
      [PROVINCE, 'province', 'people-committee', null],
      [DISTRICT, 'district', 'people-committee', PROVINCE],
      [COMMUNE, 'commune', 'people-committee', DISTRICT],
      [TAX, 'district', 'tax', DISTRICT],
    ]);
    await expect(createAgency(db.knex, { code: DISTRICT, name: 'again', level: 'district' }, NOW)).rejects.toMatchObject({ code: 'DUPLICATE' });
    await expect(
      createAgency(db.knex, { code: '000.09.23.H40', name: 'orphan', level: 'commune', parentCode: '000.00.99.H40' }, NOW),
    ).rejects.toMatchObject({ code: 'AGENCY_NOT_FOUND' });
    const renamed = await updateAgency(db.knex, TAX, { nameEn: 'Kon Tum City Tax Sub-department' });
    expect(renamed).toMatchObject({ code: TAX, nameEn: 'Kon Tum City Tax Sub-department', kind: 'tax' });
    expect(await getAgency(db.knex, '000.00.99.H40')).toBeNull();
  });

  it('creates users with their roles and the hash it was given; usernames are unique', async () => {
    const created = await inTransaction(db.knex, (trx) =>
      createUser(trx, { username: 'district.head', passwordHash: 'scrypt$16384$8$1$c2FsdA$aGFzaA', fullName: 'Trần Thị Bình', agencyCode: DISTRICT, roles: ['head', 'specialist', 'head'] }, NOW),
    );
    expect(created).toMatchObject({ username: 'district.head', agencyCode: DISTRICT, active: true, roles: ['head', 'specialist'] });
    expect(created).not.toHaveProperty('passwordHash');
    expect((await findUserByUsername(db.knex, 'district.head'))?.passwordHash).toBe('scrypt$16384$8$1$c2FsdA$aGFzaA');
    expect((await findUserById(db.knex, created.id))?.roles).toEqual(['head', 'specialist']);
    await expect(
      createUser(db.knex, { username: 'district.head', passwordHash: 'x', fullName: 'x', agencyCode: DISTRICT, roles: [] }, NOW),
    ).rejects.toMatchObject({ code: 'DUPLICATE' });
    expect((await listUsers(db.knex, { agencyCode: DISTRICT })).map((u) => u.username)).toEqual(['district.head']);
  });

  it('replaces a year of calendar overrides as a whole', async () => {
    // 2026: Tết off from Sat 14 to Sun 22 Feb (DOMAIN.md, Time).
    await putYearOverride(db.knex, { year: 2026, holidays: ['2026-02-16', '2026-02-17'], workingDays: [], updatedBy: 'admin', updatedAt: NOW });
    const replaced = await putYearOverride(db.knex, {
      year: 2026,
      holidays: ['2026-02-20', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19'],
      workingDays: ['2026-01-10'],
      updatedBy: 'admin',
      updatedAt: '2026-11-13T00:00:00.000Z',
    });
    expect(replaced.holidays).toEqual(['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20']);
    expect(await getYearOverride(db.knex, 2026)).toEqual(replaced);
    await putYearOverride(db.knex, { year: 2025, holidays: ['2025-01-28'], workingDays: [], updatedBy: 'admin', updatedAt: NOW });
    expect((await allOverrides(db.knex)).map((o) => o.year)).toEqual([2025, 2026]);
    expect(await getYearOverride(db.knex, 2030)).toBeNull();
  });

  it('publishes outbox messages in order, each once', async () => {
    await deployProcedure(db.knex);
    await inTransaction(db.knex, async (trx) => {
      const result = receivedResult(newId(), await nextDossierCode(trx, COMMUNE, '2026-11-12'));
      await insertDossier(trx, { result, lookupSecret: newLookupSecret(), applicant: { name: 'Lê Văn Cường', idNumber: '1', phone: '2' }, now: NOW, wakeAt });
    });
    const batch = await inTransaction(db.knex, async (trx) => {
      const messages = await unpublished(trx, 10);
      await markPublished(trx, messages.map((m) => m.id), '2026-11-12T02:00:01.000Z');
      return messages;
    });
    expect(batch.map((m) => m.topic)).toEqual(['taskOpened', 'dossierUpdated']);
    expect(batch[0].id).toBeLessThan(batch[1].id);
    expect(await unpublished(db.knex, 10)).toEqual([]);
  });
});
