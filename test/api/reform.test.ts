// Issue 15, the 2025 reform, over real HTTP on SQLite and PostgreSQL (DOMAIN.md "Since 1
// July 2025"; Decree 118/2025/NĐ-CP):
// - a commune procedure received at another commune's center: the competent commune's
//   staff do every step of theirs, the receiving center returns it, and each sees what
//   they should and nothing else;
// - two communes merged while 20 dossiers are open: every deadline, code and history row
//   intact, the merged commune's staff finish them, the dashboard's period unchanged.
// The test builds its own province (agencies and accounts through the admin API), so it
// depends on no demo data.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyHistory } from '../../server/store/history.js';
import { databaseTargets } from '../support/databases.js';
import { APPLICANT, openTask, startApi, vn, type ApiServer, type Caller } from './support.js';

const xml = readFileSync(new URL('../engine/dossier/fixtures/commune-province-wide.bpmn', import.meta.url), 'utf8');
/** The same procedure, received only at the competent commune's own desk. */
const ownDeskXml = xml.replace('id="commune_certify"', 'id="commune_own_desk" mc:intake="competent"');

const PROVINCE = '000.00.00.T99';
const W1 = '000.00.01.T99';
const W2 = '000.00.02.T99';
const W3 = '000.00.03.T99';
const W4 = '000.00.04.T99';
const ELSEWHERE = '000.00.00.T98';
const ELSEWHERE_COMMUNE = '000.00.01.T98';
const WARDS = { w1: W1, w2: W2, w3: W3, w4: W4 } as const;
const ROLES = ['reception', 'specialist', 'leader', 'return', 'manager'] as const;

