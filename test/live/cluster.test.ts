// Two server processes on one PostgreSQL schema (DESIGN.md: several processes share
// events through a socket.io adapter on PostgreSQL). Each outbox row is claimed by one
// publisher (FOR UPDATE SKIP LOCKED) and reaches every socket in its rooms once,
// whichever process the socket is connected to; both processes read one manual clock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/app.js';
import { listTasks } from '../../server/store/index.js';
import { databaseTargets, type TestDatabase } from '../support/databases.js';
import { CITY_TAX, COMMUNE, Listener, actors, api, landXml, login, moveClock, settle, sleep, startLiveServer, vn } from './support.js';

const postgres = databaseTargets.filter((t) => t.kind === 'postgres');

describe.skipIf(postgres.length === 0)('two server processes on one PostgreSQL schema', () => {
  let db: TestDatabase;
  let a: RunningServer;
  let b: RunningServer;
  const listeners: Listener[] = [];

  beforeAll(async () => {
    db = await postgres[0].open();
    a = await startLiveServer(db, { initial: vn('2026-11-12 09:00') });
    // B publishes only what B commits: what reaches B's sockets from A's commits came through the adapter.
    b = await startLiveServer(db, { publishIntervalMs: 60_000 });
    await a.context.dossiers.deploy(landXml, 'admin');
    // Each adapter knows of the other once a heartbeat crossed (LISTEN may start a moment after the server).
    const deadline = Date.now() + 10_000;
    while ((await a.context.live!.serverCount()) < 2 || (await b.context.live!.serverCount()) < 2) {
      if (Date.now() > deadline) throw new Error('the two adapters never saw each other');
      await sleep(50);
    }
  });
  afterAll(async () => {
    listeners.forEach((l) => l.close());
    await a?.close();
    await b?.close();
    await db?.cleanup();
  });

  const listen = async (running: RunningServer, username: string, name: string) => {
    const l = await Listener.connect(running, await login(running, username), name);
    listeners.push(l);
    return l;
  };

  it('delivers what process A published to a socket on process B, exactly once', async () => {
    const taxOnB = await listen(b, 'tax.specialist', 'tax on B');
    const specialistOnA = await listen(a, 'commune.specialist', 'commune specialist on A');
    const headOnB = await listen(b, 'commune.head', 'commune head on B');
    const publishedByB = b.context.live!.publisher.published;

    const { dossiers } = a.context;
    const received = await dossiers.receive({
      procedureKey: 'land_test',
      receivingAgency: COMMUNE,
      applicant: { name: 'Phạm Thị Dung', idNumber: '062090004444', phone: '0905000333' },
      actor: actors.reception,
    });
    const receive = (await listTasks(a.knex, { dossierId: received.id, state: 'open' }))[0];
    await dossiers.complete(received.id, { taskId: receive.id, actor: actors.reception });
    const examine = (await listTasks(a.knex, { dossierId: received.id, state: 'open' }))[0];
    await dossiers.complete(received.id, { taskId: examine.id, actor: actors.specialist });

    const tax = await taxOnB.waitFor('task:assigned', (t) => t.dossierId === received.id);
    expect(tax).toMatchObject({ stepId: 'Tax', agencyCode: CITY_TAX, dossierCode: received.code });
    await headOnB.waitFor('dossier:updated', (d) => d.dossierId === received.id && d.holdingAgency === CITY_TAX);
    await settle(a, 500);
    expect(taxOnB.of('task:assigned', (t) => t.dossierId === received.id)).toHaveLength(1);
    // dossier:updated is a summary sent once per dossier per publisher batch (as the dossier
    // stands then), so how many the tax office hears depends on how the three commits fell
    // into batches (the publisher coalesces nudges); that each row went out once is what the
    // counts of task events above and B's publisher (below) show.
    expect(taxOnB.of('dossier:updated', (d) => d.dossierId === received.id).length).toBeGreaterThanOrEqual(1);
    expect(specialistOnA.of('task:assigned', (t) => t.stepId === 'Tax')).toEqual([]);
    expect(specialistOnA.of('task:assigned', (t) => t.stepId === 'Examine')).toHaveLength(1);
    // B sent none of it: every row went out through A and crossed over.
    expect(b.context.live!.publisher.published).toBe(publishedByB);
  });

  it('never publishes one row from both processes, though both publish at once', async () => {
    const onA = await listen(a, 'commune.reception', 'reception on A');
    const onB = await listen(b, 'commune.reception', 'reception on B');
    const ids: string[] = [];
    // Commits through both processes at once, each nudging its own publisher.
    await Promise.all(
      Array.from({ length: 12 }, async (_, i) => {
        const service = (i % 2 === 0 ? a : b).context.dossiers;
        const { id } = await service.receive({
          procedureKey: 'land_test',
          receivingAgency: COMMUNE,
          applicant: { name: `Người nộp ${i}`, idNumber: `0620900100${String(i).padStart(2, '0')}`, phone: '0905000444' },
          actor: actors.reception,
        });
        ids.push(id);
      }),
    );
    for (const id of ids) await onB.waitFor('task:assigned', (t) => t.dossierId === id);
    await settle(a, 600);
    for (const l of [onA, onB]) {
      for (const id of ids) expect(l.of('task:assigned', (t) => t.dossierId === id), `${l.name} ${id}`).toHaveLength(1);
    }
    expect(Number((await a.knex('outbox').whereNull('published_at').count({ n: '*' }).first())?.n)).toBe(0);
  });

  it('agrees on the manual clock: a move through A is what B reads and runs at', async () => {
    const moved = await moveClock(a, { advance: 'PT3H' });
    const token = await login(b, 'commune.specialist');
    expect((await api(b, 'GET', '/admin/clock', token)).body).toEqual({ now: moved.now });
    // B's own actions are stamped with the moved clock too.
    const received = await b.context.dossiers.receive({
      procedureKey: 'land_test',
      receivingAgency: COMMUNE,
      applicant: { name: 'Đỗ Văn Em', idNumber: '062090007777', phone: '0905000555' },
      actor: actors.reception,
    });
    const [task] = await listTasks(b.knex, { dossierId: received.id });
    expect(task.startedAt).toBe(moved.now);
  });

  it('follows a move back made through A: B reads it and stamps its actions with it', async () => {
    const before = await moveClock(a, { advance: 'PT0S' });
    const back = await moveClock(a, { now: '2026-02-12T09:00:00+07:00' });
    expect(back).toMatchObject({ from: before.now, direction: 'back' });
    const token = await login(b, 'commune.specialist');
    expect((await api(b, 'GET', '/admin/clock', token)).body).toEqual({ now: back.now });
    const received = await b.context.dossiers.receive({
      procedureKey: 'land_test',
      receivingAgency: COMMUNE,
      applicant: { name: 'Lê Thị Hoa', idNumber: '062090008888', phone: '0905000666' },
      actor: actors.reception,
    });
    const [task] = await listTasks(b.knex, { dossierId: received.id });
    expect(task.startedAt).toBe(new Date('2026-02-12T09:00:00+07:00').toISOString());
  });
});
