import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction, migrate, newId, newLookupSecret, nextDossierCode } from '../../server/store/index.js';
import { databaseTargets, type TestDatabase } from '../support/databases.js';
import { COMMUNE, DISTRICT, seedAgencies } from './fixtures.js';

describe.each(databaseTargets)('dossier codes on $kind', (target) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await target.open();
    await migrate(db.knex);
    await seedAgencies(db.knex);
  });
  afterAll(async () => {
    await db?.cleanup();
  });

  it('hands 50 concurrent receptions 50 distinct, consecutive codes of the agency and day', async () => {
    // On PostgreSQL a pool of 10 makes the transactions really overlap; on SQLite
    // they queue for the single connection.
    const codes = await Promise.all(
      Array.from({ length: 50 }, () => inTransaction(db.knex, (trx) => nextDossierCode(trx, DISTRICT, '2026-11-12'))),
    );
    for (const code of codes) expect(code).toMatch(/^000\.00\.23\.H40-261112-\d{4}$/);
    expect(new Set(codes).size).toBe(50);
    const numbers = codes.map((c) => Number(c.slice(-4))).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it('starts again at 0001 on the next local day, and counts each agency separately', async () => {
    const [nextDay, commune, sameDay] = await inTransaction(db.knex, async (trx) => [
      await nextDossierCode(trx, DISTRICT, '2026-11-13'),
      await nextDossierCode(trx, COMMUNE, '2026-11-12'),
      await nextDossierCode(trx, DISTRICT, '2026-11-12'),
    ]);
    expect(nextDay).toBe('000.00.23.H40-261113-0001');
    expect(commune).toBe('000.01.23.H40-261112-0001');
    expect(sameDay).toBe('000.00.23.H40-261112-0051');
  });

  it('gives the number back when the reception rolls back, so the register has no gap', async () => {
    await expect(
      inTransaction(db.knex, async (trx) => {
        await nextDossierCode(trx, COMMUNE, '2026-11-20');
        throw new Error('printer on fire');
      }),
    ).rejects.toThrow('printer on fire');
    const code = await inTransaction(db.knex, (trx) => nextDossierCode(trx, COMMUNE, '2026-11-20'));
    expect(code).toBe('000.01.23.H40-261120-0001');
  });

  it('refuses a date that is not YYYY-MM-DD', async () => {
    await expect(inTransaction(db.knex, (trx) => nextDossierCode(trx, COMMUNE, '12/11/2026'))).rejects.toThrow(/YYYY-MM-DD/);
  });
});

describe('lookup secrets and ids', () => {
  it('makes 6-character secrets without characters a citizen could misread', () => {
    const secrets = Array.from({ length: 500 }, newLookupSecret);
    for (const s of secrets) expect(s).toMatch(/^[ABCDEFGHJKMNPQRSTUVWXYZ2-9]{6}$/);
    expect(secrets.join('')).not.toMatch(/[01OIL]/);
    expect(new Set(secrets).size).toBeGreaterThan(490);
  });

  it('mints unique ids', () => {
    const ids = new Set(Array.from({ length: 1000 }, newId));
    expect(ids.size).toBe(1000);
  });
});
