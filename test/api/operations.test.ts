// Safe to deploy (issue 13), the operator's side, over real HTTP on SQLite and PostgreSQL:
// - an Idempotency-Key whose action committed but whose answer failed is never released:
//   the retry gets the committed answer (the same dossier), never a second application;
// - cycle timers that would fire without end are refused at deploy;
// - the periodic purge removes old idempotency keys and published outbox rows only;
// - the inbox pages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purgeOnce } from '../../server/maintenance/purge.js';
import { databaseTargets } from '../support/databases.js';
import { APPLICANT, landTransferXml, openTask, startApi, vn, type ApiServer, type Caller } from './support.js';

const cycleXml = (cycle: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:mc="https://schemas.motcua.org/bpmn/1.0"
  id="Defs_cycle" targetNamespace="https://schemas.motcua.org/test">
  <bpmn:process id="cycle_test" name="Nhắc việc" isExecutable="true" mc:timeLimit="P5D" mc:level="commune">
    <bpmn:startEvent id="Start" />
    <bpmn:userTask id="Work" name="Xử lý" mc:role="specialist" mc:duration="P2D" />
    <bpmn:endEvent id="End" />
    <bpmn:boundaryEvent id="Remind" name="Nhắc" attachedToRef="Work" cancelActivity="false">
      <bpmn:outgoing>r1</bpmn:outgoing>
      <bpmn:timerEventDefinition><bpmn:timeCycle>${cycle}</bpmn:timeCycle></bpmn:timerEventDefinition>
    </bpmn:boundaryEvent>
    <bpmn:serviceTask id="Notify" name="Báo" mc:action="notify" mc:role="head" />
    <bpmn:endEvent id="Reminded" />
    <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Work" />
    <bpmn:sequenceFlow id="f2" sourceRef="Work" targetRef="End" />
    <bpmn:sequenceFlow id="r1" sourceRef="Remind" targetRef="Notify" />
    <bpmn:sequenceFlow id="r2" sourceRef="Notify" targetRef="Reminded" />
  </bpmn:process>
</bpmn:definitions>`;

describe.each(databaseTargets)('operations on $kind', (target) => {
  let api: ApiServer;
  let desk: Caller;

  beforeAll(async () => {
    api = await startApi(target, vn('2026-11-12 09:00'));
    expect((await (await api.as('admin')).request('POST', '/procedures', { raw: landTransferXml })).status).toBe(201);
    desk = await api.as('commune.reception');
  });
  afterAll(async () => {
    await api?.close();
  });

  /** The next answer to be built after a commit fails, once (a bug, a database blip between commit and answer). */
  function failNextAnswerAfterCommit(): void {
    const dossiers = api.running.context.dossiers;
    const listener = dossiers.onCommitted;
    const compiled = dossiers.compiledProcedure;
    let armed = false;
    dossiers.onCommitted = (...args: Parameters<NonNullable<typeof listener>>) => {
      listener?.(...args);
      armed = true;
      dossiers.onCommitted = listener;
    };
    dossiers.compiledProcedure = (async (...args: Parameters<typeof compiled>) => {
      if (armed) {
        dossiers.compiledProcedure = compiled;
        throw new Error('the answer could not be built');
      }
      return compiled.apply(dossiers, args);
    }) as typeof compiled;
  }

  const count = async () => (await desk.get('/dossiers')).body.total as number;

  it('receives one dossier when the answer failed after the commit: the retry gets that dossier, not a second one', async () => {
    const before = await count();
    const key = { 'Idempotency-Key': 'tiep-nhan-sau-loi-tra-loi' };
    const body = { procedureKey: 'land_test', applicant: { ...APPLICANT, name: 'Lê Văn Cường' } };
    failNextAnswerAfterCommit();
    const first = await desk.post('/dossiers', body, key);
    expect(first.status).toBe(500);
    expect(await count()).toBe(before + 1);

    const retry = await desk.post('/dossiers', body, key);
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body).toMatchObject({ status: 'processing', applicant: { name: 'Lê Văn Cường' } });
    expect(await count()).toBe(before + 1);
    // And from then on the stored answer, the same dossier.
    desk = await api.as('commune.reception');
    const again = await desk.post('/dossiers', body, key);
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(retry.body.id);
    expect(await count()).toBe(before + 1);
  });

  it('applies a dossier action once when its answer failed after the commit', async () => {
    const received = (await desk.post('/dossiers', { procedureKey: 'land_test', applicant: APPLICANT })).body;
    const key = { 'Idempotency-Key': 'rut-ho-so-1' };
    failNextAnswerAfterCommit();
    expect((await desk.post(`/dossiers/${received.id}/withdraw`, { reason: 'Công dân rút' }, key)).status).toBe(500);
    const retry = await desk.post(`/dossiers/${received.id}/withdraw`, { reason: 'Công dân rút' }, key);
    expect(retry.status).toBe(200);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body.status).toBe('withdrawn');
    expect(retry.body.history.filter((e: { type: string }) => e.type === 'withdrawn')).toHaveLength(1);
  });

  it('never runs a committed completion again: a route without a rebuilt answer says it was applied (409)', async () => {
    const received = (await desk.post('/dossiers', { procedureKey: 'land_test', applicant: APPLICANT })).body;
    // The receipt completed the desk's step (issue 20): the examination is the next completion.
    const task = openTask(received, 'Examine');
    const specialist = await api.as('commune.specialist');
    const key = { 'Idempotency-Key': 'hoan-thanh-1' };
    failNextAnswerAfterCommit();
    expect((await specialist.post(`/tasks/${task.id}/complete`, {}, key)).status).toBe(500);
    const retry = await specialist.post(`/tasks/${task.id}/complete`, {}, key);
    expect(retry.status).toBe(409);
    expect(retry.body.error).toMatchObject({ code: 'IDEMPOTENCY_IN_PROGRESS', messageKey: 'IDEMPOTENCY_IN_PROGRESS.applied' });
    expect(retry.body.error.details.dossierIds).toEqual([received.id]);
    const after = (await desk.get(`/dossiers/${received.id}`)).body;
    expect(after.history.filter((e: { type: string; taskId: string }) => e.type === 'completed' && e.taskId === task.id)).toHaveLength(1);
  });

  it('still frees the key of an attempt that failed before committing anything', async () => {
    const key = { 'Idempotency-Key': 'chua-luu-gi' };
    const body = { procedureKey: 'land_test', applicant: { ...APPLICANT, name: 'Phạm Thị Dung' } };
    const dossiers = api.running.context.dossiers;
    const receive = dossiers.receive;
    dossiers.receive = async () => {
      dossiers.receive = receive;
      throw new Error('the database went away before the commit');
    };
    const before = await count();
    expect((await desk.post('/dossiers', body, key)).status).toBe(500);
    expect(await count()).toBe(before);
    const retry = await desk.post('/dossiers', body, key);
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBeNull();
    expect(await count()).toBe(before + 1);
  });

  it('answers a body of half a million nested arrays (just under 1 MB) with 400 JSON_TOO_DEEP, and goes on serving', async () => {
    const depth = 500_000;
    const res = await fetch(`${api.url}/api/dossiers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${desk.token}` },
      body: `{"procedureKey":"land_test","data":{"x":${'['.repeat(depth)}${']'.repeat(depth)}}}`,
    });
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('JSON_TOO_DEEP');
    expect((await api.anonymous.get('/health')).status).toBe(200);
  });

  it('refuses at deploy a cycle timer that repeats too often or without end, naming the element', async () => {
    const admin = await api.as('admin');
    for (const cycle of ['R/PT0S', 'R100000/PT1M', 'R/PT4H']) {
      const refused = await admin.request('POST', '/procedures', { raw: cycleXml(cycle) });
      expect(refused.status).toBe(422);
      expect(refused.body.error.code).toBe('INVALID_MODEL');
      expect(refused.body.error.details).toEqual(
        expect.arrayContaining([expect.objectContaining({ elementId: 'Remind', code: 'INVALID_TIMER', severity: 'error' })]),
      );
    }
    expect((await admin.request('POST', '/procedures', { raw: cycleXml('R3/PT4H') })).status).toBe(201);
  });

  it('purges idempotency keys and published outbox rows past their retention, and nothing else', async () => {
    const knex = api.db.knex;
    await desk.post('/dossiers', { procedureKey: 'land_test', applicant: APPLICANT }, { 'Idempotency-Key': 'con-moi' });
    await api.running.context.live?.flush();
    const keys = Number((await knex('idempotency_keys').count({ n: '*' }))[0].n);
    const published = Number((await knex('outbox').whereNotNull('published_at').count({ n: '*' }))[0].n);
    expect(keys).toBeGreaterThan(0);
    expect(published).toBeGreaterThan(0);
    const retention = { idempotencyMs: 3_600_000, outboxMs: 3_600_000, intervalMs: 60_000 };
    expect(await purgeOnce(knex, api.clock, retention)).toEqual({ idempotencyKeys: 0, outbox: 0 });
    api.clock.set(new Date(api.clock.now().getTime() + 2 * 3_600_000));
    const report = await purgeOnce(knex, api.clock, retention);
    expect(report.idempotencyKeys).toBe(keys);
    expect(report.outbox).toBeGreaterThanOrEqual(published);
    expect(Number((await knex('idempotency_keys').count({ n: '*' }))[0].n)).toBe(0);
    const cutoff = new Date(api.clock.now().getTime() - retention.outboxMs).toISOString();
    expect(Number((await knex('outbox').whereNotNull('published_at').where('published_at', '<', cutoff).count({ n: '*' }))[0].n)).toBe(0);
    // A key past its retention is a new request, also before the purge got to it.
    desk = await api.as('commune.reception');
    const again = await desk.post('/dossiers', { procedureKey: 'land_test', applicant: APPLICANT }, { 'Idempotency-Key': 'con-moi' });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBeNull();
  });

  it('pages the inbox: limit and offset, total of all, the default the maximum', async () => {
    // The receipts opened the ward specialist's examinations (the desk's own step is the receipt).
    desk = await api.as('commune.specialist');
    const all = await desk.get('/tasks');
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ limit: 500, offset: 0 });
    expect(all.body.total).toBeGreaterThan(3);
    expect(all.body.items).toHaveLength(all.body.total);
    const page = await desk.get('/tasks?limit=2&offset=1');
    expect(page.body).toMatchObject({ total: all.body.total, limit: 2, offset: 1 });
    expect(page.body.items.map((t: { id: string }) => t.id)).toEqual(all.body.items.slice(1, 3).map((t: { id: string }) => t.id));
    expect((await desk.get('/tasks?limit=501')).status).toBe(400);
    expect((await desk.get('/tasks?limit=0')).status).toBe(400);
  });
});
