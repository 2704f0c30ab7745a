// Two clerks pressing "Hoàn thành" on the same step at the same instant, and a desk
// whose connection dropped retrying with the same Idempotency-Key: each action applies
// exactly once, on SQLite and on PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../support/databases.js';
import { APPLICANT, COMMUNE, landTransferXml, openTask, startApi, vn, type ApiServer, type Caller } from './support.js';

describe.each(databaseTargets)('concurrent and retried actions on $kind', (target) => {
  let api: ApiServer;
  let desk: Caller;
  let secondDesk: Caller;

  beforeAll(async () => {
    api = await startApi(target, vn('2026-11-12 09:00'));
    const admin = await api.as('admin');
    expect((await admin.request('POST', '/procedures', { raw: landTransferXml })).status).toBe(201);
    // Two one-stop clerks who also examine (a small ward): the receipt is the desk's step
    // (issue 20), so the step they race on is the examination it opens.
    for (const [username, fullName] of [['commune.desk1', 'Trần Văn Bình'], ['commune.reception2', 'Nguyễn Thị Hạnh']]) {
      const created = await admin.post('/users', { username, password: 'demo123', fullName, agencyCode: COMMUNE, roles: ['reception', 'specialist'] });
      expect(created.status).toBe(201);
    }
    desk = await api.as('commune.desk1');
    secondDesk = await api.as('commune.reception2');
  });
  afterAll(async () => {
    await api?.close();
  });

  const receive = async (name = APPLICANT.name, headers?: Record<string, string>) =>
    desk.post('/dossiers', { procedureKey: 'land_test', applicant: { ...APPLICANT, name } }, headers);

  it('completes a step once when two clerks press at the same instant: one 200, the other 409', async () => {
    for (let round = 0; round < 5; round++) {
      const received = (await receive(`Người nộp ${round}`)).body;
      const taskId = openTask(received, 'Examine').id;
      const replies = await Promise.all([
        desk.post(`/tasks/${taskId}/complete`, { comment: 'bàn 1' }),
        secondDesk.post(`/tasks/${taskId}/complete`, { comment: 'bàn 2' }),
      ]);
      expect(replies.map((r) => r.status).sort()).toEqual([200, 409]);
      const loser = replies.find((r) => r.status === 409)!;
      expect(['TASK_NOT_OPEN', 'VERSION_CONFLICT']).toContain(loser.body.error.code);
      const dossier = (await desk.get(`/dossiers/${received.id}`)).body;
      expect(dossier.history.filter((h: { type: string; taskId: string }) => h.type === 'completed' && h.taskId === taskId)).toHaveLength(1);
      expect(dossier.tasks.filter((t: { stepId: string }) => t.stepId === 'Tax')).toHaveLength(1);
    }
  });

  // The answers are built from what the action saved, not read back: they must equal a
  // fresh read, field for field, for every kind of action.
  it('answers each action with the dossier exactly as a fresh read shows it', async () => {
    const received = await receive('Phạm Thị Dung');
    expect(received.status).toBe(201);
    expect((await desk.get(`/dossiers/${received.body.id}`)).body).toEqual(received.body);
    const taskId = openTask(received.body, 'Examine').id;
    const claimed = await desk.post(`/tasks/${taskId}/claim`, {});
    expect(claimed.status).toBe(200);
    expect((await desk.get(`/dossiers/${received.body.id}`)).body).toEqual(claimed.body.dossier);
    const completed = await desk.post(`/tasks/${taskId}/complete`, { comment: 'đủ giấy tờ' });
    expect(completed.status).toBe(200);
    expect((await desk.get(`/dossiers/${received.body.id}`)).body).toEqual(completed.body.dossier);
    const paused = await desk.post(`/dossiers/${received.body.id}/supplement-request`, { reason: 'Thiếu bản sao', items: ['Bản sao CCCD'] });
    expect(paused.status).toBe(200);
    expect((await desk.get(`/dossiers/${received.body.id}`)).body).toEqual(paused.body);
  });

  it('lands every action of sixteen desks pressing at once on sixteen dossiers (one group commit), each once', async () => {
    const dossiers = await Promise.all(Array.from({ length: 16 }, (_, i) => receive(`Người nộp song song ${i}`)));
    expect(dossiers.map((r) => r.status)).toEqual(Array(16).fill(201));
    expect(new Set(dossiers.map((r) => r.body.code)).size).toBe(16);
    const replies = await Promise.all(dossiers.map((r) => desk.post(`/tasks/${openTask(r.body, 'Examine').id}/complete`, {})));
    expect(replies.map((r) => r.status)).toEqual(Array(16).fill(200));
    for (const r of dossiers) {
      const dossier = (await desk.get(`/dossiers/${r.body.id}`)).body;
      // The receipt's own step, and the examination.
      expect(dossier.history.filter((h: { type: string }) => h.type === 'completed')).toHaveLength(2);
      expect(dossier.tasks.filter((t: { stepId: string }) => t.stepId === 'Tax')).toHaveLength(1);
    }
  });

  it('answers 409 to a completion of a step already done', async () => {
    const received = (await receive('Lê Văn Cường')).body;
    const taskId = openTask(received, 'Examine').id;
    expect((await desk.post(`/tasks/${taskId}/complete`, {})).status).toBe(200);
    const again = await desk.post(`/tasks/${taskId}/complete`, {});
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('TASK_NOT_OPEN');
  });

  it('receives one dossier when the desk retries with the same Idempotency-Key, replaying the first answer', async () => {
    const before = (await desk.get('/dossiers')).body.total;
    const first = await receive('Phạm Thị Dung', { 'Idempotency-Key': 'tiep-nhan-0001' });
    const retry = await receive('Phạm Thị Dung', { 'Idempotency-Key': 'tiep-nhan-0001' });
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect((await desk.get('/dossiers')).body.total).toBe(before + 1);
  });

  it('refuses the same key with another body: 422 IDEMPOTENCY_KEY_REUSED, and nothing is received', async () => {
    const before = (await desk.get('/dossiers')).body.total;
    expect((await receive('Hoàng Văn Em', { 'Idempotency-Key': 'tiep-nhan-0002' })).status).toBe(201);
    const reused = await receive('Someone Else', { 'Idempotency-Key': 'tiep-nhan-0002' });
    expect(reused.status).toBe(422);
    expect(reused.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect((await desk.get('/dossiers')).body.total).toBe(before + 1);
  });

  it('applies once when retries with one key arrive together', async () => {
    const before = (await desk.get('/dossiers')).body.total;
    const replies = await Promise.all([1, 2, 3].map(() => receive('Vũ Thị Giang', { 'Idempotency-Key': 'tiep-nhan-0003' })));
    for (const reply of replies) expect([201, 409]).toContain(reply.status);
    const ids = new Set(replies.filter((r) => r.status === 201).map((r) => r.body.id));
    expect(ids.size).toBe(1);
    expect((await desk.get('/dossiers')).body.total).toBe(before + 1);
  });

  it('replays a completed step’s 200 to a retry with the same key instead of a 409, and keys belong to their user', async () => {
    const received = (await receive('Đỗ Văn Hải')).body;
    const taskId = openTask(received, 'Examine').id;
    const first = await desk.post(`/tasks/${taskId}/complete`, { comment: 'đủ' }, { 'Idempotency-Key': 'hoan-thanh-1' });
    const retry = await desk.post(`/tasks/${taskId}/complete`, { comment: 'đủ' }, { 'Idempotency-Key': 'hoan-thanh-1' });
    expect(first.status).toBe(200);
    expect(retry.status).toBe(200);
    expect(retry.body.nextTasks).toEqual(first.body.nextTasks);
    // The other desk's identical key is its own: the step is done, so it hears 409.
    const other = await secondDesk.post(`/tasks/${taskId}/complete`, { comment: 'đủ' }, { 'Idempotency-Key': 'hoan-thanh-1' });
    expect(other.status).toBe(409);
  });
});
