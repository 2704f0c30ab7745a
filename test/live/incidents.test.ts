// One dossier must not stop the scheduler for everyone (issue 13, item 2). Attacked two
// ways, on SQLite and on PostgreSQL, over a real server with the manual clock:
// - a nested-JSON bomb: refused at the door now (400 JSON_TOO_DEEP, 422 INVALID_DATA);
//   one planted in the database as it could be before (a dossier's state that
//   structuredClone throws on) leaves the escalations of every other dossier arriving
//   on time, and shows up as an incident an admin can see and retry;
// - a timer into a gateway with only conditions (NO_ROUTE when it fires): an incident,
//   with exponential, bounded backoff, not a stopped scheduler.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/app.js';
import { INCIDENT_BACKOFF, incidentBackoffMs } from '../../server/store/index.js';
import { databaseTargets, type TestDatabase } from '../support/databases.js';
import { Listener, api, landXml, login, moveClock, settle, startLiveServer, vn } from './support.js';

const noRouteXml = readFileSync(new URL('./fixtures/timer-no-route.bpmn', import.meta.url), 'utf8');
const APPLICANT = { name: 'Trần Thị Bình', idNumber: '062090004321', phone: '0905111222' };

/** `[[[…]]]`, `depth` arrays deep: 7 KB of JSON at 3,500. */
function nested(depth: number): unknown {
  let value: unknown = [];
  for (let i = 1; i < depth; i++) value = [value];
  return value;
}

