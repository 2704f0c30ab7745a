// Procedure-specific fields (issue 20, `<mc:field>`): the desk receives a birth
// registration of the province after the reform with the child's particulars in
// `data.fields`; without a required one, or with a sex outside the list, the receipt is
// refused (422 INVALID_DATA) naming the field; a procedure without fields is unchanged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../support/databases.js';
import { APPLICANT, startApi, vn, type ApiServer } from './support.js';

const sqlite = databaseTargets.filter((t) => t.kind === 'sqlite');

const CHILD = { ho_ten_tre: 'Nguyễn Thị Mai Anh', ngay_sinh: '2026-11-02', gioi_tinh: 'Nữ', noi_sinh: 'Bệnh viện Đa khoa tỉnh Kon Tum' };

describe.each(sqlite)('procedure fields at reception on $kind', (target) => {
  let api: ApiServer;
  beforeAll(async () => {
    api = await startApi(target, vn('2026-11-12 08:00'), { demoProvince: 'quang-ngai-2025' });
  });
  afterAll(async () => {
    await api?.close();
  });

  const receive = async (body: Record<string, unknown>) => (await api.as('kontum.reception')).post('/dossiers', { applicant: APPLICANT, ...body });

  it('publishes the birth registration’s fields with the model', async () => {
    const desk = await api.as('kontum.reception');
    const detail = await desk.get('/procedures/dang_ky_khai_sinh');
    expect(detail.status).toBe(200);
    expect(detail.body.xml).toContain('<mc:field key="gioi_tinh"');
  });

  it('receives a birth registration with the child’s particulars and keeps them in data.fields', async () => {
    api.clock.set(vn('2026-11-12 09:00'));
    const received = await receive({ procedureKey: 'dang_ky_khai_sinh', data: { fields: CHILD } });
    expect(received.status, JSON.stringify(received.body)).toBe(201);
    const desk = await api.as('kontum.reception');
    const dossier = await desk.get(`/dossiers/${received.body.id}`);
    expect(dossier.status).toBe(200);
    expect(dossier.body.data.fields).toEqual(CHILD);
    // The receipt (Mẫu 01) lists them briefly, with their names, the date as on paper.
    const receipt = await desk.get(`/dossiers/${received.body.id}/forms/receipt`);
    expect(receipt.status).toBe(200);
    expect(receipt.body).toContain('Thông tin hồ sơ:');
    expect(receipt.body).toContain('Họ, chữ đệm, tên của trẻ: <strong>Nguyễn Thị Mai Anh</strong>');
    expect(receipt.body).toContain('Ngày, tháng, năm sinh: <strong>02/11/2026</strong>');
  });

  it('refuses it without the date of birth, naming the field', async () => {
    const { ngay_sinh: _omitted, ...withoutBirthDate } = CHILD;
    const refused = await receive({ procedureKey: 'dang_ky_khai_sinh', data: { fields: withoutBirthDate } });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: 'INVALID_DATA', messageKey: 'INVALID_DATA.fieldsWrong' });
    expect(refused.body.error.message).toContain('Ngày, tháng, năm sinh');
    expect(refused.body.error.details).toEqual([
      expect.objectContaining({ field: 'body.data.fields.ngay_sinh', messageKey: 'INVALID_DATA.fieldRequired', message: 'Chưa nhập "Ngày, tháng, năm sinh"' }),
    ]);
  });

  it('refuses a sex outside the list and a date that is no date, each named', async () => {
    const refused = await receive({ procedureKey: 'dang_ky_khai_sinh', data: { fields: { ...CHILD, gioi_tinh: 'Khác', ngay_sinh: '2026-02-30' } } });
    expect(refused.status).toBe(422);
    expect(refused.body.error.details.map((d: { field: string; messageKey: string }) => [d.field, d.messageKey])).toEqual([
      ['body.data.fields.ngay_sinh', 'INVALID_DATA.fieldDate'],
      ['body.data.fields.gioi_tinh', 'INVALID_DATA.fieldOption'],
    ]);
  });

  it('refuses a birth registration with no fields at all', async () => {
    const refused = await receive({ procedureKey: 'dang_ky_khai_sinh' });
    expect(refused.status).toBe(422);
    expect(refused.body.error.details.map((d: { field: string }) => d.field)).toEqual([
      'body.data.fields.ho_ten_tre',
      'body.data.fields.ngay_sinh',
      'body.data.fields.gioi_tinh',
      'body.data.fields.noi_sinh',
    ]);
  });

  it('receives a procedure without fields as before', async () => {
    const received = await receive({ procedureKey: 'chung_thuc_ban_sao', data: { documents: [] } });
    expect(received.status, JSON.stringify(received.body)).toBe(201);
  });
});
