import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  deployVersion,
  getVersion,
  inTransaction,
  latestVersion,
  listProcedures,
  listVersions,
  migrate,
} from '../../server/store/index.js';
import { databaseTargets, type TestDatabase } from '../support/databases.js';
import { NOW, procedureModel } from './fixtures.js';

const deployment = (key: string, xml: string, name = 'Cấp giấy chứng nhận quyền sử dụng đất') => ({
  key,
  code: '1.004227',
  name,
  xml,
  model: procedureModel(key),
  timeLimit: 'P30D',
  level: 'district' as const,
  deployedBy: 'admin',
  warnings: [{ elementId: 'Task_1', code: 'NO_DURATION', severity: 'warning' as const, message: 'Chưa có thời hạn', messageEn: 'No duration' }],
  now: NOW,
});

describe.each(databaseTargets)('procedures on $kind', (target) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await target.open();
    await migrate(db.knex);
  });
  afterAll(async () => {
    await db?.cleanup();
  });

  it('deploys two versions; the first stays exactly as deployed', async () => {
    const v1 = await inTransaction(db.knex, (trx) => deployVersion(trx, deployment('landCertificate', '<v1/>')));
    const v2 = await inTransaction(db.knex, (trx) =>
      deployVersion(trx, { ...deployment('landCertificate', '<v2/>', 'Cấp GCN QSDĐ lần đầu'), now: '2026-11-13T01:00:00.000Z' }),
    );
    expect([v1, v2]).toEqual([1, 2]);

    const first = await getVersion(db.knex, 'landCertificate', 1);
    expect(first).toMatchObject({ version: 1, xml: '<v1/>', timeLimit: 'P30D', level: 'district', deployedAt: NOW });
    expect(first?.model).toEqual(procedureModel('landCertificate'));
    expect(first?.warnings[0]).toMatchObject({ elementId: 'Task_1', code: 'NO_DURATION' });

    expect(await latestVersion(db.knex, 'landCertificate')).toMatchObject({ version: 2, xml: '<v2/>' });
    expect((await listVersions(db.knex, 'landCertificate')).map((v) => [v.version, v.deployedAt])).toEqual([
      [1, NOW],
      [2, '2026-11-13T01:00:00.000Z'],
    ]);
    const [summary] = await listProcedures(db.knex);
    expect(summary).toMatchObject({ key: 'landCertificate', name: 'Cấp GCN QSDĐ lần đầu', latestVersion: 2, createdAt: NOW });
    expect(await getVersion(db.knex, 'landCertificate', 3)).toBeNull();
    expect(await latestVersion(db.knex, 'nothing')).toBeNull();
  });

  it('numbers concurrent deploys of the same procedure 1, 2, 3 … without a clash', async () => {
    const versions = await Promise.all(
      Array.from({ length: 8 }, (_, i) => inTransaction(db.knex, (trx) => deployVersion(trx, deployment('householdBusiness', `<v${i}/>`)))),
    );
    expect([...versions].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    // Each stored XML matches the number its deploy was told.
    for (const [i, version] of versions.entries()) {
      expect((await getVersion(db.knex, 'householdBusiness', version))?.xml).toBe(`<v${i}/>`);
    }
  });
});
