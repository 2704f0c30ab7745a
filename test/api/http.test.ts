// The HTTP edges every client meets: the body size limit, validation errors naming the
// field, malformed JSON, and the API documentation browsable without internet.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../support/databases.js';
import { APPLICANT, landTransferXml, openTask, startApi, vn, type ApiServer } from './support.js';

const sqlite = databaseTargets.filter((t) => t.kind === 'sqlite');

describe.each(sqlite)('the HTTP edges on $kind', (target) => {
  let api: ApiServer;
  beforeAll(async () => {
    api = await startApi(target, vn('2026-11-12 09:00'));
    expect((await (await api.as('admin')).request('POST', '/procedures', { raw: landTransferXml })).status).toBe(201);
  });
  afterAll(async () => {
    await api?.close();
  });

  it('answers 413 to a JSON body or a BPMN file past 1 MB, and receives nothing', async () => {
    const desk = await api.as('commune.reception');
    const scans = 'x'.repeat(1024 * 1024 + 1);
    const big = await desk.post('/dossiers', { procedureKey: 'land_test', applicant: APPLICANT, data: { scans } });
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    expect((await desk.get('/dossiers')).body.total).toBe(0);
    const hugeXml = landTransferXml.replace('</bpmn:definitions>', `<!-- ${scans} --></bpmn:definitions>`);
    const xml = await (await api.as('admin')).request('POST', '/procedures', { raw: hugeXml });
    expect(xml.status).toBe(413);
  });

  it('answers 422 naming each field of the wrong type or missing', async () => {
    const desk = await api.as('commune.reception');
    const reply = await desk.post('/dossiers', {
      procedureKey: 'land_test',
      applicant: { name: 'Nguyễn Văn An', idNumber: 62090001234, phone: '' },
      channel: 'fax',
    });
    expect(reply.status).toBe(422);
    expect(reply.body.error.code).toBe('VALIDATION_FAILED');
    const fields = reply.body.error.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['body.applicant.idNumber', 'body.applicant.phone', 'body.channel']));
    const noReason = await desk.post('/dossiers/whatever/reject', { reason: 42 });
    expect(noReason.status).toBe(422);
    expect(noReason.body.error.details.map((d: { field: string }) => d.field)).toEqual(['body.reason']);
    const badDate = await (await api.as('commune.specialist')).post('/dossiers/whatever/apologize', { reason: 'Chậm', newAppointmentAt: 'next Tuesday' });
    expect(badDate.status).toBe(422);
    expect(badDate.body.error.details[0].field).toBe('body.newAppointmentAt');
  });

  it('accepts fields it does not know, and refuses an unknown procedure naming procedureKey', async () => {
    const desk = await api.as('commune.reception');
    const extra = await desk.post('/dossiers', {
      procedureKey: 'land_test',
      applicant: { ...APPLICANT, address: 'Tổ 3, phường Quyết Thắng' },
      channel: 'online',
      clientVersion: '1.2.3',
    });
    expect(extra.status).toBe(201);
    expect(extra.body).toMatchObject({ channel: 'online', applicant: { address: 'Tổ 3, phường Quyết Thắng' } });
    expect(extra.body).not.toHaveProperty('clientVersion');
    const unknown = await desk.post('/dossiers', { procedureKey: 'khong_co', applicant: APPLICANT });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.details[0].field).toBe('body.procedureKey');
  });

  it('answers malformed JSON with 400 and an unknown route with 404, both in the one error shape', async () => {
    const desk = await api.as('commune.reception');
    const res = await fetch(`${api.url}/api/dossiers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${desk.token}` },
      body: '{"procedureKey": "land_test",',
    });
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('INVALID_JSON');
    expect((await desk.get('/nothing/here')).body.error.code).toBe('NOT_FOUND');
  });

  it('serves Swagger UI at /api/docs from the installed package, with no CDN, over /api/openapi.json', async () => {
    const page = await api.anonymous.get('/docs');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.body).toContain('SwaggerUIBundle');
    expect(page.body).toContain("url: '/api/openapi.json'");
    expect(page.body).not.toMatch(/<script[^>]+src=|<link[^>]+href=["']https?:/);
    const spec = (await api.anonymous.get('/openapi.json')).body;
    for (const path of ['/api/auth/login', '/api/dossiers', '/api/dossiers/{id}/supplement-request', '/api/tasks/{id}/complete', '/api/calendar/{year}', '/api/procedures/{key}/versions/{v}']) {
      expect(spec.paths, path).toHaveProperty([path]);
    }
    expect(spec.paths['/api/procedures'].post.requestBody.content).toHaveProperty(['application/xml']);
  });

  it('answers a refusal with its code, the Vietnamese message, the English one, and the catalogue entry with its values', async () => {
    const desk = await api.as('commune.reception');
    const received = await desk.post('/dossiers', { procedureKey: 'land_test', applicant: APPLICANT });
    expect(received.status).toBe(201);
    // The receipt completed the desk's step (issue 20); the examination is the specialist's.
    const examineTask = openTask(received.body, 'Examine');

    const wrongRole = await desk.post(`/tasks/${examineTask.id}/claim`);
    expect(wrongRole.status).toBe(403);
    expect(wrongRole.body).toEqual({
      error: {
        code: 'ROLE_REQUIRED',
        message: 'Cần vai trò "specialist"',
        messageEn: 'Role "specialist" is required',
        messageKey: 'ROLE_REQUIRED',
        params: { role: 'specialist' },
        details: { role: 'specialist' },
      },
    });

    // A reason the clerk typed with " / " in it is kept whole, and later refusals name the status by value.
    const reason = 'Thiếu bản sao CMND / CCCD của người nộp; giấy tờ nhà đất / đất ở chưa công chứng';
    const rejected = await desk.post(`/dossiers/${received.body.id}/reject`, { reason });
    expect(rejected.status).toBe(200);
    expect(rejected.body.history.find((h: { type: string }) => h.type === 'rejected').details.reason).toBe(reason);
    const closed = await desk.post(`/dossiers/${received.body.id}/reject`, { reason });
    expect(closed.status).toBe(409);
    expect(closed.body.error).toMatchObject({
      code: 'DOSSIER_CLOSED',
      message: 'Hồ sơ đã kết thúc (rejected)',
      messageEn: 'The dossier is closed (rejected)',
      messageKey: 'DOSSIER_CLOSED',
      params: { status: 'rejected' },
    });

    // The HTTP layer's own refusals and a variant of a code carry the same fields.
    expect((await desk.get('/nothing/here')).body).toEqual({
      error: { code: 'NOT_FOUND', message: 'Không có API này', messageEn: 'No such API route', messageKey: 'NOT_FOUND.route', params: {} },
    });
    const unknown = await desk.post('/dossiers', { procedureKey: 'khong_co', applicant: APPLICANT });
    expect(unknown.body.error).toMatchObject({ code: 'VALIDATION_FAILED', message: 'Dữ liệu không hợp lệ', messageEn: 'Invalid request' });
    expect(unknown.body.error.details).toEqual([
      {
        field: 'body.procedureKey',
        message: 'Không có thủ tục khong_co',
        messageEn: 'No procedure khong_co',
        messageKey: 'NOT_FOUND.procedure',
        params: { procedureKey: 'khong_co' },
      },
    ]);
  });
});
