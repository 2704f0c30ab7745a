// The ways a dossier leaves the straight path, over HTTP: a handoff to another agency,
// an apology with a new appointment, rejection, withdrawal, the guards of a paused
// dossier — and the inbox ordered by what is most urgent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../support/databases.js';
import { APPLICANT, COMMUNE, landTransferXml, local, openTask, startApi, vn, type ApiServer } from './support.js';

const LAND = '000.52.23.H40';
const sqlite = databaseTargets.filter((t) => t.kind === 'sqlite');

describe.each(sqlite)('side exits of a dossier on $kind', (target) => {
  let api: ApiServer;
  beforeAll(async () => {
    api = await startApi(target, vn('2026-11-12 09:00'));
    expect((await (await api.as('admin')).request('POST', '/procedures', { raw: landTransferXml })).status).toBe(201);
  });
  afterAll(async () => {
    await api?.close();
  });

  /** A dossier received now — the receipt is the desk's check (issue 20): the ward specialist's examination is open. */
  async function atExamination(name: string) {
    const desk = await api.as('commune.reception');
    const received = (await desk.post('/dossiers', { procedureKey: 'land_test', applicant: { ...APPLICANT, name } })).body;
    return { id: received.id as string, examine: openTask(received, 'Examine') };
  }

  it('hands a misrouted examination to the land registration office, whose specialist then has it', async () => {
    api.clock.set(vn('2026-11-12 09:00'));
    const { id, examine } = await atExamination('Nguyễn Văn Chuyển');
    const specialist = await api.as('commune.specialist');
    const moved = await specialist.post(`/dossiers/${id}/transfer`, { taskId: examine.id, toAgency: LAND, reason: 'Thuộc thẩm quyền VP đăng ký đất đai' });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ status: 'transferred', holdingAgency: LAND });
    expect(moved.body.tasks.find((t: { id: string }) => t.id === examine.id)).toMatchObject({ agencyCode: LAND, assignee: null, state: 'open' });
    expect(moved.body.history.at(-1)).toMatchObject({ type: 'transferred', actor: 'commune.specialist', details: { fromAgency: COMMUNE, toAgency: LAND } });
    const land = await api.as('land.specialist');
    expect((await land.get('/tasks')).body.items.map((t: { id: string }) => t.id)).toContain(examine.id);
    // The ward no longer acts on it.
    expect((await specialist.post(`/tasks/${examine.id}/complete`, {})).status).toBe(403);
    expect((await land.post(`/tasks/${examine.id}/complete`, {})).status).toBe(200);
  });

  it('issues an apology slip that moves the appointment and records both dates', async () => {
    api.clock.set(vn('2026-11-12 09:00'));
    const { id } = await atExamination('Trần Văn Trễ');
    api.clock.set(vn('2026-11-25 10:00'));
    const specialist = await api.as('commune.specialist');
    const apologized = await specialist.post(`/dossiers/${id}/apologize`, {
      reason: 'Chờ ý kiến cơ quan thuế',
      newAppointmentAt: '2026-11-30T09:00:00+07:00',
    });
    expect(apologized.status).toBe(200);
    expect(local(apologized.body.appointmentAt)).toBe('2026-11-30 09:00');
    expect(apologized.body.apologies).toEqual([
      expect.objectContaining({ by: 'commune.specialist', reason: 'Chờ ý kiến cơ quan thuế', newAppointmentAt: '2026-11-30T02:00:00.000Z' }),
    ]);
    const row = apologized.body.history.find((h: { type: string }) => h.type === 'apologized');
    expect([local(row.appointmentBefore), local(row.appointmentAfter)]).toEqual(['2026-11-26 09:00', '2026-11-30 09:00']);
    const backwards = await specialist.post(`/dossiers/${id}/apologize`, { reason: 'Lùi', newAppointmentAt: '2026-11-27T09:00:00+07:00' });
    expect(backwards.status).toBe(422);
    expect(backwards.body.error.code).toBe('INVALID_APPOINTMENT');
  });

  it('rejects with a reason, closing every open step, and withdraws at the citizen’s request', async () => {
    api.clock.set(vn('2026-11-13 09:00'));
    const rejectedOne = await atExamination('Lê Thị Từ Chối');
    const head = await api.as('commune.head');
    const rejected = await head.post(`/dossiers/${rejectedOne.id}/reject`, { reason: 'Đất đang có tranh chấp' });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ status: 'rejected', rejection: { by: 'commune.head', reason: 'Đất đang có tranh chấp' } });
    expect(rejected.body.tasks.some((t: { state: string }) => t.state === 'open')).toBe(false);

    const withdrawnOne = await atExamination('Phạm Văn Rút');
    const desk = await api.as('commune.reception');
    const withdrawn = await desk.post(`/dossiers/${withdrawnOne.id}/withdraw`, { reason: 'Công dân xin rút' });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.status).toBe('withdrawn');
    expect(local(withdrawn.body.closedAt)).toBe('2026-11-13 09:00');
    // Only the desk takes withdrawals.
    const another = await atExamination('Hoàng Thị Khác');
    expect((await head.post(`/dossiers/${another.id}/withdraw`, {})).status).toBe(403);
  });

  it('keeps a paused dossier still: no step completes until the supplement, and a supplement needs a request', async () => {
    api.clock.set(vn('2026-11-16 09:00'));
    const { id, examine } = await atExamination('Vũ Văn Bổ Sung');
    const desk = await api.as('commune.reception');
    const early = await desk.post(`/dossiers/${id}/supplement`, { items: ['Giấy tờ'] });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('DOSSIER_NOT_PAUSED');
    const specialist = await api.as('commune.specialist');
    expect((await specialist.post(`/dossiers/${id}/supplement-request`, { reason: 'Thiếu', items: [] })).status).toBe(422);
    expect((await specialist.post(`/dossiers/${id}/supplement-request`, { reason: 'Thiếu trích lục', items: ['Trích lục bản đồ'] })).status).toBe(200);
    const blocked = await specialist.post(`/tasks/${examine.id}/complete`, {});
    expect(blocked.status).toBe(409);
    expect(blocked.body.error.code).toBe('DOSSIER_PAUSED');
  });

  it('lets a role the admin defined (cadastral officer at the land office) read and complete the step drawn for it', async () => {
    api.clock.set(vn('2026-11-23 09:00'));
    const admin = await api.as('admin');
    const cadastralXml = landTransferXml
      .replace('id="land_test"', 'id="land_cadastral"')
      .replace('mc:role="specialist" mc:agency="kind:tax"', 'mc:role="cadastral" mc:agency="kind:land-office"');
    expect((await admin.request('POST', '/procedures', { raw: cadastralXml })).status).toBe(201);
    expect((await admin.post('/users', { username: 'land.cadastral', password: 'demo123', fullName: 'Y Nhăn', agencyCode: LAND, roles: ['cadastral'] })).status).toBe(201);

    const desk = await api.as('commune.reception');
    const received = (await desk.post('/dossiers', { procedureKey: 'land_cadastral', applicant: APPLICANT })).body;
    const examine = openTask(received, 'Examine');
    const survey = (await (await api.as('commune.specialist')).post(`/tasks/${examine.id}/complete`, {})).body.nextTasks[0];
    expect(survey).toMatchObject({ stepId: 'Tax', role: 'cadastral', agencyCode: LAND });

    const officer = await api.as('land.cadastral');
    expect((await officer.get('/tasks')).body.items.map((t: { id: string }) => t.id)).toEqual([survey.id]);
    expect((await officer.get(`/dossiers/${received.id}`)).status).toBe(200);
    const done = await officer.post(`/tasks/${survey.id}/complete`, { comment: 'Đã đo đạc' });
    expect(done.status).toBe(200);
    expect(done.body.nextTasks[0]).toMatchObject({ stepId: 'Review', agencyCode: COMMUNE });
    // A land-office specialist does not hold the role.
    expect((await (await api.as('land.specialist')).get('/tasks')).body.items.map((t: { id: string }) => t.id)).not.toContain(survey.id);
  });

  it('lists the specialist’s inbox most urgent first: the most overdue, then the less overdue, then the one due soon', async () => {
    const desk = async () => api.as('commune.reception');
    api.clock.set(vn('2026-11-17 09:00'));
    const a = (await (await desk()).post('/dossiers', { procedureKey: 'land_test', applicant: { ...APPLICANT, name: 'A' } })).body;
    api.clock.set(vn('2026-11-17 14:00'));
    const b = (await (await desk()).post('/dossiers', { procedureKey: 'land_test', applicant: { ...APPLICANT, name: 'B' } })).body;
    api.clock.set(vn('2026-11-18 11:00'));
    const c = (await (await desk()).post('/dossiers', { procedureKey: 'land_test', applicant: { ...APPLICANT, name: 'C' } })).body;
    api.clock.set(vn('2026-11-20 09:00'));
    const inbox = (await (await api.as('commune.specialist')).get('/tasks?procedure=land_test')).body.items;
    const ours = inbox.filter((t: { dossierId: string }) => [a.id, b.id, c.id].includes(t.dossierId));
    expect(ours.map((t: { dossierId: string; deadlineState: string }) => [t.dossierId, t.deadlineState])).toEqual([
      [a.id, 'overdue'],
      [b.id, 'overdue'],
      [c.id, 'dueSoon'],
    ]);
    // The examination, P2D each from the receipt: A Thursday 09:00, B Thursday 14:00, C Friday 11:00 (2 working hours left).
    expect(ours.map((t: { dueAt: string }) => local(t.dueAt))).toEqual(['2026-11-19 09:00', '2026-11-19 14:00', '2026-11-20 11:00']);
    for (const task of ours) expect(task.outcomes).toEqual([]);
  });
});
