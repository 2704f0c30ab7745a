// The register (Sổ theo dõi hồ sơ, Mẫu 06) and a head's assignments, over HTTP on SQLite
// and PostgreSQL (issue 20): staff find every dossier they may see by code, a Vietnamese
// name typed without its accents or in capitals, ID number, phone however it is spaced,
// status, procedure and period; a head gives a step to a named specialist, and nobody else
// may. The receipt itself is the desk's step: the next step is open at once.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { databaseTargets } from '../support/databases.js';
import { APPLICANT, COMMUNE, SECOND_COMMUNE, landTransferXml, openTask, startApi, vn, type ApiServer, type Caller } from './support.js';

describe.each(databaseTargets)('the register and assignments on $kind', (target) => {
  let api: ApiServer;
  let desk: Caller;
  const received: Record<string, any> = {};

  beforeAll(async () => {
    api = await startApi(target, vn('2026-11-10 09:00'));
    expect((await (await api.as('admin')).request('POST', '/procedures', { raw: landTransferXml })).status).toBe(201);
    desk = await api.as('commune.reception');
    const receive = async (key: string, at: string, applicant: Record<string, string>, username = 'commune.reception') => {
      api.clock.set(vn(at));
      const reply = await (await api.as(username)).post('/dossiers', { procedureKey: 'land_test', applicant: { ...APPLICANT, ...applicant } });
      expect(reply.status, JSON.stringify(reply.body)).toBe(201);
      received[key] = reply.body;
    };
    // Tuesday 10, Wednesday 11 and Thursday 12 Nov 2026 at the ward; one at another commune.
    await receive('an', '2026-11-10 09:00', { name: 'Nguyễn Văn An', idNumber: '062090001234', phone: '0905 123 456' });
    await receive('duong', '2026-11-11 10:00', { name: 'Đặng Thị Dương', idNumber: '062190005678', phone: '0912.345.678' });
    await receive('lan', '2026-11-12 14:00', { name: 'Trần Thị Lan', idNumber: '062090009999', phone: '0987654321' });
    await receive('other', '2026-11-12 15:00', { name: 'Nguyễn Văn Ánh', idNumber: '062090007777', phone: '0905000111' }, 'commune2.reception');
  });
  afterAll(async () => {
    await api?.close();
  });
  beforeEach(async () => {
    desk = await api.as('commune.reception');
  });

  const codes = (reply: { body: { items: Array<{ code: string }> } }) => reply.body.items.map((i) => i.code);
  const search = (caller: Caller, query: string) => caller.get(`/dossiers?${query}`);

  it('finds a Vietnamese name typed without accents, in capitals or with them, and only where the caller may see', async () => {
    for (const q of ['nguyen van an', 'NGUYỄN VĂN AN', 'Nguyễn Văn', 'dang thi duong', 'ĐẶNG']) {
      const reply = await search(desk, `q=${encodeURIComponent(q)}`);
      expect(reply.status).toBe(200);
      expect(codes(reply), q).toEqual(q.toLowerCase().startsWith('d') || q.startsWith('Đ') ? [received.duong.code] : [received.an.code]);
    }
    // The other commune's "Nguyễn Văn Ánh" is not the ward's to see …
    expect(codes(await search(desk, 'q=nguyen%20van%20an'))).not.toContain(received.other.code);
    // … but its own desk finds it, and the city's manager sees both communes' dossiers.
    expect(codes(await search(await api.as('commune2.reception'), 'q=nguyen'))).toEqual([received.other.code]);
    expect(codes(await search(await api.as('district.manager'), 'q=nguyen%20van'))).toEqual([received.other.code, received.an.code]);
  });

  it('finds by ID number, by phone however it is spaced, and by part of the code', async () => {
    expect(codes(await search(desk, 'q=062190005678'))).toEqual([received.duong.code]);
    expect(codes(await search(desk, 'q=0905123456'))).toEqual([received.an.code]);
    expect(codes(await search(desk, `q=${encodeURIComponent('0912 345 678')}`))).toEqual([received.duong.code]);
    expect(codes(await search(desk, `q=${encodeURIComponent(received.lan.code.slice(-11))}`))).toEqual([received.lan.code]);
    // `%` and `_` are letters, not wildcards.
    expect(codes(await search(desk, 'q=%25'))).toEqual([]);
  });

  it('filters by the receipt’s local dates (to inclusive), status and procedure, newest first', async () => {
    expect(codes(await search(desk, 'from=2026-11-11&to=2026-11-12'))).toEqual([received.lan.code, received.duong.code]);
    expect(codes(await search(desk, 'from=2026-11-10&to=2026-11-10'))).toEqual([received.an.code]);
    expect(codes(await search(desk, 'to=2026-11-09'))).toEqual([]);
    expect(codes(await search(desk, 'status=processing&procedure=land_test'))).toEqual([received.lan.code, received.duong.code, received.an.code]);
    expect((await search(desk, 'from=yesterday')).status).toBe(400);
  });

  it('pages with the total, and each row carries what the register prints', async () => {
    const first = await search(desk, 'limit=2&offset=0');
    expect(first.body).toMatchObject({ total: 3, limit: 2, offset: 0 });
    expect(codes(first)).toEqual([received.lan.code, received.duong.code]);
    expect(codes(await search(desk, 'limit=2&offset=2'))).toEqual([received.an.code]);
    expect(first.body.items[1]).toMatchObject({
      procedureName: 'Thủ tục liên thông thử nghiệm',
      applicantName: 'Đặng Thị Dương',
      applicantIdNumber: '062190005678',
      applicantPhone: '0912.345.678',
      status: 'processing',
    });
  });

  it('reaches a dossier waiting for a supplement, which no inbox holds', async () => {
    const specialist = await api.as('commune.specialist');
    const paused = await specialist.post(`/dossiers/${received.lan.id}/supplement-request`, { reason: 'Thiếu sơ đồ thửa đất', items: ['Sơ đồ thửa đất'] });
    expect(paused.status).toBe(200);
    expect(codes(await search(desk, 'status=awaitingSupplement'))).toEqual([received.lan.code]);
    // The specialist's row stands still (paused at the request), read in the inbox's one statement.
    const row = (await specialist.get('/tasks')).body.items.find((t: { dossierId: string }) => t.dossierId === received.lan.id);
    expect(row).toMatchObject({ paused: true, applicantName: 'Trần Thị Lan' });
    api.clock.set(vn('2026-11-13 16:00'));
    const later = (await (await api.as('commune.specialist')).get('/tasks')).body.items.find((t: { dossierId: string }) => t.dossierId === received.lan.id);
    expect(later.remainingWorkingMinutes).toBe(row.remainingWorkingMinutes);
    const back = await (await api.as('commune.reception')).post(`/dossiers/${received.lan.id}/supplement`, { items: ['Sơ đồ thửa đất'] });
    expect(back.body.status).toBe('processing');
  });

  it('the receipt is the desk’s step: the specialist’s examination is open at once, nothing left for the desk', () => {
    const receive = received.an.tasks.find((t: { stepId: string }) => t.stepId === 'Receive');
    expect(receive).toMatchObject({ state: 'done', completedBy: 'commune.reception' });
    expect(openTask(received.an, 'Examine')).toMatchObject({ role: 'specialist', assignee: null });
    expect(received.an.people['commune.reception']).toBeTruthy();
  });

  it('refuses a phone or an ID number that is not one ("không có")', async () => {
    const reply = await desk.post('/dossiers', { procedureKey: 'land_test', applicant: { ...APPLICANT, phone: 'không có', idNumber: '12' } });
    expect(reply.status).toBe(422);
    expect(reply.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['body.applicant.idNumber', 'body.applicant.phone']);
  });

  it('a head assigns the examination to a named specialist, and only a head of the task’s agency may', async () => {
    const taskId = openTask(received.duong, 'Examine').id;
    const head = await api.as('commune.head');
    const specialist = await api.as('commune.specialist');
    // Not a head; a head of another agency; someone without the role; nobody.
    expect((await specialist.post(`/tasks/${taskId}/assign`, { username: 'commune.specialist' })).status).toBe(403);
    const elsewhere = await (await api.as('commune2.head')).post(`/tasks/${taskId}/assign`, { username: 'commune.specialist' });
    expect(elsewhere.status).toBe(404); // not a dossier that commune sees
    const noRole = await head.post(`/tasks/${taskId}/assign`, { username: 'commune.reception' });
    expect(noRole.status).toBe(403);
    expect(noRole.body.error.messageKey).toBe('ROLE_REQUIRED.assignee');
    const nobody = await head.post(`/tasks/${taskId}/assign`, { username: 'khong.ai' });
    expect(nobody.status).toBe(422);
    expect(nobody.body.error.details[0]).toMatchObject({ field: 'body.username', messageKey: 'NOT_FOUND.user' });
    const otherAgency = await head.post(`/tasks/${taskId}/assign`, { username: 'commune2.specialist' });
    expect(otherAgency.body.error.messageKey).toBe('WRONG_AGENCY.assignee');

    const assigned = await head.post(`/tasks/${taskId}/assign`, { username: 'commune.specialist' });
    expect(assigned.status).toBe(200);
    expect(assigned.body.task).toMatchObject({ id: taskId, assignee: 'commune.specialist' });
    expect(assigned.body.dossier.history.at(-1)).toMatchObject({ type: 'assigned', actor: 'commune.head', details: { assignee: 'commune.specialist' } });
    // It is in the specialist's inbox, with the procedure and the applicant.
    const inbox = (await specialist.get('/tasks')).body.items;
    expect(inbox.find((t: { id: string }) => t.id === taskId)).toMatchObject({
      procedureName: 'Thủ tục liên thông thử nghiệm',
      applicantName: 'Đặng Thị Dương',
      assigneeName: expect.any(String),
    });
    // The head's team view lists the agency's open work, whoever has it; a specialist has no team view.
    const team = await head.get('/tasks?scope=team');
    expect(team.status).toBe(200);
    expect(team.body.items.map((t: { id: string }) => t.id)).toContain(taskId);
    expect((await specialist.get('/tasks?scope=team')).status).toBe(403);
  });
});
