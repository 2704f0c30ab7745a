// Issue 17 over real HTTP, with real servers of the tests' own: an online filing accepted
// and one refused; a webhook receiver that fails twice then succeeds gets each event
// once, signed; the national portal's hand-over, signed and idempotent; a payment settled
// by a signed callback (a forged one refused, a replay changing nothing); a rating once;
// the SMTP server receives the four mails — on SQLite and PostgreSQL.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../support/databases.js';
import { PAYMENT_SECRET, PORTAL_SECRET, startHttp, startWorld, until, vn, type World } from './support.js';

const COMMUNE = '000.01.23.H40';
const BIRTH = 'dang_ky_khai_sinh';
const applicant = (email: string) => ({ name: 'Trần Thị Mai', idNumber: '062190001111', phone: '0905 111 222', email, notify: ['email'] });
const HOOK_SECRET = 'a-webhook-secret-of-the-province';

describe.each(databaseTargets)('citizens and the national portal on $kind', (target) => {
  let world: World;
  let hook: Awaited<ReturnType<typeof startHttp>>;
  let failures = 0;

  beforeAll(async () => {
    world = await startWorld(target);
    // Fails twice, then takes everything.
    hook = await startHttp(() => (failures++ < 2 ? { status: 500 } : { status: 204 }));
  });
  afterAll(async () => {
    await world?.close();
    await hook?.close();
  });

  it('refuses a private webhook target not in MOTCUA_WEBHOOK_ALLOW, registers an allowed one without answering its secret', async () => {
    const admin = await world.as('admin');
    const refused = await admin.post('/admin/webhooks', { url: 'http://10.1.2.3/hook', events: ['dossier.status'], secret: HOOK_SECRET });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('WEBHOOK_TARGET_REFUSED');
    const made = await admin.post('/admin/webhooks', { url: `${hook.url}/motcua`, events: ['dossier.status', 'dossier.result'], secret: HOOK_SECRET, portal: true });
    expect(made.status).toBe(201);
    expect(made.body).not.toHaveProperty('secret');
    expect((await (await world.as('commune.reception')).post('/admin/webhooks', { url: `${hook.url}/x`, events: ['dossier.status'], secret: HOOK_SECRET })).status).toBe(403);
  });

  let code = '';
  let secret = '';
  let id = '';

  it('a citizen files online (submitted, national 1); the honeypot refuses a robot', async () => {
    const list = await world.anonymous.get('/public/procedures');
    const birth = list.body.find((p: any) => p.key === BIRTH);
    expect(birth.agencies.map((a: any) => a.code)).toContain(COMMUNE);
    const robot = await world.anonymous.post('/public/submissions', { procedureKey: BIRTH, competentAgency: COMMUNE, applicant: applicant('robot@example.vn'), website: 'http://spam' });
    expect(robot.status).toBe(400);
    expect(robot.body.error.code).toBe('SUBMISSION_REFUSED');
    const filed = await world.anonymous.post('/public/submissions', { procedureKey: BIRTH, competentAgency: COMMUNE, applicant: applicant('mai@example.vn') });
    expect(filed.status).toBe(201);
    expect(filed.body).toMatchObject({ status: 'submitted' });
    ({ code, lookupSecret: secret, id } = filed.body);
    const lookup = await world.anonymous.get(`/public/dossiers/${code}?secret=${secret}`);
    expect(lookup.body).toMatchObject({ status: 'submitted', nationalStatus: 1, canRate: false });
  });

  it('the desk accepts it at 09:00: received, the appointment counts from acceptance (as a desk receipt at that instant)', async () => {
    world.clock.set(vn('2026-11-16 09:00'));
    const desk = await world.as('commune.reception');
    const accepted = await desk.post(`/dossiers/${id}/accept`);
    expect(accepted.status).toBe(200);
    expect(accepted.body.status).toBe('processing');
    expect(new Date(accepted.body.receivedAt).getTime()).toBe(vn('2026-11-16 09:00').getTime());
    // The same day's close (P0D), counted from the acceptance: as a desk receipt at 09:00 would be.
    const desk2 = await desk.post('/dossiers', { procedureKey: BIRTH, applicant: applicant('quay@example.vn') });
    expect(accepted.body.appointmentAt).toBe(desk2.body.appointmentAt);
    expect(new Date(accepted.body.appointmentAt).getTime()).toBeGreaterThan(vn('2026-11-16 15:00').getTime());
    expect(new Date(accepted.body.appointmentAt).getTime()).toBeLessThan(vn('2026-11-16 18:00').getTime());
    const again = await desk.post(`/dossiers/${id}/accept`);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('NOT_SUBMITTED');
  });

  it('another filing is refused with a reason: refused, national 3, the citizen reads why', async () => {
    const filed = await world.anonymous.post('/public/submissions', { procedureKey: BIRTH, competentAgency: COMMUNE, applicant: applicant('khac@example.vn') });
    const desk = await world.as('commune.reception');
    const refused = await desk.post(`/dossiers/${filed.body.id}/refuse`, { reason: 'Trẻ không cư trú tại phường' });
    expect(refused.status).toBe(200);
    expect(refused.body.status).toBe('refused');
    const lookup = await world.anonymous.get(`/public/dossiers/${filed.body.code}?secret=${filed.body.lookupSecret}`);
    expect(lookup.body).toMatchObject({ status: 'refused', nationalStatus: 3, refusal: { reason: 'Trẻ không cư trú tại phường' } });
    expect((await desk.post(`/dossiers/${filed.body.id}/refuse`, {})).status).toBe(422);
  });

  it('the supplement request, the apology and the result: processed to return', async () => {
    const specialist = await world.as('commune.specialist');
    const dossier = (await specialist.get(`/dossiers/${id}`)).body;
    const examine = dossier.tasks.find((t: any) => t.stepId === 'Examine' && t.state === 'open');
    expect((await specialist.post(`/dossiers/${id}/supplement-request`, { reason: 'Thiếu giấy chứng sinh', items: ['Giấy chứng sinh (bản chính)'] })).status).toBe(200);
    world.clock.set(vn('2026-11-16 10:00'));
    expect((await (await world.as('commune.reception')).post(`/dossiers/${id}/supplement`, { items: ['Giấy chứng sinh (bản chính)'] })).status).toBe(200);
    world.clock.set(vn('2026-11-16 15:00'));
    const apology = await specialist.post(`/dossiers/${id}/apologize`, { reason: 'Chờ xác minh nơi cư trú', newAppointmentAt: '2026-11-18T16:00:00+07:00' });
    expect(apology.status, JSON.stringify(apology.body)).toBe(200);
    expect((await specialist.post(`/tasks/${examine.id}/complete`, { outcome: 'register' })).status).toBe(200);
    const leader = await world.as('commune.leader');
    const sign = (await leader.get(`/dossiers/${id}`)).body.tasks.find((t: any) => t.stepId === 'Sign' && t.state === 'open');
    const signed = await leader.post(`/tasks/${sign.id}/complete`, {});
    expect(signed.status).toBe(200);
    expect((await leader.get(`/dossiers/${id}`)).body.status).toBe('awaitingReturn');
  });

  it('a payment: a pay link from the gateway, national status 6 while it waits; a forged callback refused; paid once, a replay changes nothing; a printable receipt', async () => {
    const desk = await world.as('commune.reception');
    const online = await desk.post(`/dossiers/${id}/payments`, { amount: 8000, method: 'online' });
    expect(online.status).toBe(201);
    expect(online.body).toMatchObject({ status: 'pending', payUrl: expect.stringMatching(/^https:\/\/pay\.example\.vn\//) });
    // The gateway got a signed request.
    const request = world.gateway.received.at(-1)!;
    expect(request.headers['x-motcua-signature']).toBe(`sha256=${createHmac('sha256', PAYMENT_SECRET).update(request.body).digest('hex')}`);
    expect((await world.anonymous.get(`/public/dossiers/${code}?secret=${secret}`)).body).toMatchObject({ nationalStatus: 6, payment: { amount: 8000 } });

    const callback = { paymentId: online.body.id, status: 'paid', amount: 8000, transactionId: 'GW-TX-1' };
    const forged = await world.anonymous.signed('/integrations/payments/callback', 'not-the-secret', callback);
    expect(forged.status).toBe(401);
    expect(forged.body.error.code).toBe('INVALID_SIGNATURE');
    const paid = await world.anonymous.signed('/integrations/payments/callback', PAYMENT_SECRET, callback);
    expect(paid.status).toBe(200);
    expect(paid.body.status).toBe('paid');
    const replay = await world.anonymous.signed('/integrations/payments/callback', PAYMENT_SECRET, { ...callback, transactionId: 'GW-TX-2' });
    expect(replay.status).toBe(200);
    expect(replay.body).toEqual(paid.body);
    const payments = (await desk.get(`/dossiers/${id}/payments`)).body;
    expect(payments).toHaveLength(1);
    expect(payments[0]).toMatchObject({ status: 'paid', receiptNumber: paid.body.receiptNumber });
    expect((await world.anonymous.get(`/public/dossiers/${code}?secret=${secret}`)).body.nationalStatus).toBe(9);

    const cash = await desk.post(`/dossiers/${id}/payments`, { amount: 5000, method: 'cash' });
    expect(cash.body).toMatchObject({ status: 'paid', receiptNumber: expect.stringMatching(/^BL-20261116-/) });
    const receipt = await desk.get(`/dossiers/${id}/payments/${cash.body.id}/receipt`);
    expect(receipt.status).toBe(200);
    expect(receipt.body).toContain('BIÊN LAI THU PHÍ');
    expect(receipt.body).toContain(cash.body.receiptNumber);

    // A second fee asked online, then paid in cash at the desk instead: the pay link is void
    // and the dossier no longer waits for a financial obligation (national 6).
    const asked = await desk.post(`/dossiers/${id}/payments`, { amount: 3000, method: 'online' });
    expect((await world.anonymous.get(`/public/dossiers/${code}?secret=${secret}`)).body.nationalStatus).toBe(6);
    const atDesk = await desk.post(`/dossiers/${id}/payments`, { amount: 3000, method: 'cash' });
    expect(atDesk.body.status).toBe('paid');
    const after = (await desk.get(`/dossiers/${id}/payments`)).body as Array<{ id: string; status: string }>;
    expect(after.find((p) => p.id === asked.body.id)?.status).toBe('cancelled');
    const looked = (await world.anonymous.get(`/public/dossiers/${code}?secret=${secret}`)).body;
    expect(looked.nationalStatus).toBe(9);
    expect(looked.payment ?? null).toBeNull();
  });

  it('returned; the citizen rates once (1–3), a second rating is refused; managers see it per agency and officer', async () => {
    const back = await world.as('commune.return');
    const handover = (await back.get(`/dossiers/${id}`)).body.tasks.find((t: any) => t.stepId === 'Return' && t.state === 'open');
    const early = await world.anonymous.post(`/public/dossiers/${code}/rating?secret=${secret}`, { score: 3 });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('NOT_RETURNED');
    expect((await back.post(`/tasks/${handover.id}/complete`, {})).status).toBe(200);
    expect((await world.anonymous.get(`/public/dossiers/${code}?secret=${secret}`)).body).toMatchObject({ status: 'returned', nationalStatus: 10, canRate: true });
    expect((await world.anonymous.post(`/public/dossiers/${code}/rating?secret=wrong`, { score: 3 })).status).toBe(404);
    const rated = await world.anonymous.post(`/public/dossiers/${code}/rating?secret=${secret}`, { score: 3, comment: 'Cán bộ nhiệt tình' });
    expect(rated.status).toBe(201);
    const twice = await world.anonymous.post(`/public/dossiers/${code}/rating?secret=${secret}`, { score: 1 });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('ALREADY_RATED');
    expect((await world.anonymous.get(`/public/dossiers/${code}?secret=${secret}`)).body).toMatchObject({ canRate: false, rating: { score: 3 } });
    const report = (await (await world.as('commune.manager')).get('/ratings')).body;
    expect(report.perAgency).toEqual([expect.objectContaining({ agencyCode: COMMUNE, count: 1, average: 3 })]);
    expect(report.perOfficer.map((o: any) => o.username).sort()).toEqual(expect.arrayContaining(['commune.leader', 'commune.specialist', 'commune.return']));
  });

  it('the webhook that failed twice got every status change once, in order, signed, with the national status; the dossier is synced', async () => {
    // The result ready (9), the online fee requested (6) and paid (9), the cash fee (9), a second
    // online request (6) settled in cash at the desk (9), the return (10).
    const statuses = ['submitted', 'processing', 'awaitingSupplement', 'processing', 'awaitingReturn', 'awaitingReturn', 'awaitingReturn', 'awaitingReturn', 'awaitingReturn', 'awaitingReturn', 'returned'];
    const delivered = await until('every event delivered', () => {
      const ok = hook.received.slice(2).filter((r) => r.json?.dossier?.id === id);
      return ok.length >= 13 ? ok : null;
    });
    for (const r of hook.received) {
      expect(r.headers['x-motcua-signature']).toBe(`sha256=${createHmac('sha256', HOOK_SECRET).update(r.body).digest('hex')}`);
    }
    // The two failed attempts were retried: each event id is delivered successfully once.
    const ids = delivered.map((r) => r.json.id);
    expect(new Set(ids).size).toBe(ids.length);
    const seen = delivered.filter((r) => r.json.event === 'dossier.status').map((r) => [r.json.dossier.status, r.json.dossier.nationalStatus]);
    expect(seen.map(([s]) => s)).toEqual(statuses);
    expect(seen.map(([, n]) => n)).toEqual([1, 4, 5, 4, 9, 6, 9, 9, 6, 9, 10]);
    expect(delivered.filter((r) => r.json.event === 'dossier.result').map((r) => r.json.dossier.status)).toEqual(['awaitingReturn', 'returned']);
    const sync = await until('synced', async () => {
      const row = await world.running.knex('dossier_sync').where({ dossier_id: id }).first();
      return row?.state === 'sent' ? row : null;
    });
    expect(sync.state).toBe('sent');
  });

  it('the SMTP server received the four mails in Vietnamese: received, supplement, apology, result ready', async () => {
    const mails = await until('four mails', () => {
      const mine = world.smtp.mails.filter((m) => m.to === 'mai@example.vn');
      return mine.length >= 4 ? mine : null;
    });
    const subjects = mails.map((m) => m.subject);
    expect(subjects).toEqual([
      `Hồ sơ ${code} đã được tiếp nhận`,
      `Hồ sơ ${code} cần bổ sung giấy tờ`,
      `Thư xin lỗi: hồ sơ ${code} chậm so với ngày hẹn`,
      `Hồ sơ ${code} đã có kết quả`,
    ]);
    expect(mails[0].text).toContain('ngày 16 tháng 11 năm 2026');
    expect(mails[1].text).toContain('Giấy chứng sinh (bản chính)');
    expect(mails[2].text).toContain('16 giờ 00 phút, ngày 18 tháng 11 năm 2026');
    expect(mails[3].text).toContain('Mời ông/bà đến nhận kết quả tại');
    // The refused filing's citizen asked for e-mail too, but was never received: no mail.
    expect(world.smtp.mails.filter((m) => m.to === 'khac@example.vn')).toEqual([]);
  });

  it('the national portal hands over a dossier: signed, idempotent on its id', async () => {
    const filing = { portalId: 'G22.999-261116-0001', procedureKey: BIRTH, competentAgency: COMMUNE, applicant: applicant('portal@example.vn') };
    const forged = await world.anonymous.signed('/integrations/portal/dossiers', 'wrong-secret', filing);
    expect(forged.status).toBe(401);
    const first = await world.anonymous.signed('/integrations/portal/dossiers', PORTAL_SECRET, filing);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ status: 'submitted', portalId: filing.portalId });
    const again = await Promise.all([1, 2, 3].map(() => world.anonymous.signed('/integrations/portal/dossiers', PORTAL_SECRET, filing)));
    for (const reply of again) {
      expect(reply.status).toBe(200);
      expect(reply.body.id).toBe(first.body.id);
    }
    expect(Number((await world.running.knex('inbound_filings').count({ n: '*' }).first())!.n)).toBe(1);
    const event = await until('the portal id on the webhook', () => hook.received.find((r) => r.json?.dossier?.id === first.body.id));
    expect(event.json.dossier).toMatchObject({ portalId: filing.portalId, nationalStatus: 1 });
  });
});
