// The scheduler's unit of failure is one dossier (issue 13, item 2), on SQLite and
// PostgreSQL, through DossierService.runDue as the scheduler calls it: more failing
// dossiers than a batch holds do not starve a healthy one; a failing dossier is tried
// again only at its retry instant, which doubles (bounded); a later success resolves it.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../server/clock.js';
import { DossierService } from '../../server/services/dossierService.js';
import { INCIDENT_BACKOFF, listIncidents, listTasks } from '../../server/store/index.js';
import { databaseTargets, type TestDatabase } from '../support/databases.js';
import { COMMUNE, staff, vn } from '../engine/dossier/support.js';
import { openProvince } from './support.js';

const landXml = readFileSync(new URL('../engine/dossier/fixtures/land-transfer.bpmn', import.meta.url), 'utf8');
const noRouteXml = readFileSync(new URL('../live/fixtures/timer-no-route.bpmn', import.meta.url), 'utf8');
const applicant = { name: 'Nguyễn Văn An', idNumber: '062090001234', phone: '0905123456' };

function nested(depth: number): unknown {
  let value: unknown = [];
  for (let i = 1; i < depth; i++) value = [value];
  return value;
}

describe.each(databaseTargets)('incidents and back-off in runDue on $kind', (target) => {
  let db: TestDatabase;
  let clock: FixedClock;
  let service: DossierService;
  const bombed: string[] = [];
  let healthy: string;
  let stuck: string;
  const states = new Map<string, string>();

  beforeAll(async () => {
    db = await openProvince(target);
    clock = new FixedClock(vn('2026-11-12 09:00'));
    service = new DossierService(db.knex, clock);
    await service.deploy(landXml, 'admin');
    await service.deploy(noRouteXml, 'admin');
    const receive = async (procedureKey: string) =>
      (await service.receive({ procedureKey, receivingAgency: COMMUNE, applicant, actor: staff.reception })).id;
    for (let i = 0; i < 3; i++) bombed.push(await receive('land_test'));
    healthy = await receive('land_test');
    stuck = await receive('timer_no_route');
    await service.runDue(); // the desk steps' immediate due-soon warnings, before any bomb
    for (const id of bombed) {
      const row = await db.knex('dossiers').where({ id }).first('state');
      states.set(id, String(row.state));
      const state = JSON.parse(String(row.state));
      state.data = { scans: nested(3_500) };
      await db.knex('dossiers').where({ id }).update({ state: JSON.stringify(state) });
    }
  });
  afterAll(async () => {
    await db?.cleanup();
  });

  const open = async () => (await listIncidents(db.knex, { state: 'open', limit: 50, offset: 0 })).items;

  it('escalates the healthy dossier although three failing ones fill the batch before it, and never throws', async () => {
    clock.set(vn('2026-11-12 15:00'));
    // The scheduler's settle loop with a batch of 2: each call must make progress.
    for (let i = 0; i < 4; i++) await service.runDue(2);
    const [task] = await listTasks(db.knex, { dossierId: healthy, state: 'open' });
    expect(task.escalationLevel).toBe(1);
    const incidents = await open();
    expect(incidents.map((x) => x.dossierId).sort()).toEqual([...bombed, stuck].sort());
    expect(incidents.find((x) => x.dossierId === stuck)).toMatchObject({ kind: 'timer', code: 'NO_ROUTE', attempts: 1 });
    for (const x of incidents.filter((x) => x.dossierId !== stuck)) {
      expect(x).toMatchObject({ kind: 'deadlines', code: 'INTERNAL', attempts: 1 });
      expect(new Date(x.retryAt!).getTime() - new Date(x.lastFailedAt).getTime()).toBe(INCIDENT_BACKOFF.firstMs);
    }
  });

  it('leaves a failing dossier alone until its retry instant, then waits twice as long', async () => {
    await service.runDue();
    expect((await open()).every((x) => x.attempts === 1)).toBe(true);
    clock.set(new Date(clock.now().getTime() + INCIDENT_BACKOFF.firstMs));
    await service.runDue();
    const incidents = await open();
    expect(incidents.every((x) => x.attempts === 2)).toBe(true);
    for (const x of incidents) expect(new Date(x.retryAt!).getTime() - new Date(x.lastFailedAt).getTime()).toBe(2 * INCIDENT_BACKOFF.firstMs);
  });

  it('resolves an incident once a later attempt succeeds', async () => {
    await db.knex('dossiers').where({ id: bombed[0] }).update({ state: states.get(bombed[0])! });
    clock.set(new Date(clock.now().getTime() + 2 * INCIDENT_BACKOFF.firstMs));
    await service.runDue();
    const resolved = (await listIncidents(db.knex, { state: 'resolved', limit: 50, offset: 0 })).items;
    expect(resolved).toEqual([expect.objectContaining({ dossierId: bombed[0], resolvedBy: 'scheduler', state: 'resolved' })]);
    const [task] = await listTasks(db.knex, { dossierId: bombed[0], state: 'open' });
    expect(task.escalationLevel).toBe(1);
    expect((await open()).map((x) => x.dossierId).sort()).toEqual([bombed[1], bombed[2], stuck].sort());
  });
});
