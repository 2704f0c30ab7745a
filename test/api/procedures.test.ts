// Deploying procedures over HTTP: a good model becomes a new immutable version; a bad
// one is refused with every problem and the element it is about; models made by other
// BPMN tools and text that is not XML at all are answered 201 or 422 — never a 5xx.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../support/databases.js';
import { interopXml, landTransferXml, startApi, type ApiServer } from './support.js';

const brokenXml = readFileSync(new URL('../engine/bpmn/fixtures/broken-procedure.bpmn', import.meta.url), 'utf8');

// Versions are numbered by the store, tested on both databases in test/store; here the
// HTTP answers matter, so SQLite is enough.
const sqlite = databaseTargets.filter((t) => t.kind === 'sqlite');

describe.each(sqlite)('deploying procedures on $kind', (target) => {
  let api: ApiServer;
  beforeAll(async () => {
    api = await startApi(target);
  });
  afterAll(async () => {
    await api?.close();
  });

  it('refuses an officer\'s deploy (with its change note) of a model that did not change (409 PROCEDURE_UNCHANGED), moving shapes on the canvas included', async () => {
    const admin = await api.as('admin');
    const xml = landTransferXml.replace('id="land_test"', 'id="land_unchanged"').replace(/bpmnElement="land_test"/g, 'bpmnElement="land_unchanged"');
    expect((await admin.request('POST', '/procedures?note=L%E1%BA%A7n%20%C4%91%E1%BA%A7u', { raw: xml })).status).toBe(201);
    const again = await admin.request('POST', '/procedures?note=Kh%C3%B4ng%20%C4%91%E1%BB%95i', { raw: xml.replace(/<dc:Bounds x="(\d+)"/, (_m, x) => `<dc:Bounds x="${Number(x) + 40}"`) });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'PROCEDURE_UNCHANGED', messageKey: 'PROCEDURE_UNCHANGED', params: { version: 1 } });
  });

  // CONTRACT.md §3: POST /procedures with BPMN XML → 201 {key, version, warnings}. A plain
  // deploy (an integration, a script, an acceptance suite) keeps that: every deploy is a
  // version, and steps over the legal limit are a warning, not a refusal.
  it('keeps the contract for a plain POST of XML: the same model again is version 2, steps over the limit a warning', async () => {
    const admin = await api.as('admin');
    const xml = landTransferXml.replace('id="land_test"', 'id="land_plain"').replace(/bpmnElement="land_test"/g, 'bpmnElement="land_plain"');
    expect((await admin.request('POST', '/procedures', { raw: xml })).body).toMatchObject({ key: 'land_plain', version: 1 });
    expect((await admin.request('POST', '/procedures', { raw: xml })).body).toMatchObject({ key: 'land_plain', version: 2 });
    const over = await admin.request('POST', '/procedures', { raw: xml.replace('mc:timeLimit="P10D"', 'mc:timeLimit="P8D"') });
    expect(over.status).toBe(201);
    expect(over.body.version).toBe(3);
    expect(over.body.warnings).toContainEqual(expect.objectContaining({ code: 'TIME_LIMIT_EXCEEDED', severity: 'warning', message: expect.stringContaining('8') }));
  });

  it('keeps each officer\'s draft of a procedure on the server, apart from another officer\'s', async () => {
    const admin = await api.as('admin');
    expect((await admin.get('/procedure-drafts/land_test')).status).toBe(404);
    const saved = await admin.request('PUT', '/procedure-drafts/land_test', { body: { xml: landTransferXml, baseVersion: 1 } });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ procedureKey: 'land_test', baseVersion: 1 });
    const draft = await admin.get('/procedure-drafts/land_test');
    expect(draft.body).toMatchObject({ procedureKey: 'land_test', username: 'admin', xml: landTransferXml, baseVersion: 1 });
    expect((await admin.get('/procedure-drafts')).body.items.map((d: { procedureKey: string }) => d.procedureKey)).toContain('land_test');
    // A clerk may read procedures, not draw them.
    expect((await (await api.as('district.specialist')).get('/procedure-drafts/land_test')).status).toBe(403);
    expect((await admin.request('DELETE', '/procedure-drafts/land_test')).body).toEqual({ deleted: true });
    expect((await admin.get('/procedure-drafts/land_test')).status).toBe(404);
  });

  it('numbers versions 1, 2 and keeps each one readable with its XML and the history', async () => {
    const admin = await api.as('admin');
    expect((await admin.request('POST', '/procedures', { raw: landTransferXml })).body).toMatchObject({ key: 'land_test', version: 1 });
    const v2Xml = landTransferXml.replace('mc:timeLimit="P10D"', 'mc:timeLimit="P8D"');
    // Its steps now take longer than the new legal limit: refused without the officer's reason (issue 20)…
    const over = await admin.request('POST', '/procedures?note=R%C3%BAt%20th%E1%BB%9Di%20h%E1%BA%A1n', { raw: v2Xml, contentType: 'text/xml' });
    expect(over.status).toBe(422);
    expect(over.body.error).toMatchObject({ code: 'TIME_LIMIT_EXCEEDED', params: { limit: '8' } });
    // …deployed with it, and with the decision that approved it, all kept with the version.
    const record = new URLSearchParams({
      note: 'Rút thời hạn giải quyết xuống 8 ngày',
      decision: '1234/QĐ-UBND',
      effectiveFrom: '2026-12-01',
      overLimitReason: 'Chờ sửa phân bổ các bước theo quyết định mới',
    });
    expect((await admin.request('POST', `/procedures?${record}`, { raw: v2Xml, contentType: 'text/xml' })).body).toMatchObject({ version: 2 });

    const clerk = await api.as('district.specialist');
    const latest = await clerk.get('/procedures/land_test');
    expect(latest.body).toMatchObject({ version: 2, latestVersion: 2, timeLimit: 'P8D', xml: v2Xml });
    expect(latest.body.versions.map((v: { version: number; deployedBy: string }) => [v.version, v.deployedBy])).toEqual([
      [1, 'admin'],
      [2, 'admin'],
    ]);
    expect(latest.body.versions[1]).toMatchObject({
      changeNote: 'Rút thời hạn giải quyết xuống 8 ngày',
      decisionNumber: '1234/QĐ-UBND',
      effectiveFrom: '2026-12-01',
      overLimitReason: 'Chờ sửa phân bổ các bước theo quyết định mới',
    });
    expect(latest.body.versions[0]).toMatchObject({ changeNote: null, decisionNumber: null });
    const first = await clerk.get('/procedures/land_test/versions/1');
    expect(first.body).toMatchObject({ version: 1, latestVersion: 2, timeLimit: 'P10D', xml: landTransferXml });
    expect((await clerk.get('/procedures')).body.items.filter((p: { key: string }) => p.key === 'land_test')).toEqual([
      expect.objectContaining({ version: 2 }),
    ]);
    expect((await clerk.get('/procedures/land_test/versions/3')).status).toBe(404);
    expect((await clerk.get('/procedures/no_such_procedure')).status).toBe(404);
  });

  it('refuses a broken model with 422 INVALID_MODEL naming every element at fault, and stores nothing', async () => {
    const admin = await api.as('admin');
    const before = (await admin.get('/procedures')).body.total;
    const reply = await admin.request('POST', '/procedures', { raw: brokenXml });
    expect(reply.status).toBe(422);
    expect(reply.body.error.code).toBe('INVALID_MODEL');
    const errors = reply.body.error.details.filter((d: { severity: string }) => d.severity === 'error');
    expect(errors.map((d: { elementId: string }) => d.elementId)).toEqual(
      expect.arrayContaining(['WaitPayment', 'f_ghost', 'Decide', 'NoRole', 'Orphan', 'Ask']),
    );
    for (const detail of reply.body.error.details) {
      expect(Object.keys(detail).sort()).toEqual(['code', 'elementId', 'message', 'messageEn', 'severity']);
      expect(detail.message).not.toBe('');
      expect(detail.messageEn).not.toBe('');
    }
    expect((await admin.get('/procedures')).body.total).toBe(before);
  });

  it('names the flow that points nowhere and the task without a role when a good model is spoiled', async () => {
    const admin = await api.as('admin');
    const spoiled = landTransferXml.replace('mc:role="leader"', 'mc:role=""').replace('targetRef="End"', 'targetRef="Nowhere"');
    const reply = await admin.request('POST', '/procedures', { raw: spoiled });
    expect(reply.status).toBe(422);
    expect(reply.body.error.details.map((d: { elementId: string }) => d.elementId)).toEqual(expect.arrayContaining(['f7']));
  });

  it.each(['A.1.0', 'A.2.0', 'A.3.0', 'A.4.0'])('answers the MIWG interchange model %s with 201 or 422, never a 5xx', async (name) => {
    const admin = await api.as('admin');
    const reply = await admin.request('POST', '/procedures', { raw: interopXml(name) });
    expect([201, 422]).toContain(reply.status);
    if (reply.status === 201) {
      expect(reply.body.warnings.length).toBeGreaterThan(0);
    } else {
      expect(reply.body.error.code).toBe('INVALID_MODEL');
      expect(reply.body.error.details.some((d: { severity: string; elementId: string | null }) => d.severity === 'error' && d.elementId)).toBe(true);
    }
  });

  it('deploys the plain-task model A.1.0 with defaults and says what it assumed', async () => {
    const reply = await (await api.as('admin')).request('POST', '/procedures', { raw: interopXml('A.1.0') });
    expect(reply.status).toBe(201);
    expect(reply.body.warnings.map((w: { code: string }) => w.code)).toEqual(expect.arrayContaining(['MISSING_ROLE', 'MISSING_TIME_LIMIT']));
  });

  it('answers text that is not BPMN, an empty body and half a document with 422, and JSON with 415', async () => {
    const admin = await api.as('admin');
    for (const raw of ['Đây không phải là BPMN', '', '<?xml version="1.0"?><bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"><bpmn:process id="x">', '<html><body>hi</body></html>', '{"process": 1}']) {
      const reply = await admin.request('POST', '/procedures', { raw });
      expect(reply.status, raw).toBe(422);
      expect(reply.body.error.code).toBe('INVALID_MODEL');
      expect(reply.body.error.details.length).toBeGreaterThan(0);
    }
    const json = await admin.post('/procedures', { xml: landTransferXml });
    expect(json.status).toBe(415);
  });

  it('lets only an admin deploy: a head of department gets 403', async () => {
    const head = await api.as('district.head');
    const reply = await head.request('POST', '/procedures', { raw: landTransferXml });
    expect(reply.status).toBe(403);
    expect(reply.body.error.code).toBe('FORBIDDEN');
  });
});
