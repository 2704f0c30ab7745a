// A land transfer through the HTTP API, as the offices would do it: the admin deploys
// the procedure, the ward's one-stop desk receives the dossier, the ward's specialist
// pauses it for a missing paper, the desk takes the supplement, the dossier hops to the
// city tax office and back, is signed and handed over. Every appointment and due date is
// checked to the minute on the Asia/Ho_Chi_Minh wall clock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../support/databases.js';
import { APPLICANT, COMMUNE, TAX, landTransferXml, local, openTask, startApi, vn, type ApiServer } from './support.js';

describe.each(databaseTargets)('a land transfer through the API on $kind', (target) => {
  let api: ApiServer;
  let dossierId: string;
  let examineTaskId: string;
  let taxTaskId: string;

  beforeAll(async () => {
    api = await startApi(target, vn('2026-11-12 08:00'));
  });
  afterAll(async () => {
    await api?.close();
  });

  it('lets the admin deploy the BPMN file and every clerk read it back with its outcomes', async () => {
    const admin = await api.as('admin');
    const deployed = await admin.request('POST', '/procedures', { raw: landTransferXml });
    expect(deployed.status).toBe(201);
    expect(deployed.body).toEqual({ key: 'land_test', version: 1, warnings: [] });

    const clerk = await api.as('commune.specialist');
    const list = await clerk.get('/procedures');
    expect(list.status).toBe(200);
    expect(list.body.items).toContainEqual(expect.objectContaining({ key: 'land_test', version: 1, timeLimit: 'P10D', level: 'commune' }));
    const definition = await clerk.get('/procedures/land_test');
    expect(definition.body).toMatchObject({ key: 'land_test', code: '1.000001', version: 1, xml: landTransferXml });
    expect(definition.body.steps.find((s: { id: string }) => s.id === 'Review').outcomes).toEqual([
      { key: 'approve', label: 'Trình ký' },
      { key: 'rework', label: 'Thẩm định lại' },
    ]);
    expect(definition.body.steps.find((s: { id: string }) => s.id === 'Tax')).toMatchObject({ agency: 'kind:tax', duration: 'P3D' });
  });

  it('receives the dossier at the ward desk on Thursday 09:00 with the appointment ten working days later', async () => {
    api.clock.set(vn('2026-11-12 09:00'));
    const reception = await api.as('commune.reception');
    const received = await reception.post('/dossiers', { procedureKey: 'land_test', applicant: APPLICANT, channel: 'desk' });
    expect(received.status).toBe(201);
    // Received, and past the desk's own step: the examination is under way (national status 4).
    expect(received.body).toMatchObject({ status: 'processing', nationalStatus: 4, agencyCode: COMMUNE, holdingAgency: COMMUNE, procedureVersion: 1 });
    expect(received.body.code).toMatch(/^000\.01\.23\.H40-261112-\d{4}$/);
    expect(received.body.lookupSecret).toMatch(/^[A-Z2-9]{6}$/);
    expect(local(received.body.receivedAt)).toBe('2026-11-12 09:00');
    expect(local(received.body.appointmentAt)).toBe('2026-11-26 09:00');
    dossierId = received.body.id;
    // Receiving is the desk's step (issue 20): done by the clerk with the receipt, on time.
    expect(received.body.tasks.find((t: { stepId: string }) => t.stepId === 'Receive')).toMatchObject({ state: 'done', completedBy: 'commune.reception', verdict: 'onTime' });
  });

  it('hands the examination to the ward specialist, due two working days later to the minute', async () => {
    api.clock.set(vn('2026-11-12 10:00'));
    const reception = await api.as('commune.reception');
    const dossier = (await reception.get(`/dossiers/${dossierId}`)).body;
    // Opened by the receipt at 09:00; an hour of its two working days is gone at 10:00.
    const examine = openTask(dossier, 'Examine');
    expect(examine).toMatchObject({ stepId: 'Examine', role: 'specialist', agencyCode: COMMUNE, assignee: null, deadlineState: 'onTime' });
    expect(local(examine.startedAt)).toBe('2026-11-12 09:00');
    expect(local(examine.dueAt)).toBe('2026-11-16 09:00');
    expect(examine.remainingWorkingMinutes).toBe(2 * 450 - 60);
    examineTaskId = examine.id;

    const specialist = await api.as('commune.specialist');
    const inbox = await specialist.get('/tasks');
    expect(inbox.body.items.map((t: { id: string }) => t.id)).toContain(examineTaskId);
    const claimed = await specialist.post(`/tasks/${examineTaskId}/claim`);
    expect(claimed.status).toBe(200);
    expect(claimed.body.task).toMatchObject({ id: examineTaskId, assignee: 'commune.specialist' });
  });

  it('pauses the clock for a missing paper and moves every date by the 900 working minutes the citizen took', async () => {
    api.clock.set(vn('2026-11-13 14:00'));
    const specialist = await api.as('commune.specialist');
    const paused = await specialist.post(`/dossiers/${dossierId}/supplement-request`, {
      reason: 'Thiếu bản sao sổ hộ khẩu',
      items: ['Sổ hộ khẩu (bản sao chứng thực)'],
    });
    expect(paused.status).toBe(200);
    expect(paused.body.status).toBe('awaitingSupplement');
    expect(paused.body.pause).toMatchObject({ requestedBy: 'commune.specialist', items: ['Sổ hộ khẩu (bản sao chứng thực)'] });

    // While paused the task's clock stands still: on Monday it is not yet overdue.
    api.clock.set(vn('2026-11-16 12:00'));
    const waiting = (await (await api.as('commune.specialist')).get('/tasks')).body.items.find((t: { id: string }) => t.id === examineTaskId);
    expect(waiting).toMatchObject({ paused: true, deadlineState: 'onTime' });

    api.clock.set(vn('2026-11-17 14:00'));
    const reception = await api.as('commune.reception');
    const resumed = await reception.post(`/dossiers/${dossierId}/supplement`, { items: ['Sổ hộ khẩu (bản sao chứng thực)'] });
    expect(resumed.status).toBe(200);
    expect(resumed.body).toMatchObject({ status: 'processing', pausedMinutes: 900, pause: null });
    expect(local(resumed.body.appointmentAt)).toBe('2026-11-30 09:00');
    expect(local(resumed.body.originalAppointmentAt)).toBe('2026-11-26 09:00');
    expect(local(openTask(resumed.body, 'Examine').dueAt)).toBe('2026-11-18 09:00');
    const supplemented = resumed.body.history.find((h: { type: string }) => h.type === 'supplemented');
    expect(local(supplemented.appointmentBefore)).toBe('2026-11-26 09:00');
    expect(local(supplemented.appointmentAfter)).toBe('2026-11-30 09:00');
  });

  it('sends the dossier to the city tax office, whose specialist alone has it in the inbox', async () => {
    api.clock.set(vn('2026-11-18 09:00'));
    const specialist = await api.as('commune.specialist');
    const done = await specialist.post(`/tasks/${examineTaskId}/complete`, { data: { fee: 1_500_000 } });
    expect(done.status).toBe(200);
    expect(done.body.dossier).toMatchObject({ status: 'transferred', holdingAgency: TAX });
    const tax = done.body.nextTasks[0];
    expect(tax).toMatchObject({ stepId: 'Tax', agencyCode: TAX, role: 'specialist' });
    expect(local(tax.dueAt)).toBe('2026-11-23 09:00');
    taxTaskId = tax.id;

    const taxOfficer = await api.as('tax.specialist');
    expect((await taxOfficer.get('/tasks')).body.items.map((t: { id: string }) => t.id)).toEqual([taxTaskId]);
    expect((await specialist.get('/tasks')).body.items.map((t: { id: string }) => t.id)).not.toContain(taxTaskId);
    // The tax office sees the dossier it now holds.
    expect((await taxOfficer.get(`/dossiers/${dossierId}`)).status).toBe(200);
  });

  it('shows the tax step on time, then due soon on Friday 14:00, then overdue after Monday 09:00', async () => {
    const stateAt = async (at: string) => {
      api.clock.set(vn(at));
      return (await (await api.as('tax.specialist')).get('/tasks')).body.items[0];
    };
    expect(await stateAt('2026-11-19 09:00')).toMatchObject({ deadlineState: 'onTime', remainingWorkingMinutes: 900 });
    // P3D = 1350 working minutes; due soon when less than 20% (270 min) remains.
    expect(await stateAt('2026-11-20 13:59')).toMatchObject({ deadlineState: 'onTime' });
    expect(await stateAt('2026-11-20 14:00')).toMatchObject({ deadlineState: 'dueSoon', remainingWorkingMinutes: 270 });
    expect(await stateAt('2026-11-23 09:00')).toMatchObject({ deadlineState: 'dueSoon', remainingWorkingMinutes: 0 });
    expect(await stateAt('2026-11-24 10:00')).toMatchObject({ deadlineState: 'overdue', remainingWorkingMinutes: -510 });
    const taxOfficer = await api.as('tax.specialist');
    const filtered = await taxOfficer.get('/tasks?state=overdue');
    expect(filtered.body.items.map((t: { id: string }) => t.id)).toEqual([taxTaskId]);
    expect((await taxOfficer.get('/tasks?state=onTime')).body.items).toEqual([]);
  });

  it('comes back from the tax office late, is approved, signed and returned early against the moved appointment', async () => {
    const taxOfficer = await api.as('tax.specialist');
    const fromTax = await taxOfficer.post(`/tasks/${taxTaskId}/complete`, { comment: 'Đã xác định nghĩa vụ tài chính' });
    expect(fromTax.status).toBe(200);
    expect(fromTax.body.dossier).toMatchObject({ status: 'processing', holdingAgency: COMMUNE });
    expect(fromTax.body.dossier.tasks.find((t: { id: string }) => t.id === taxTaskId)).toMatchObject({
      state: 'done',
      verdict: 'late',
      deadlineState: 'overdue',
    });
    const review = fromTax.body.nextTasks[0];
    expect(review).toMatchObject({ stepId: 'Review', role: 'head', outcomes: [{ key: 'approve', label: 'Trình ký' }, { key: 'rework', label: 'Thẩm định lại' }] });
    expect(local(review.dueAt)).toBe('2026-11-25 10:00');

    api.clock.set(vn('2026-11-24 15:00'));
    const head = await api.as('commune.head');
    const wrongOutcome = await head.post(`/tasks/${review.id}/complete`, { outcome: 'maybe' });
    expect(wrongOutcome.status).toBe(422);
    expect(wrongOutcome.body.error.code).toBe('INVALID_OUTCOME');
    const approved = await head.post(`/tasks/${review.id}/complete`, { outcome: 'approve' });
    expect(approved.status).toBe(200);
    const sign = approved.body.nextTasks[0];
    expect(sign.stepId).toBe('Sign');

    api.clock.set(vn('2026-11-25 09:00'));
    const leader = await api.as('commune.leader');
    const signed = await leader.post(`/tasks/${sign.id}/complete`, {});
    expect(signed.body.dossier.status).toBe('awaitingReturn');

    api.clock.set(vn('2026-11-26 10:00'));
    const returnClerk = await api.as('commune.return');
    const returned = await returnClerk.post(`/dossiers/${dossierId}/return`, {});
    expect(returned.status).toBe(200);
    expect(returned.body).toMatchObject({ status: 'returned', nationalStatus: 10, result: 'early', holdingAgency: COMMUNE });
    expect(local(returned.body.returnedAt)).toBe('2026-11-26 10:00');
    expect(returned.body.tasks.every((t: { state: string }) => t.state !== 'open')).toBe(true);
  });

  it('keeps the whole history: who did what, when, on which step', async () => {
    const manager = await api.as('commune.manager');
    const dossier = (await manager.get(`/dossiers/${dossierId}`)).body;
    expect(dossier.history.map((h: { type: string }) => h.type)).toEqual(
      expect.arrayContaining(['received', 'claimed', 'supplementRequested', 'supplemented', 'transferred', 'completed', 'returned']),
    );
    const taxDone = dossier.history.find((h: { type: string; stepId: string }) => h.type === 'completed' && h.stepId === 'Tax');
    expect(taxDone).toMatchObject({ actor: 'tax.specialist', taskId: taxTaskId });
    expect(local(taxDone.at)).toBe('2026-11-24 10:00');
    for (const row of dossier.history) {
      expect(Object.keys(row)).toEqual(
        expect.arrayContaining(['type', 'at', 'actor', 'taskId', 'stepId', 'details', 'appointmentBefore', 'appointmentAfter']),
      );
    }
    // Closed: nothing more can be done to it.
    const late = await (await api.as('commune.specialist')).post(`/dossiers/${dossierId}/reject`, { reason: 'Quá muộn' });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('DOSSIER_CLOSED');
  });
});
