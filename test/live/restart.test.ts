// A restart in the middle of a dossier's lateness, on SQLite and on PostgreSQL: the
// first escalation is raised and sent, the server stops, another process commits
// while nobody publishes (a crash between commit and publish), a new server starts on
// the same database. Nothing is lost, nothing is sent twice, the manual clock is where
// it was, and the second rung is raised once at its own instant.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/app.js';
import { FixedClock } from '../../server/clock.js';
import { DossierService } from '../../server/services/dossierService.js';
import { listTasks } from '../../server/store/index.js';
import { databaseTargets, type TestDatabase } from '../support/databases.js';
import { COMMUNE, Listener, actors, api, landXml, local, login, moveClock, settle, startLiveServer, vn } from './support.js';

describe.each(databaseTargets)('a restart between two due instants on $kind', (target) => {
  let db: TestDatabase;
  let first: RunningServer | null = null;
  let second: RunningServer | null = null;
  const listeners: Listener[] = [];
  let dossierId: string;
  let examineId: string;

  beforeAll(async () => {
    db = await target.open();
  });
  afterAll(async () => {
    listeners.forEach((l) => l.close());
    await first?.close();
    await second?.close();
    await db?.cleanup();
  });

  const listen = async (running: RunningServer, username: string) => {
    const l = await Listener.as(running, username);
    listeners.push(l);
    return l;
  };

  it('raises level 1 on the first server and sends it once', async () => {
    first = await startLiveServer(db, { initial: vn('2026-11-12 09:00') });
    const { dossiers } = first.context;
    await dossiers.deploy(landXml, 'admin');
    const received = await dossiers.receive({
      procedureKey: 'land_test',
      receivingAgency: COMMUNE,
      applicant: { name: 'Trần Thị Bình', idNumber: '062090005678', phone: '0905000111' },
      actor: actors.reception,
    });
    dossierId = received.id;
    const [receive] = await listTasks(first.knex, { dossierId, state: 'open' });
    await dossiers.complete(dossierId, { taskId: receive.id, actor: actors.reception });
    [{ id: examineId }] = await listTasks(first.knex, { dossierId, state: 'open' });
    await dossiers.claim(dossierId, { taskId: examineId, actor: actors.specialist });

    const head = await listen(first, 'commune.head');
    await moveClock(first, { now: '2026-11-16T10:00:00+07:00' });
    expect((await head.waitFor('task:overdue')).escalationLevel).toBe(1);
    await settle(first);
    expect(head.of('task:overdue')).toHaveLength(1);
  });

  it('comes back on the same database: same clock, the backlog of a crashed process sent once, level 1 not again', async () => {
    await first!.close();
    first = null;
    // Another process commits a new dossier and dies before publishing it.
    const other = await db.openAnother();
    const crashed = new DossierService(other, new FixedClock(vn('2026-11-16 10:00')));
    const late = await crashed.receive({
      procedureKey: 'land_test',
      receivingAgency: COMMUNE,
      applicant: { name: 'Lê Văn Cường', idNumber: '062090009999', phone: '0905000222' },
      actor: actors.reception,
    });
    const waiting = await other('outbox').whereNull('published_at').count({ n: '*' }).first();
    expect(Number(waiting?.n)).toBeGreaterThan(0);

    // Starts where the stored clock stands, whatever `initial` says; holds the backlog
    // back a moment so the clients below are connected when it goes out.
    second = await startLiveServer(db, { initial: vn('2030-01-01 00:00'), backlogGraceMs: 1_500 });
    const admin = await login(second, 'admin');
    expect((await api(second, 'GET', '/admin/clock', admin)).body.now).toBe(vn('2026-11-16 10:00').toISOString());
    const reception = await listen(second, 'commune.reception');
    const head = await listen(second, 'commune.head');
    const specialist = await listen(second, 'commune.specialist');

    const backlog = await reception.waitFor('task:assigned', (t) => t.dossierId === late.id, 5_000);
    expect(backlog).toMatchObject({ stepId: 'Receive', dossierCode: late.code });
    await settle(second, 400);
    expect(reception.of('task:assigned', (t) => t.dossierId === late.id)).toHaveLength(1);
    expect(head.of('task:overdue')).toEqual([]);
    expect(specialist.of('task:overdue')).toEqual([]);
    expect(Number((await other('outbox').whereNull('published_at').count({ n: '*' }).first())?.n)).toBe(0);
  });

  it('raises level 2 on the second server at its instant, once, and never level 1 again', async () => {
    const leader = await listen(second!, 'commune.leader');
    const head = listeners.find((l) => l.name === 'commune.head' && l.socket.connected)!;
    head.clear();
    const moved = await moveClock(second!, { advance: 'P1D' });
    // The crashed process's dossier has its own rungs on the way (its desk step, received
    // Monday 10:00 with 4 working hours, due 16:00): its due-soon warning once the first
    // quarter of the allotment has passed (11:00 — a step is not "due soon" in its first
    // moments, engine/deadlines/deadlineState.ts), then its escalation.
    expect(moved.steps.map(local)).toEqual(['2026-11-16 11:00', '2026-11-16 16:00', '2026-11-17 09:00', '2026-11-17 10:00']);
    expect((await leader.waitFor('task:overdue', (t) => t.taskId === examineId)).escalationLevel).toBe(2);
    await settle(second!);
    expect(head.of('task:overdue', (t) => t.taskId === examineId).map((t) => t.escalationLevel)).toEqual([2]);
    expect(leader.of('task:overdue', (t) => t.taskId === examineId).map((t) => t.escalationLevel)).toEqual([2]);
    const rows = await second!.knex('escalations').where({ task_id: examineId }).orderBy('level');
    expect(rows.map((r) => [Number(r.level), local(r.at)])).toEqual([
      [1, '2026-11-16 09:00'],
      [2, '2026-11-17 09:00'],
    ]);
    // The task itself remembers the level too, which is what stops a third attempt.
    const [task] = await listTasks(second!.knex, { dossierId, state: 'open' });
    expect(task).toMatchObject({ id: examineId, escalationLevel: 2 });
  });
});