describe.each(databaseTargets)('incidents on $kind', (target) => {
  let db: TestDatabase;
  let running: RunningServer;
  let head: Listener;
  let bomb: { id: string; receiveTaskId: string };
  let victim: { id: string; receiveTaskId: string; dueAt: string };
  let stuck: { id: string };
  let originalState: string;

  beforeAll(async () => {
    db = await target.open();
    running = await startLiveServer(db, { initial: vn('2026-11-12 09:00') });
    await running.context.dossiers.deploy(landXml, 'admin');
    await running.context.dossiers.deploy(noRouteXml, 'admin');
    head = await Listener.as(running, 'commune.head');
    // Received without the clerk's check at the desk (the service, not POST /dossiers, which
    // completes the desk's step with the receipt — issue 20): the PT4H desk step stays open,
    // the step whose deadlines these tests run into.
    const receive = async (procedureKey: string) => {
      const { dossier } = await running.context.dossiers.receive({
        procedureKey,
        receivingAgency: '000.01.23.H40',
        applicant: APPLICANT,
        actor: { username: 'commune.reception', agencyCode: '000.01.23.H40', roles: ['reception'] },
      });
      return { id: dossier.row.id, tasks: dossier.state.tasks.map((t) => ({ id: t.id, stepId: t.stepId, dueAt: t.dueAt! })) };
    };
    const a = await receive('land_test');
    const b = await receive('land_test');
    const c = await receive('timer_no_route');
    bomb = { id: a.id, receiveTaskId: a.tasks[0].id };
    victim = { id: b.id, receiveTaskId: b.tasks[0].id, dueAt: b.tasks[0].dueAt };
    stuck = { id: c.id };
  });
  afterAll(async () => {
    head?.close();
    await running?.close();
    await db?.cleanup();
  });

  it('refuses a nested-JSON bomb at the door, on a route and in the engine, and the dossier stays as it was', async () => {
    const desk = await login(running, 'commune.reception');
    const deep = await api(running, 'POST', `/tasks/${bomb.receiveTaskId}/complete`, desk, { data: { scans: nested(3_500) } });
    expect(deep.status).toBe(400);
    expect(deep.body.error).toMatchObject({ code: 'JSON_TOO_DEEP', params: { max: 40 } });
    expect(deep.body.error.messageEn).toMatch(/too deep/);
    // Under the body's bound but over the data's: the engine refuses it.
    const deeper = await api(running, 'POST', `/tasks/${bomb.receiveTaskId}/complete`, desk, { data: { scans: nested(36) } });
    expect(deeper.status).toBe(422);
    expect(deeper.body.error).toMatchObject({ code: 'INVALID_DATA', messageKey: 'INVALID_DATA.tooDeep' });
    // Every route, also one that takes no body, and a receipt.
    expect((await api(running, 'POST', '/auth/login', null, { username: nested(100), password: 'x' })).body.error.code).toBe('JSON_TOO_DEEP');
    const receipt = await api(running, 'POST', '/dossiers', desk, { procedureKey: 'land_test', applicant: APPLICANT, data: { x: nested(34) } });
    expect(receipt.status).toBe(422);
    expect(receipt.body.error.code).toBe('INVALID_DATA');
    const after = await api(running, 'GET', `/dossiers/${bomb.id}`, desk);
    expect(after.body.tasks.find((t: { id: string }) => t.id === bomb.receiveTaskId).state).toBe('open');
    expect(after.body.history.map((e: { type: string }) => e.type)).not.toContain('completed');
    expect(after.body.data).toEqual({});
  });

  it('leaves the escalations of other dossiers arriving on time when one dossier’s state is a bomb', async () => {
    // What the door now refuses, planted as it could have been stored before.
    const row = await db.knex('dossiers').where({ id: bomb.id }).first('state');
    originalState = String(row.state);
    const planted = JSON.parse(originalState);
    planted.data = { scans: nested(3_500) };
    await db.knex('dossiers').where({ id: bomb.id }).update({ state: JSON.stringify(planted) });

    head.clear();
    const moved = await moveClock(running, { now: vn('2026-11-13 12:00').toISOString() });
    expect(moved.direction).toBe('forward');
    await settle(running);

    // The victim's desk step ran late: warned and escalated at its own instants, heard by the head.
    const seen = await api(running, 'GET', `/dossiers/${victim.id}`, await login(running, 'commune.head'));
    const escalated = seen.body.history.filter((e: { type: string; taskId: string }) => e.type === 'escalated' && e.taskId === victim.receiveTaskId);
    expect(escalated.length).toBeGreaterThanOrEqual(1);
    expect(escalated[0].at).toBe(victim.dueAt);
    expect(seen.body.history.some((e: { type: string; taskId: string }) => e.type === 'dueSoon' && e.taskId === victim.receiveTaskId)).toBe(true);
    const overdue = await head.waitFor('task:overdue', (t) => t.dossierId === victim.id);
    expect(overdue).toMatchObject({ taskId: victim.receiveTaskId, deadlineState: 'overdue' });

    // The bomb is an incident, backing off; the stuck timer another.
    const admin = await login(running, 'admin');
    const list = await api(running, 'GET', '/admin/incidents', admin);
    expect(list.status).toBe(200);
    const byDossier = new Map(list.body.items.map((i: { dossierId: string }) => [i.dossierId, i]));
    expect(list.body.total).toBe(2);
    const bombed = byDossier.get(bomb.id) as any;
    expect(bombed).toMatchObject({ kind: 'deadlines', code: 'INTERNAL', state: 'open' });
    expect(bombed.message).toMatch(/call stack/i);
    expect(bombed.attempts).toBeGreaterThan(1);
    // Exponential, bounded: the wait after the n-th failure.
    expect(new Date(bombed.retryAt).getTime() - new Date(bombed.lastFailedAt).getTime()).toBe(incidentBackoffMs(bombed.attempts));
    expect(incidentBackoffMs(1)).toBe(INCIDENT_BACKOFF.firstMs);
    expect(incidentBackoffMs(2)).toBe(2 * INCIDENT_BACKOFF.firstMs);
    expect(incidentBackoffMs(50)).toBe(INCIDENT_BACKOFF.maxMs);
    // …a back-off, not a loop: a day and more at most an attempt a minute, and in the end one an hour.
    expect(bombed.attempts).toBeLessThan(40);

    const timer = byDossier.get(stuck.id) as any;
    expect(timer).toMatchObject({ kind: 'timer', code: 'NO_ROUTE', state: 'open' });
    expect(timer.ref).toMatch(/t/);
    expect(timer.dossierCode).toMatch(/./);
  });

  it('lists incidents to an admin only', async () => {
    const res = await api(running, 'GET', '/admin/incidents', await login(running, 'commune.head'));
    expect(res.status).toBe(403);
    expect((await api(running, 'GET', '/admin/incidents', null)).status).toBe(401);
  });

  it('retries an incident at once: one more attempt while the cause stays, resolved once it is gone', async () => {
    const admin = await login(running, 'admin');
    const list = (await api(running, 'GET', '/admin/incidents', admin)).body.items as Array<{ id: number; dossierId: string; attempts: number }>;
    const timer = list.find((i) => i.dossierId === stuck.id)!;
    const again = await api(running, 'POST', `/admin/incidents/${timer.id}/retry`, admin);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ resolved: false, incident: { state: 'open', code: 'NO_ROUTE', attempts: timer.attempts + 1 } });

    // The bomb defused (an operator restored the dossier): the retry resolves it.
    const bombed = list.find((i) => i.dossierId === bomb.id)!;
    await db.knex('dossiers').where({ id: bomb.id }).update({ state: originalState });
    const fixed = await api(running, 'POST', `/admin/incidents/${bombed.id}/retry`, admin);
    expect(fixed.status).toBe(200);
    expect(fixed.body).toMatchObject({ resolved: true, incident: { state: 'resolved', resolvedBy: 'admin', retryAt: null } });
    const open = await api(running, 'GET', '/admin/incidents', admin);
    expect(open.body.items.map((i: { dossierId: string }) => i.dossierId)).toEqual([stuck.id]);
    const all = await api(running, 'GET', '/admin/incidents?state=all', admin);
    expect(all.body.total).toBe(2);
    expect((await api(running, 'POST', '/admin/incidents/99999/retry', admin)).status).toBe(404);
  });
});
