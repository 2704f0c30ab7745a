// What the administrative-reform officer manages: the agency tree, staff accounts and
// each year's calendar of days off — and that the engine uses each change at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../support/databases.js';
import { APPLICANT, CITY, COMMUNE, TAX, landTransferXml, local, login, openTask, startApi, vn, type ApiServer } from './support.js';

describe.each(databaseTargets)('administration on $kind', (target) => {
  let api: ApiServer;
  beforeAll(async () => {
    api = await startApi(target, vn('2026-11-12 09:00'));
    expect((await (await api.as('admin')).request('POST', '/procedures', { raw: landTransferXml })).status).toBe(201);
  });
  afterAll(async () => {
    await api?.close();
  });

  it('lists the README agencies as a tree for every clerk', async () => {
    const agencies = (await (await api.as('tax.specialist')).get('/agencies')).body.items;
    expect(agencies.find((a: { code: string }) => a.code === TAX)).toMatchObject({ kind: 'tax', level: 'district', parentCode: CITY });
    expect(agencies.find((a: { code: string }) => a.code === COMMUNE)).toMatchObject({ level: 'commune', parentCode: CITY, name: 'UBND phường Quyết Thắng' });
  });

  it('adds a ward under the city whose desk can receive at once, its tax step going to the city tax office', async () => {
    const admin = await api.as('admin');
    const created = await admin.post('/agencies', {
      code: '000.03.23.H40',
      name: 'UBND phường Thống Nhất',
      level: 'commune',
      parentCode: CITY,
      kind: 'people-committee',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ code: '000.03.23.H40', parentCode: CITY, level: 'commune' });
    expect((await admin.post('/agencies', { code: '000.03.23.H40', name: 'Trùng mã', level: 'commune' })).status).toBe(409);
    const orphan = await admin.post('/agencies', { code: '000.04.23.H40', name: 'Mồ côi', level: 'commune', parentCode: '999.99.99.X00' });
    expect(orphan.status).toBe(422);
    expect(orphan.body.error.code).toBe('AGENCY_NOT_FOUND');
    const badLevel = await admin.post('/agencies', { code: '000.05.23.H40', name: 'Ấp', level: 'hamlet' });
    expect(badLevel.status).toBe(422);
    expect(badLevel.body.error.details[0].field).toBe('body.level');

    expect(
      (
        await admin.post('/users', {
          username: 'thongnhat.clerk',
          password: 'demo123',
          fullName: 'Y Blik',
          agencyCode: '000.03.23.H40',
          roles: ['reception', 'specialist'],
        })
      ).status,
    ).toBe(201);
    const clerk = await api.as('thongnhat.clerk');
    const received = await clerk.post('/dossiers', { procedureKey: 'land_test', applicant: APPLICANT });
    expect(received.status).toBe(201);
    expect(received.body.code).toMatch(/^000\.03\.23\.H40-261112-0001$/);
    expect(received.body.agencyCode).toBe('000.03.23.H40');
    const examine = openTask(received.body, 'Examine');
    const tax = (await clerk.post(`/tasks/${examine.id}/complete`, {})).body.nextTasks[0];
    // kind:tax looks among the new ward's siblings under the city first.
    expect(tax).toMatchObject({ stepId: 'Tax', agencyCode: TAX });
  });

  it('creates accounts that log in at once, never shows a password hash, and refuses duplicates and unknown agencies', async () => {
    const admin = await api.as('admin');
    const created = await admin.post('/users', {
      username: 'quyetthang.head2',
      password: 'mat-khau-moi',
      fullName: 'Y Hoan',
      agencyCode: COMMUNE,
      roles: ['head', 'specialist'],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ username: 'quyetthang.head2', roles: ['head', 'specialist'], active: true });
    expect(JSON.stringify(created.body)).not.toMatch(/scrypt|password/i);
    expect((await login(api.url, 'quyetthang.head2', 'mat-khau-moi')).status).toBe(200);
    const list = await admin.get(`/users?agency=${COMMUNE}`);
    expect(list.body.items.map((u: { username: string }) => u.username)).toContain('quyetthang.head2');
    expect(JSON.stringify(list.body)).not.toMatch(/scrypt|passwordHash/);

    const duplicate = await admin.post('/users', { username: 'commune.head', password: 'whatever1', fullName: 'Trùng', agencyCode: COMMUNE, roles: ['head'] });
    expect(duplicate.status).toBe(409);
    const nowhere = await admin.post('/users', { username: 'lost.clerk', password: 'whatever1', fullName: 'Lạc', agencyCode: '999.99.99.X00', roles: ['head'] });
    expect(nowhere.status).toBe(422);
    expect(nowhere.body.error.details[0].field).toBe('body.agencyCode');
  });

  it('shows 2026 as the government decided: Tết off from 16 to 20 February, Saturday 10 January worked', async () => {
    const calendar = (await (await api.as('commune.reception')).get('/calendar/2026')).body;
    expect(calendar).toMatchObject({ year: 2026, timeZone: 'Asia/Ho_Chi_Minh', source: 'override', workingDays: ['2026-01-10'] });
    expect(calendar.holidays).toEqual(expect.arrayContaining(['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-04-27']));
    expect(calendar.daysOff.find((d: { date: string }) => d.date === '2026-02-17')).toMatchObject({ name: 'Tết Nguyên Đán (mùng 1)' });
  });

  it('computes 2027 without a decision: Tết eve Friday 5 February, Hùng Kings’ day Friday 16 April', async () => {
    const calendar = (await (await api.as('admin')).get('/calendar/2027')).body;
    expect(calendar.source).toBe('computed');
    expect(calendar.holidays).toEqual(expect.arrayContaining(['2027-01-01', '2027-02-05', '2027-04-16', '2027-04-30', '2027-09-02']));
    expect(calendar.daysOff.find((d: { date: string }) => d.date === '2027-04-16')).toMatchObject({ name: 'Giỗ Tổ Hùng Vương' });
  });

  it('moves new appointments when the admin gives Monday 4 January 2027 off, and names the swapped day', async () => {
    api.clock.set(vn('2026-12-28 09:00'));
    const desk = await api.as('commune.reception');
    const before = await desk.post('/dossiers', { procedureKey: 'land_test', applicant: APPLICANT });
    // Ten working days from Monday 28 December, New Year's Day off.
    expect(local(before.body.appointmentAt)).toBe('2027-01-12 09:00');

    const admin = await api.as('admin');
    const computed = (await admin.get('/calendar/2027')).body;
    const saved = await admin.put('/calendar/2027', { holidays: [...computed.holidays, '2027-01-04'], workingDays: ['2027-01-09'] });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ source: 'override', updatedBy: 'admin', workingDays: ['2027-01-09'] });
    expect(saved.body.daysOff.find((d: { date: string }) => d.date === '2027-01-04')).toMatchObject({ name: 'Nghỉ hoán đổi', kind: 'swapped' });

    const after = await desk.post('/dossiers', { procedureKey: 'land_test', applicant: APPLICANT });
    // Monday 4 off, Saturday 9 worked: the same count of days, landing on Tuesday 12 again.
    expect(local(after.body.appointmentAt)).toBe('2027-01-12 09:00');
    const withoutMakeUp = await admin.put('/calendar/2027', { holidays: [...computed.holidays, '2027-01-04'], workingDays: [] });
    expect(withoutMakeUp.status).toBe(200);
    const later = await desk.post('/dossiers', { procedureKey: 'land_test', applicant: APPLICANT });
    expect(local(later.body.appointmentAt)).toBe('2027-01-13 09:00');
    // The dossier received before keeps the date printed on its receipt.
    expect(local((await desk.get(`/dossiers/${before.body.id}`)).body.appointmentAt)).toBe('2027-01-12 09:00');
    // The receipt completed the desk's step; the examination (P2D) counts from the same morning.
    expect(local(openTask(later.body, 'Examine').dueAt)).toBe('2026-12-30 09:00');
  });

  it('refuses at deploy a model whose names are too long for the database, naming the element, instead of failing later', async () => {
    const longId = `Examine_${'x'.repeat(150)}`;
    const xml = landTransferXml
      .replaceAll('"Examine"', `"${longId}"`)
      .replace('id="land_test"', 'id="land_long"')
      .replace('mc:role="head"', `mc:role="${'h'.repeat(80)}"`);
    const reply = await (await api.as('admin')).request('POST', '/procedures', { raw: xml });
    expect(reply.status).toBe(422);
    const tooLong = reply.body.error.details.filter((d: { code: string }) => d.code === 'VALUE_TOO_LONG');
    expect(tooLong.map((d: { elementId: string | null }) => d.elementId)).toEqual(expect.arrayContaining([null, 'Review']));
    expect((await (await api.as('admin')).get('/procedures/land_long')).status).toBe(404);
  });

  it('refuses a calendar with a date outside the year or a day both off and worked: 422 naming the list', async () => {
    const admin = await api.as('admin');
    const outside = await admin.put('/calendar/2027', { holidays: ['2026-12-31'], workingDays: [] });
    expect(outside.status).toBe(422);
    expect(outside.body.error.code).toBe('INVALID_CALENDAR');
    expect(outside.body.error.details[0].field).toBe('body.holidays');
    const both = await admin.put('/calendar/2027', { holidays: ['2027-01-09'], workingDays: ['2027-01-09'] });
    expect(both.status).toBe(422);
    const impossible = await admin.put('/calendar/2027', { holidays: ['2027-02-30'], workingDays: [] });
    expect(impossible.status).toBe(422);
    const wrongShape = await admin.put('/calendar/2027', { holidays: '2027-01-04' });
    expect(wrongShape.status).toBe(422);
    expect((await admin.get('/calendar/1800')).status).toBe(400);
  });
});
