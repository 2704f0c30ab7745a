// Who sees and does what, by role and by agency: the ward's dossier is invisible to the
// neighbouring commune (404, the same answer as for no dossier at all), visible to the
// tax office once handed to it and to the city's manager above; a clerk acts only on
// the steps of their own agency and role.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../support/databases.js';
import { APPLICANT, COMMUNE, SECOND_COMMUNE, TAX, landTransferXml, openTask, startApi, vn, type ApiServer } from './support.js';

describe.each(databaseTargets)('access by role and agency on $kind', (target) => {
  let api: ApiServer;
  let dossierId: string;
  let taxTaskId: string;

  beforeAll(async () => {
    api = await startApi(target, vn('2026-11-12 08:00'));
    const admin = await api.as('admin');
    expect((await admin.request('POST', '/procedures', { raw: landTransferXml })).status).toBe(201);
    // The README seeds xã Đăk Cấm without accounts: give it a desk and a specialist.
    for (const [username, role] of [
      ['dakcam.reception', 'reception'],
      ['dakcam.specialist', 'specialist'],
    ]) {
      const created = await admin.post('/users', { username, password: 'demo123', fullName: `Cán bộ Đăk Cấm (${role})`, agencyCode: SECOND_COMMUNE, roles: [role] });
      expect(created.status).toBe(201);
    }
    api.clock.set(vn('2026-11-12 09:00'));
    const reception = await api.as('commune.reception');
    const received = await reception.post('/dossiers', { procedureKey: 'land_test', applicant: APPLICANT });
    dossierId = received.body.id;
    const specialist = await api.as('commune.specialist');
    const examined = await specialist.post(`/tasks/${openTask((await specialist.get(`/dossiers/${dossierId}`)).body, 'Examine').id}/complete`, {});
    taxTaskId = examined.body.nextTasks[0].id;
  });
  afterAll(async () => {
    await api?.close();
  });

  it('lets only the one-stop desk receive: a specialist gets 403 and nothing is created', async () => {
    const specialist = await api.as('commune.specialist');
    const reply = await specialist.post('/dossiers', { procedureKey: 'land_test', applicant: APPLICANT });
    expect(reply.status).toBe(403);
    expect(reply.body.error).toMatchObject({ code: 'FORBIDDEN', details: { requiredRoles: ['reception'] } });
    expect((await specialist.get('/dossiers')).body.total).toBe(1);
  });

  it('answers the neighbouring commune’s clerk 404 for the ward’s dossier, exactly as for one that does not exist', async () => {
    const neighbour = await api.as('dakcam.specialist');
    const hidden = await neighbour.get(`/dossiers/${dossierId}`);
    const missing = await neighbour.get('/dossiers/00000000-0000-0000-0000-000000000000');
    expect(hidden.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(hidden.body.error.code).toBe(missing.body.error.code);
    expect(JSON.stringify(hidden.body)).not.toContain(APPLICANT.name);
    expect((await neighbour.get('/dossiers')).body).toMatchObject({ items: [], total: 0 });
    // Acting on it is no different from reading it.
    expect((await neighbour.post(`/dossiers/${dossierId}/reject`, { reason: 'thử' })).status).toBe(404);
    expect((await neighbour.post(`/tasks/${taxTaskId}/claim`)).status).toBe(404);
    expect((await (await api.as('dakcam.reception')).post(`/dossiers/${dossierId}/withdraw`, {})).status).toBe(404);
  });

  it('refuses the ward specialist the tax office’s step with 403, although the ward sees the dossier', async () => {
    const specialist = await api.as('commune.specialist');
    expect((await specialist.get(`/dossiers/${dossierId}`)).status).toBe(200);
    const reply = await specialist.post(`/tasks/${taxTaskId}/complete`, {});
    expect(reply.status).toBe(403);
    expect(reply.body.error.code).toBe('WRONG_AGENCY');
    const claim = await specialist.post(`/tasks/${taxTaskId}/claim`);
    expect(claim.status).toBe(403);
    // The step is untouched.
    const dossier = (await specialist.get(`/dossiers/${dossierId}`)).body;
    expect(dossier.tasks.find((t: { id: string }) => t.id === taxTaskId)).toMatchObject({ state: 'open', assignee: null });
  });

  it('refuses a tax officer of the wrong role (the tax head) the specialist’s step with 403 ROLE_REQUIRED', async () => {
    const reply = await (await api.as('tax.head')).post(`/tasks/${taxTaskId}/complete`, {});
    expect(reply.status).toBe(403);
    expect(reply.body.error.code).toBe('ROLE_REQUIRED');
  });

  it('lets the tax office see what was handed to it, and not the ward’s other dossiers', async () => {
    const reception = await api.as('commune.reception');
    const other = await reception.post('/dossiers', { procedureKey: 'land_test', applicant: { ...APPLICANT, name: 'Trần Thị Bình', idNumber: '062190009999' } });
    expect(other.status).toBe(201);
    const taxClerk = await api.as('tax.specialist');
    expect((await taxClerk.get(`/dossiers/${dossierId}`)).status).toBe(200);
    expect((await taxClerk.get(`/dossiers/${other.body.id}`)).status).toBe(404);
    const list = (await taxClerk.get('/dossiers')).body;
    expect(list.items.map((d: { id: string }) => d.id)).toEqual([dossierId]);
    expect(list.items[0]).toMatchObject({ holdingAgency: TAX, agencyCode: COMMUNE, status: 'transferred' });
  });

  it('lets the city’s manager see every ward dossier below it, and filters the list by status, procedure and text', async () => {
    const manager = await api.as('district.manager');
    const all = (await manager.get('/dossiers')).body;
    expect(all.total).toBe(2);
    expect((await manager.get('/dossiers?status=transferred')).body.items.map((d: { id: string }) => d.id)).toEqual([dossierId]);
    // The other one is at the ward's examination: the receipt was the desk's step (issue 20).
    expect((await manager.get('/dossiers?status=processing&procedure=land_test')).body.total).toBe(1);
    expect((await manager.get('/dossiers?q=Trần Thị')).body.items.map((d: { applicantName: string }) => d.applicantName)).toEqual(['Trần Thị Bình']);
    expect((await manager.get('/dossiers?q=062090001234')).body.total).toBe(1);
    expect((await manager.get(`/dossiers?q=${encodeURIComponent('H40-261112-0001')}`)).body.total).toBe(1);
    expect((await manager.get(`/dossiers?agency=${TAX}`)).body.total).toBe(1);
    const page = (await manager.get('/dossiers?limit=1&offset=1')).body;
    expect(page).toMatchObject({ total: 2, limit: 1, offset: 1 });
    expect(page.items).toHaveLength(1);
    expect((await manager.get('/dossiers?status=lost')).status).toBe(400);
    // The neighbouring commune's manager would see neither; its clerk sees none.
    expect((await (await api.as('dakcam.specialist')).get('/dossiers')).body.total).toBe(0);
  });

  it('takes withdrawals only at the desk that received the dossier: the tax office’s desk gets 403', async () => {
    const taxDesk = await api.as('tax.reception');
    const reply = await taxDesk.post(`/dossiers/${dossierId}/withdraw`, { reason: 'Công dân rút hồ sơ' });
    expect(reply.status).toBe(403);
    expect(reply.body.error.code).toBe('WRONG_AGENCY');
  });

  it('keeps agencies, users and calendars to the admin', async () => {
    const clerk = await api.as('commune.head');
    expect((await clerk.get('/users')).status).toBe(403);
    expect((await clerk.post('/users', { username: 'x.y', password: 'secret1', fullName: 'X', agencyCode: COMMUNE, roles: ['admin'] })).status).toBe(403);
    expect((await clerk.post('/agencies', { code: '000.03.23.H40', name: 'Xã mới', level: 'commune', parentCode: '000.00.23.H40' })).status).toBe(403);
    expect((await clerk.put('/calendar/2027', { holidays: [], workingDays: [] })).status).toBe(403);
    expect((await clerk.get('/agencies')).status).toBe(200);
    expect((await clerk.get('/calendar/2027')).status).toBe(200);
  });
});
