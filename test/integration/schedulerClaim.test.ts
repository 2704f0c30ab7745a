// Several server processes run the scheduler on one PostgreSQL: a dossier another
// process is working on (its row locked) is skipped, not waited for and escalated twice.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../server/clock.js';
import { DossierService } from '../../server/services/dossierService.js';
import { listTasks } from '../../server/store/index.js';
import { openProvince } from './support.js';
import { databaseTargets, type TestDatabase } from '../support/databases.js';
import { COMMUNE, staff, vn } from '../engine/dossier/support.js';

const landXml = readFileSync(new URL('../engine/dossier/fixtures/land-transfer.bpmn', import.meta.url), 'utf8');
const postgres = databaseTargets.filter((t) => t.kind === 'postgres');

describe.skipIf(postgres.length === 0).each(postgres)('the scheduler on two processes ($kind)', (target) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openProvince(target);
  });
  afterAll(async () => {
    await db?.cleanup();
  });

  it('skips a dossier whose row another process holds, and escalates it once afterwards', async () => {
    const clock = new FixedClock(vn('2026-11-12 09:00'));
    const first = new DossierService(db.knex, clock);
    const second = new DossierService(await db.openAnother(), clock);
    await first.deploy(landXml, 'admin');
    const { id } = await first.receive({
      procedureKey: 'land_test',
      receivingAgency: COMMUNE,
      applicant: { name: 'Nguyễn Văn An', idNumber: '062090001234', phone: '0905123456' },
      actor: staff.reception,
    });
    // The reception step (PT4H from 09:00, across lunch) falls due at 15:00.
    clock.set(vn('2026-11-12 15:00'));
    const holder = await db.knex.transaction();
    try {
      await holder('dossiers').where({ id }).forUpdate().first('id');
      expect(await second.runDue()).toEqual([]);
    } finally {
      await holder.rollback();
    }
    const results = await second.runDue();
    expect(results.flatMap((r) => r.effects.map((e) => e.type))).toEqual(['dueSoon', 'escalated']);
    expect(await first.runDue()).toEqual([]);
    const [task] = await listTasks(db.knex, { dossierId: id, state: 'open' });
    expect(task.escalationLevel).toBe(1);
  });
});
