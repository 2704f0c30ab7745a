// The live path end to end, on SQLite and on PostgreSQL: a real server with the manual
// clock, real logins and socket.io clients for the commune's specialist, head and
// leader, the district tax office's specialist and the commune's manager. A land
// transfer dossier is received at the commune, its examination runs late while an
// admin moves the clock, and the escalation ladder reaches exactly who DOMAIN.md says,
// once each; then the dossier hops to the tax office.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/app.js';
import { listEvents } from '../../server/store/index.js';
import { databaseTargets, type TestDatabase } from '../support/databases.js';
import { CITY_TAX, COMMUNE, Listener, api, landXml, local, login, moveClock, settle, startLiveServer, vn } from './support.js';

describe.each(databaseTargets)('live escalation on $kind', (target) => {
  let db: TestDatabase;
  let running: RunningServer;
  let specialist: Listener;
  let head: Listener;
  let leader: Listener;
  let reception: Listener;
  let taxSpecialist: Listener;
  let manager: Listener;
  let cityManager: Listener;
  let taxManager: Listener;
  let all: Listener[];
  let dossierId: string;
  let examineId: string;

  beforeAll(async () => {
    db = await target.open();
    running = await startLiveServer(db, { initial: vn('2026-11-12 09:00') });
    await running.context.dossiers.deploy(landXml, 'admin');
    specialist = await Listener.as(running, 'commune.specialist');
    head = await Listener.as(running, 'commune.head');
    leader = await Listener.as(running, 'commune.leader');
    reception = await Listener.as(running, 'commune.reception');
    taxSpecialist = await Listener.as(running, 'tax.specialist');
    manager = await Listener.as(running, 'commune.manager');
    cityManager = await Listener.as(running, 'district.manager');
    taxManager = await Listener.as(running, 'tax.manager');
    all = [specialist, head, leader, reception, taxSpecialist, manager, cityManager, taxManager];
  });
  afterAll(async () => {
    for (const l of all ?? []) l.close();
    await running?.close();
    await db?.cleanup();
  });

  const clearAll = () => all.forEach((l) => l.clear());

  it('offers the examination of a received dossier to the commune specialists at once, and tells nobody at the tax office', async () => {
    const res = await api(running, 'POST', '/dossiers', await login(running, 'commune.reception'), {
      procedureKey: 'land_test',
      applicant: { name: 'Nguyễn Văn An', idNumber: '062090001234', phone: '0905123456' },
    });
    expect(res.status).toBe(201);
    const received = res.body as { id: string; code: string };
    dossierId = received.id;
    // Receiving is the desk's step (issue 20): the examination opens with the receipt.
    const examine = await specialist.waitFor('task:assigned', (t) => t.dossierId === dossierId);
    expect(examine).toMatchObject({
      dossierId,
      dossierCode: received.code,
      stepId: 'Examine',
      role: 'specialist',
      agencyCode: COMMUNE,
      assignee: null,
      deadlineState: 'onTime',
      startedAt: vn('2026-11-12 09:00').toISOString(),
      dueAt: vn('2026-11-16 09:00').toISOString(),
    });
    expect(examine.taskId).toBe(examine.id);
    examineId = examine.taskId;
    const summary = await specialist.waitFor('dossier:updated', (d) => d.dossierId === dossierId);
    expect(summary).toMatchObject({ code: received.code, status: 'processing', holdingAgency: COMMUNE });
    expect(local(summary.appointmentAt)).toBe('2026-11-26 09:00');
    expect(await manager.waitFor('dashboard:changed', (d) => d.dossierId === dossierId)).toMatchObject({ status: 'processing', result: null });
    await settle(running);
    // The desk's own step was done with the receipt: nothing is announced to it, nor to the tax office.
    expect(reception.of('task:assigned')).toEqual([]);
    expect(taxSpecialist.received).toEqual([]);
    expect(manager.of('task:assigned')).toEqual([]);
    expect(head.of('task:assigned')).toEqual([]);
  });

  it('lets a commune specialist take the examination', async () => {
    clearAll();
    expect((await api(running, 'POST', `/tasks/${examineId}/claim`, await login(running, 'commune.specialist'))).status).toBe(200);
    const claimed = await specialist.waitFor('task:updated', (t) => t.taskId === examineId && t.assignee === 'commune.specialist');
    expect(claimed.state).toBe('open');
  });

  it('answers GET /api/admin/clock and refuses moves by non-admins or malformed', async () => {
    const clerk = await login(running, 'commune.specialist');
    expect(await api(running, 'GET', '/admin/clock', clerk)).toEqual({ status: 200, body: { now: vn('2026-11-12 09:00').toISOString() } });
    expect((await api(running, 'GET', '/admin/clock', null)).status).toBe(401);
    const refused = await api(running, 'POST', '/admin/clock', clerk, { advance: 'PT1H' });
    expect(refused).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN' } } });
    expect((await api(running, 'POST', '/admin/clock', null, { advance: 'PT1H' })).status).toBe(401);
    const admin = await login(running, 'admin');
    for (const body of [{ advance: 'P1M' }, { advance: 'two hours' }, { now: 'tomorrow' }, { now: '2026-11-13T09:00:00' }, {}, { now: '2026-11-13T09:00:00Z', advance: 'PT1H' }]) {
      const res = await api(running, 'POST', '/admin/clock', admin, body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    }
    // Nothing moved.
    expect((await api(running, 'GET', '/admin/clock', admin)).body.now).toBe(vn('2026-11-12 09:00').toISOString());
  });

  it('moves back to any earlier instant and says that nothing recorded was undone (CONTRACT.md §6.1)', async () => {
    const admin = await login(running, 'admin');
    const history = (await listEvents(running.knex, dossierId)).length;
    const back = await api(running, 'POST', '/admin/clock', admin, { now: '2026-02-12T09:00:00+07:00' });
    expect(back.status).toBe(200);
    expect(back.body).toMatchObject({
      from: vn('2026-11-12 09:00').toISOString(),
      now: vn('2026-02-12 09:00').toISOString(),
      direction: 'back',
      actions: 0,
    });
    expect(back.body.notice).toMatch(/giữ nguyên/);
    expect(back.body.noticeEn).toMatch(/undone/);
    expect((await api(running, 'GET', '/admin/clock', admin)).body.now).toBe(vn('2026-02-12 09:00').toISOString());
    expect((await listEvents(running.knex, dossierId)).length).toBe(history);
    // And forward again to where the story continues: nothing fell due on the way.
    const forward = await api(running, 'POST', '/admin/clock', admin, { now: '2026-11-12T09:00:00+07:00' });
    expect(forward.body).toMatchObject({ direction: 'forward', actions: 0, now: vn('2026-11-12 09:00').toISOString() });
  });

  it('raises the due-soon warning and the first escalation in order, each at its own minute, before the move returns', async () => {
    clearAll();
    const moved = await moveClock(running, { advance: 'P3DT22H' }); // Thursday 09:00 → Monday 07:00 … then on
    expect(moved.now).toBe(vn('2026-11-16 07:00').toISOString());
    expect(moved.steps.map(local)).toEqual(['2026-11-13 14:30', '2026-11-16 07:00']);
    // The move answered after the events went out.
    expect(specialist.of('task:dueSoon')).toHaveLength(1);
    expect(specialist.of('task:dueSoon')[0]).toMatchObject({ taskId: examineId, dossierId, deadlineState: 'dueSoon', task: { id: examineId } });
    expect(local(specialist.of('task:dueSoon')[0].dueAt)).toBe('2026-11-16 09:00');
    await settle(running);
    expect(head.received).toEqual([]);
    expect(manager.received).toEqual([]);

    const overdue = await moveClock(running, { now: '2026-11-16T10:00:00+07:00' });
    expect(overdue.steps.map(local)).toEqual(['2026-11-16 09:00', '2026-11-16 10:00']);
    const toHead = await head.waitFor('task:overdue');
    expect(toHead).toMatchObject({ taskId: examineId, dossierId, escalationLevel: 1, deadlineState: 'overdue', assignee: 'commune.specialist' });
    expect(local(toHead.dueAt)).toBe('2026-11-16 09:00');
    await specialist.waitFor('task:overdue', (t) => t.escalationLevel === 1);
    await manager.waitFor('task:overdue', (t) => t.escalationLevel === 1);
    expect(await manager.waitFor('dashboard:changed', (d) => d.dossierId === dossierId)).toMatchObject({ status: 'processing' });
    // The city's manager oversees the commune; the tax office's manager does not.
    await cityManager.waitFor('task:overdue', (t) => t.taskId === examineId);
    await settle(running);
    expect(taxManager.received).toEqual([]);
    expect(specialist.events()).toEqual(['task:dueSoon', 'task:overdue']);
    expect(head.events()).toEqual(['task:overdue']);
    // Level 1 is for the assignee and the head; a leader sees it only as a dashboard
    // watcher (leaders read the dashboard), and is named at level 2.
    expect(leader.of('task:overdue').map((t) => t.escalationLevel)).toEqual([1]);
    expect(taxSpecialist.received).toEqual([]);
    expect(reception.of('task:overdue')).toEqual([]);

    const history = (await listEvents(running.knex, dossierId)).filter((e) => e.taskId === examineId && (e.type === 'dueSoon' || e.type === 'escalated'));
    expect(history.map((e) => [e.type, local(e.at), e.details.level ?? null])).toEqual([
      ['dueSoon', '2026-11-13 14:30', null],
      ['escalated', '2026-11-16 09:00', 1],
    ]);
  });

  it('a day later reaches the leader and the dashboard at level 2, and nobody hears level 1 again', async () => {
    clearAll();
    const moved = await moveClock(running, { advance: 'P2D' });
    expect(moved.steps.map(local)).toEqual(['2026-11-17 09:00', '2026-11-18 10:00']);
    const toLeader = await leader.waitFor('task:overdue');
    expect(toLeader).toMatchObject({ taskId: examineId, escalationLevel: 2, notify: ['leader', 'dashboard'] });
    await settle(running);
    for (const l of [specialist, head, leader, manager]) {
      expect(l.of('task:overdue').map((t) => t.escalationLevel), l.name).toEqual([2]);
    }
    expect(taxSpecialist.received).toEqual([]);
    const rows = await running.knex('escalations').where({ task_id: examineId }).orderBy('level');
    expect(rows.map((r) => [Number(r.level), local(r.at)])).toEqual([
      [1, '2026-11-16 09:00'],
      [2, '2026-11-17 09:00'],
    ]);

    // The ladder is done: moving on raises nothing and sends nothing.
    clearAll();
    const later = await moveClock(running, { advance: 'P7D' });
    expect(later.actions).toBe(0);
    await settle(running);
    for (const l of all) expect(l.of('task:overdue'), l.name).toEqual([]);
  });

  it('hands the dossier to the district tax office: its specialists are told, the commune specialist is not', async () => {
    clearAll();
    // A fresh login: the clock moved days past the last one.
    const done = await api(running, 'POST', `/tasks/${examineId}/complete`, await login(running, 'commune.specialist'), { comment: 'Hồ sơ hợp lệ' });
    expect(done.status).toBe(200);
    const tax = await taxSpecialist.waitFor('task:assigned');
    expect(tax).toMatchObject({ dossierId, stepId: 'Tax', role: 'specialist', agencyCode: CITY_TAX, assignee: null });
    const update = await taxSpecialist.waitFor('dossier:updated', (d) => d.dossierId === dossierId);
    expect(update).toMatchObject({ status: 'transferred', holdingAgency: CITY_TAX });
    // The commune held it: its agency room hears where it went.
    expect(await head.waitFor('dossier:updated', (d) => d.dossierId === dossierId)).toMatchObject({ holdingAgency: CITY_TAX });
    await settle(running);
    expect(specialist.of('task:assigned')).toEqual([]);
    // Each socket hears of the hop once, though the hop and the status change are two effects.
    expect(taxSpecialist.of('dossier:updated')).toHaveLength(1);
    expect(manager.of('dashboard:changed', (d) => d.dossierId === dossierId)).toHaveLength(1);
  });
});
