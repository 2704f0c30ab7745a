// The citizen's lookup (CONTRACT.md §3): no login, the code and the secret from the
// receipt; where the dossier stands, never anything personal; the same 404 for a wrong
// code and a wrong secret; throttled per address.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUBLIC_LOOKUP_LIMIT } from '../../server/routes/public.js';
import { databaseTargets, type TestDatabase } from '../support/databases.js';
import { APOLOGY_REASON, APPLICANT_A, SUPPLEMENT_ITEMS_K, buildScenario, get, type Scenario } from './scenario.js';

describe.each(databaseTargets)('the citizen lookup on $kind', (target) => {
  let db: TestDatabase;
  let s: Scenario;
  /** Every lookup counts against the limit: the last test needs to know how many were spent. */
  let spent = 0;

  beforeAll(async () => {
    db = await target.open();
    s = await buildScenario(db);
  }, 120_000);
  afterAll(async () => {
    await s?.close();
    await db?.cleanup();
  });

  const lookup = async (code: string, secret?: string) => {
    spent += 1;
    const res = await get(s, `/api/public/dossiers/${encodeURIComponent(code)}${secret === undefined ? '' : `?secret=${encodeURIComponent(secret)}`}`);
    return { status: res.status, text: await res.text(), headers: res.headers };
  };

  it("tells where the dossier is: the tax office's step, the new appointment — and nothing about the people", async () => {
    const { B } = s.dossiers;
    const { status, text } = await lookup(B.code, B.lookupSecret);
    expect(status).toBe(200);
    // The fields of where it stands (more may come: the national status, payment, rating).
    expect(JSON.parse(text)).toMatchObject({
      code: B.code,
      status: 'transferred',
      statusLabel: 'Đang giải quyết tại cơ quan phối hợp',
      procedureName: 'Đăng ký biến động quyền sử dụng đất',
      currentStep: 'Xác định nghĩa vụ tài chính',
      currentSteps: ['Xác định nghĩa vụ tài chính'],
      agencyHolding: 'Chi cục Thuế thành phố Kon Tum',
      receivedAt: '2026-11-12T02:30:00.000Z',
      appointmentAt: '2026-12-03T02:00:00.000Z',
      result: null,
      resultLabel: null,
      missing: [],
      // Issue 20: an overdue dossier says so, with the apology (Mẫu 04, addressed to the
      // citizen, reason included) and the new date.
      overdue: true,
      apology: {
        at: expect.any(String),
        reason: APOLOGY_REASON,
        previousAppointmentAt: expect.any(String),
        newAppointmentAt: '2026-12-03T02:00:00.000Z',
      },
      supplement: null,
    });
    // No officer, no history detail: not the assignee, not who apologised.
    for (const secretive of ['tax.specialist', 'Vũ Văn Tài', 'tax.head', B.id, B.lookupSecret]) {
      expect(text).not.toContain(secretive);
    }
  });

  it("never shows the applicant's data, and shows a returned dossier's verdict", async () => {
    const { A } = s.dossiers;
    const { status, text } = await lookup(A.code, A.lookupSecret);
    expect(status).toBe(200);
    for (const personal of [APPLICANT_A.idNumber, APPLICANT_A.phone, 'Nguyễn', APPLICANT_A.address, 'Nguyễn Thị Lan', 'commune.']) {
      expect(text).not.toContain(personal);
    }
    expect(JSON.parse(text)).toMatchObject({
      status: 'returned',
      statusLabel: 'Đã trả kết quả',
      currentStep: null,
      agencyHolding: 'UBND phường Quyết Thắng',
      appointmentAt: '2026-11-30T02:00:00.000Z',
      result: 'early',
      resultLabel: 'Trước hạn',
    });
  });

  it('finds the dossier whatever the case a phone typed the code and the secret in, with spaces around', async () => {
    const { A } = s.dossiers;
    expect(A.code).toMatch(/H40/);
    const lower = await lookup(A.code.toLowerCase(), A.lookupSecret.toLowerCase());
    expect(lower.status).toBe(200);
    expect(JSON.parse(lower.text).code).toBe(A.code);
    const mixed = await lookup(` ${A.code.replace('H40', 'h40')} `, ` ${A.lookupSecret.slice(0, 3).toLowerCase()}${A.lookupSecret.slice(3)} `);
    expect(mixed.status).toBe(200);
    // Still one wrong character is a 404.
    const wrong = await lookup(A.code.toLowerCase(), A.lookupSecret.toLowerCase().slice(0, 5) + (A.lookupSecret.endsWith('A') ? 'b' : 'a'));
    expect(wrong.status).toBe(404);
  });

  it('lists what the citizen still has to bring while a supplement request is open', async () => {
    const { K } = s.dossiers;
    const { text } = await lookup(K.code, K.lookupSecret);
    expect(JSON.parse(text)).toMatchObject({
      status: 'awaitingSupplement',
      statusLabel: 'Chờ bổ sung, hoàn thiện hồ sơ',
      currentStep: 'Xem xét, chứng thực',
      missing: SUPPLEMENT_ITEMS_K,
      // What, why, where to bring it (the desk that received it), by when (none set here).
      supplement: {
        reason: 'Thiếu bản chính để đối chiếu',
        items: SUPPLEMENT_ITEMS_K,
        bringTo: expect.any(String),
        bringBy: null,
      },
      // Waiting for the citizen is not the agency's delay.
      overdue: false,
    });
  });

  it('answers a wrong secret, a wrong code and a missing secret with the very same 404', async () => {
    const { A, B } = s.dossiers;
    const wrongSecret = await lookup(A.code, B.lookupSecret);
    const wrongCode = await lookup(`${A.code}9`, A.lookupSecret);
    const noSecret = await lookup(A.code);
    for (const r of [wrongSecret, wrongCode, noSecret]) {
      expect(r.status).toBe(404);
      expect(r.text).toBe(wrongSecret.text);
    }
    expect(JSON.parse(wrongSecret.text)).toEqual({
      error: {
        code: 'NOT_FOUND',
        message: 'Không tìm thấy hồ sơ với mã và mã tra cứu này',
        messageEn: 'No dossier matches this code and secret',
        messageKey: 'NOT_FOUND.lookup',
        params: {},
      },
    });
  });

  it('stops guessing one dossier\'s secret after 20 wrong tries in 15 minutes, while other dossiers on the same Wi-Fi still answer', async () => {
    const { J, K } = s.dossiers;
    const { limit, windowMs } = PUBLIC_LOOKUP_LIMIT.perCode;
    for (let i = 0; i < limit; i++) expect((await lookup(J.code, `SAI${String(i).padStart(3, '0')}`)).status).toBe(404);
    // Right answers never count: the citizen of K looking ten times is not a guesser.
    for (let i = 0; i < 10; i++) expect((await lookup(K.code, K.lookupSecret)).status).toBe(200);
    const refused = await lookup(J.code.toLowerCase(), J.lookupSecret);
    expect(refused.status).toBe(429);
    expect(JSON.parse(refused.text)).toMatchObject({
      error: { code: 'TOO_MANY_REQUESTS', messageKey: 'TOO_MANY_REQUESTS.code', details: { limit, windowSeconds: windowMs / 1000 } },
    });
    expect(refused.headers.get('retry-after')).toBe(String(windowMs / 1000));
    expect((await lookup(K.code, K.lookupSecret)).status).toBe(200);
  });

  it('lets an office\'s shared address look up 600 times in 10 minutes, refusing the next with 429 and the standard error shape', async () => {
    const { K } = s.dossiers;
    const { limit, windowMs } = PUBLIC_LOOKUP_LIMIT.perAddress;
    const statuses = new Set<number>();
    while (spent < limit) statuses.add((await lookup(K.code, K.lookupSecret)).status);
    expect([...statuses]).toEqual([200]);
    const refused = await lookup(K.code, K.lookupSecret);
    expect(refused.status).toBe(429);
    expect(JSON.parse(refused.text)).toMatchObject({ error: { code: 'TOO_MANY_REQUESTS', messageKey: 'TOO_MANY_REQUESTS', details: { limit, windowSeconds: windowMs / 1000 } } });
    expect(refused.headers.get('ratelimit-policy')).toContain(`q=${limit}`);
    // The staff API is not throttled by the citizens' limit.
    expect((await get(s, '/api/health')).status).toBe(200);
  });
});