describe.each(databaseTargets)('the 2025 reform over HTTP on $kind', (target) => {
  let api: ApiServer;
  const as = (who: string) => api.as(who);
  /** Tokens age with the test's clock: signed in again when the walk has gone past its life. */
  let admin: Caller;
  const adminNow = async () => (admin = await api.as('admin'));

  beforeAll(async () => {
    api = await startApi(target, vn('2026-11-12 08:00'));
    admin = await api.as('admin');
    const agencies = [
      { code: PROVINCE, name: 'UBND tỉnh Thử Nghiệm', level: 'province' },
      { code: W1, name: 'UBND phường Một', level: 'commune', parentCode: PROVINCE },
      { code: W2, name: 'UBND phường Hai', level: 'commune', parentCode: PROVINCE },
      { code: W3, name: 'UBND phường Ba', level: 'commune', parentCode: PROVINCE },
      { code: W4, name: 'UBND xã Bốn', level: 'commune', parentCode: PROVINCE },
      { code: ELSEWHERE, name: 'UBND tỉnh Khác', level: 'province' },
      { code: ELSEWHERE_COMMUNE, name: 'UBND xã Khác', level: 'commune', parentCode: ELSEWHERE },
    ];
    for (const agency of agencies) expect((await admin.post('/agencies', agency)).status).toBe(201);
    for (const [ward, code] of Object.entries(WARDS)) {
      for (const role of ROLES) {
        const reply = await admin.post('/users', { username: `${ward}.${role}`, password: 'demo123', fullName: `${ward} ${role}`, agencyCode: code, roles: [role] });
        expect(reply.status).toBe(201);
      }
    }
    for (const bpmn of [xml, ownDeskXml]) expect((await admin.request('POST', '/procedures', { raw: bpmn })).status).toBe(201);
  });
  afterAll(async () => {
    await api?.close();
  });

  async function complete(who: string, dossierId: string, stepId: string) {
    const caller = await as(who);
    const dossier = (await caller.get(`/dossiers/${dossierId}`)).body;
    return caller.post(`/tasks/${openTask(dossier, stepId).id}/complete`, {});
  }

  describe('received at one ward, decided by another', () => {
    let id: string;

    beforeAll(async () => {
      api.clock.set(vn('2026-11-12 09:00'));
      const received = await (await as('w1.reception')).post('/dossiers', { procedureKey: 'commune_certify', applicant: APPLICANT, competentAgency: W2 });
      expect(received.status).toBe(201);
      id = received.body.id;
      // The receipt completed the desk's check step: the dossier is already with the competent ward.
      expect(received.body).toMatchObject({ agencyCode: W1, competentAgency: W2, returnAt: W1, holdingAgency: W2, status: 'processing', nationalStatus: 4 });
      // The code carries the receiving center.
      expect(received.body.code.startsWith(`${W1}-261112-`)).toBe(true);
    });

    it('is seen by the competent ward from intake, by nobody else', async () => {
      expect((await (await as('w2.specialist')).get(`/dossiers/${id}`)).status).toBe(200);
      expect((await (await as('w2.manager')).get('/dossiers')).body.items.map((d: { id: string }) => d.id)).toContain(id);
      const outsider = await as('w3.specialist');
      expect((await outsider.get(`/dossiers/${id}`)).status).toBe(404);
      expect((await outsider.get('/dossiers')).body.total).toBe(0);
      expect((await (await as('w3.manager')).get(`/dossiers/${id}/forms/receipt`)).status).toBe(404);
    });

    it('runs the competent ward’s steps there and returns at the receiving desk', async () => {
      api.clock.set(vn('2026-11-12 10:00'));
      // The desk's receipt completed its own check step (issue 20): the dossier went on at once.
      const atW2 = (await (await as('w2.specialist')).get(`/dossiers/${id}`)).body;
      expect(openTask(atW2, 'Examine').agencyCode).toBe(W2);
      expect(atW2).toMatchObject({ holdingAgency: W2, status: 'processing' });
      // The hop from the receiving center to the competent ward is on record.
      expect(atW2.history.map((h: { type: string }) => h.type)).toContain('transferred');
      // The receiving ward's specialist cannot do the competent ward's step.
      const w1Try = await (await as('w1.specialist')).post(`/tasks/${openTask(atW2, 'Examine').id}/complete`, {});
      expect(w1Try.status).toBe(403);
      expect(w1Try.body.error.code).toBe('WRONG_AGENCY');
      // The competent ward's inbox has it.
      const inbox = (await (await as('w2.specialist')).get('/tasks')).body.items;
      expect(inbox.map((t: { dossierId: string }) => t.dossierId)).toContain(id);
      api.clock.set(vn('2026-11-13 09:00'));
      expect((await complete('w2.specialist', id, 'Examine')).status).toBe(200);
      expect((await complete('w2.leader', id, 'Sign')).status).toBe(200);
      const ready = (await (await as('w1.return')).get(`/dossiers/${id}`)).body;
      expect(ready).toMatchObject({ status: 'awaitingReturn', holdingAgency: W1, nationalStatus: 9 });
      expect(openTask(ready, 'Return').agencyCode).toBe(W1);
      // The competent ward does not hand the result over: the citizen collects it where they chose.
      const wrongDesk = await (await as('w2.return')).post(`/dossiers/${id}/return`, {});
      expect(wrongDesk.status).toBe(403);
      expect(wrongDesk.body.error).toMatchObject({ code: 'WRONG_AGENCY', messageKey: 'WRONG_AGENCY.returnDesk' });
      const returned = await (await as('w1.return')).post(`/dossiers/${id}/return`, {});
      expect(returned.status).toBe(200);
      expect(returned.body).toMatchObject({ status: 'returned', result: 'early', nationalStatus: 10 });
      // Afterwards both wards still read it; the third still does not.
      expect((await (await as('w2.leader')).get(`/dossiers/${id}`)).status).toBe(200);
      expect((await (await as('w1.manager')).get(`/dossiers/${id}`)).status).toBe(200);
      expect((await (await as('w3.leader')).get(`/dossiers/${id}`)).status).toBe(404);
    });

    it('heads the papers with the receiving center and the competent agency', async () => {
      const receipt = await (await as('w2.specialist')).get(`/dossiers/${id}/forms/receipt`);
      expect(receipt.status).toBe(200);
      expect(receipt.body).toContain('UBND phường Một');
      expect(receipt.body).toContain('UBND phường Hai');
    });
  });

  describe('what intake may choose', () => {
    const receive = async (who: string, body: Record<string, unknown>) =>
      (await as(who)).post('/dossiers', { procedureKey: 'commune_certify', applicant: APPLICANT, ...body });

    it('refuses a competent agency outside the province, of another level, or unknown', async () => {
      const other = await receive('w1.reception', { competentAgency: ELSEWHERE_COMMUNE });
      expect(other.status).toBe(422);
      expect(other.body.error).toMatchObject({ code: 'AGENCY_NOT_ELIGIBLE', messageKey: 'AGENCY_NOT_ELIGIBLE.province' });
      const level = await receive('w1.reception', { competentAgency: PROVINCE });
      expect(level.status).toBe(422);
      expect(level.body.error.messageKey).toBe('AGENCY_NOT_ELIGIBLE.level');
      expect((await receive('w1.reception', { competentAgency: '000.99.99.T99' })).body.error.code).toBe('AGENCY_NOT_FOUND');
      expect((await receive('w1.reception', { returnAt: ELSEWHERE_COMMUNE })).status).toBe(422);
      expect((await receive('w1.reception', { returnAt: 'not a code!' })).status).toBe(422);
    });

    it('with mc:intake="competent", receives only at the competent agency’s own desk', async () => {
      const elsewhere = await (await as('w1.reception')).post('/dossiers', { procedureKey: 'commune_own_desk', applicant: APPLICANT, competentAgency: W2 });
      expect(elsewhere.status).toBe(403);
      expect(elsewhere.body.error.messageKey).toBe('WRONG_AGENCY.intake');
      const own = await (await as('w2.reception')).post('/dossiers', { procedureKey: 'commune_own_desk', applicant: APPLICANT });
      expect(own.status).toBe(201);
      expect(own.body.competentAgency).toBe(W2);
    });

    it('returns where the citizen chose: another center, or by post from the receiving desk', async () => {
      api.clock.set(vn('2026-11-16 09:00'));
      const atW3 = await receive('w1.reception', { competentAgency: W2, returnAt: W3 });
      expect(atW3.status).toBe(201);
      expect(atW3.body.returnAt).toBe(W3);
      const id = atW3.body.id;
      await complete('w2.specialist', id, 'Examine');
      await complete('w2.leader', id, 'Sign');
      const ready = (await (await as('w3.return')).get(`/dossiers/${id}`)).body;
      expect(openTask(ready, 'Return').agencyCode).toBe(W3);
      expect((await (await as('w1.return')).post(`/dossiers/${id}/return`, {})).status).toBe(403);
      expect((await (await as('w3.return')).post(`/dossiers/${id}/return`, {})).body.status).toBe('returned');
      const byPost = await receive('w1.reception', { competentAgency: W2, returnAt: 'post' });
      expect(byPost.body).toMatchObject({ returnAt: 'post', competentAgency: W2 });
    });
  });

  describe('two communes merged while 20 dossiers are open', () => {
    const ids: string[] = [];
    const period = '/dashboard?from=2026-11-01&to=2026-11-20';
    const counters = (d: any) => ({
      totals: d.totals,
      byAgency: d.byAgency,
      byProcedure: d.byProcedure,
      // An officer's agency is where the account is now (the merge moved it); the numbers are the period's.
      byOfficer: d.byOfficer.map(({ agencyCode: _now, ...numbers }: any) => numbers),
    });
    let before: any;
    let views: Map<string, any>;
    /** w4.specialist as signed in before the merge. */
    let oldSession: Caller;

    beforeAll(async () => {
      // W4 receives ten of its own, W3 receives ten for W4; each moves some way on.
      for (let i = 0; i < 20; i++) {
        api.clock.set(vn(`2026-11-${i < 10 ? 17 : 18} ${String(8 + (i % 8)).padStart(2, '0')}:15`));
        const desk = i < 10 ? 'w4.reception' : 'w3.reception';
        const reply = await (await as(desk)).post('/dossiers', { procedureKey: 'commune_certify', applicant: { ...APPLICANT, name: `Công dân ${i}` }, competentAgency: W4 });
        expect(reply.status).toBe(201);
        ids.push(reply.body.id);
        if (i % 3 === 0) {
          const specialist = await as('w4.specialist');
          const task = openTask((await specialist.get(`/dossiers/${reply.body.id}`)).body, 'Examine');
          expect((await specialist.post(`/tasks/${task.id}/claim`)).status).toBe(200);
        }
        if (i % 4 === 1) await complete('w4.specialist', reply.body.id, 'Examine');
      }
      // After the period: the numbers of 1–20 November are history.
      api.clock.set(vn('2026-11-23 08:00'));
      await adminNow();
      before = counters((await admin.get(period)).body);
      views = new Map();
      for (const id of ids) views.set(id, (await admin.get(`/dossiers/${id}`)).body);
    });

    it('moves users, open tasks and held dossiers, and keeps every code, deadline and history row', async () => {
      api.clock.set(vn('2026-11-23 09:00'));
      await adminNow();
      oldSession = await api.as('w4.specialist', 'demo123');
      expect((await oldSession.get('/auth/me')).body.agencyCode).toBe(W4);
      const merged = await admin.post(`/agencies/${W4}/merge`, { into: W3 });
      expect(merged.status).toBe(200);
      expect(merged.body.agency).toMatchObject({ code: W4, name: 'UBND xã Bốn', mergedInto: W3 });
      expect(merged.body.users.sort()).toEqual(ROLES.map((r) => `w4.${r}`).sort());
      expect(merged.body.dossiers.sort()).toEqual([...ids].sort());
      for (const id of ids) {
        const was = views.get(id);
        const now = (await admin.get(`/dossiers/${id}`)).body;
        expect(now.code).toBe(was.code);
        expect(now.agencyCode).toBe(was.agencyCode);
        expect(now.competentAgency).toBe(W4);
        expect(now.appointmentAt).toBe(was.appointmentAt);
        expect(now.holdingAgency).toBe(W3);
        for (const task of was.tasks) {
          const same = now.tasks.find((t: { id: string }) => t.id === task.id);
          expect(same).toMatchObject({ dueAt: task.dueAt, startedAt: task.startedAt, assignee: task.assignee, state: task.state });
          expect(same.agencyCode).toBe(task.state === 'open' ? W3 : task.agencyCode);
        }
        // Appended to, never rewritten (the scheduler may append a warning of its own meanwhile).
        expect(now.history.slice(0, was.history.length)).toEqual(was.history);
        expect(now.history.slice(was.history.length)).toContainEqual(
          expect.objectContaining({ type: 'agencyMerged', actor: 'admin', details: expect.objectContaining({ fromAgency: W4, toAgency: W3 }) }),
        );
      }
      const chain = await verifyHistory(api.db.knex);
      expect(chain.broken).toBeNull();
      // The old commune stays readable under its own name, and receives nothing more.
      const tree = (await admin.get('/agencies')).body.items;
      expect(tree.find((a: { code: string }) => a.code === W4)).toMatchObject({ name: 'UBND xã Bốn', mergedInto: W3 });
      const refused = await (await as('w3.reception')).post('/dossiers', { procedureKey: 'commune_certify', applicant: APPLICANT, competentAgency: W4 });
      expect(refused.status).toBe(422);
      expect(refused.body.error.code).toBe('AGENCY_MERGED');
      expect((await admin.post(`/agencies/${W4}/merge`, { into: W3 })).body.error.code).toBe('AGENCY_MERGED');
      expect((await admin.post(`/agencies/${W3}/merge`, { into: W3 })).status).toBe(422);
      // The dashboard's past period has not moved.
      expect(counters((await admin.get(period)).body)).toEqual(before);
    });

    it('lets the merged commune’s staff — old and new — finish them, and still not change the past', async () => {
      api.clock.set(vn('2026-11-23 10:00'));
      await adminNow();
      // The moved accounts' tokens were revoked: they sign in again and now work for W3.
      expect((await oldSession.get('/auth/me')).status).toBe(401);
      const moved = await api.as('w4.specialist', 'demo123');
      expect((await moved.get('/auth/me')).body.agencyCode).toBe(W3);
      for (const [i, id] of ids.entries()) {
        const dossier = (await moved.get(`/dossiers/${id}`)).body;
        const examine = dossier.tasks.find((t: { stepId: string; state: string }) => t.stepId === 'Examine' && t.state === 'open');
        if (examine) {
          // Claimed before the merge by w4.specialist: still theirs; the others by a W3 specialist.
          const who = examine.assignee ? moved : await as('w3.specialist');
          expect((await who.post(`/tasks/${examine.id}/complete`, {})).status).toBe(200);
        }
        expect((await complete(i % 2 === 0 ? 'w3.leader' : 'w4.leader', id, 'Sign')).status).toBe(200);
        const ready = (await admin.get(`/dossiers/${id}`)).body;
        // Received at W4 (merged): returned at its successor's desk; received at W3: at W3.
        expect(openTask(ready, 'Return').agencyCode).toBe(W3);
        const returned = await (await as('w3.return')).post(`/dossiers/${id}/return`, {});
        expect(returned.status).toBe(200);
        expect(returned.body.status).toBe('returned');
      }
      // A clerk of W3 finds the merged commune's dossiers, open or closed.
      expect((await (await as('w3.specialist')).get('/dossiers?limit=200')).body.items.map((d: { id: string }) => d.id)).toEqual(expect.arrayContaining(ids));
      // The period's counters stay. (Per officer, a step open and overdue at the period's end
      // counts under whoever holds it now — unassigned ones under nobody — so finishing them
      // moves those rows, merge or no merge; the merge itself moved none, as checked above.)
      const after = counters((await admin.get(period)).body);
      expect({ ...after, byOfficer: undefined }).toEqual({ ...before, byOfficer: undefined });
      expect((await verifyHistory(api.db.knex)).broken).toBeNull();
    });
  });

  it('renames an agency and keeps its code', async () => {
    await adminNow();
    const renamed = await admin.request('PATCH', `/agencies/${W1}`, { body: { name: 'UBND phường Một (mới)' } });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ code: W1, name: 'UBND phường Một (mới)', mergedInto: null });
  });
});
