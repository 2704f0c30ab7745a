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
    expect(JSON.parse(text)).toEqual({
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
    });
    // No officer, no history detail: not the assignee, not the apology's wording.
    for (const secretive of ['tax.specialist', 'Vũ Văn Tài', 'tax.head', APOLOGY_REASON, B.id, B.lookupSecret]) {
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

  it(`refuses the ${PUBLIC_LOOKUP_LIMIT.limit + 1}th lookup of a minute from one address with 429 and the standard error shape`, async () => {
    const { J } = s.dossiers;
    const statuses: number[] = [];
    let refused: Awaited<ReturnType<typeof lookup>> | null = null;
    while (spent < PUBLIC_LOOKUP_LIMIT.limit) statuses.push((await lookup(J.code, J.lookupSecret)).status);
    expect(statuses.every((st) => st === 200)).toBe(true);
    refused = await lookup(J.code, J.lookupSecret);
    expect(refused.status).toBe(429);
    expect(JSON.parse(refused.text)).toMatchObject({ error: { code: 'TOO_MANY_REQUESTS', details: { limit: 30, windowSeconds: 60 } } });
    expect(refused.headers.get('ratelimit-policy')).toContain('q=30');
    // The staff API is not throttled by the citizens' limit.
    expect((await get(s, '/api/health')).status).toBe(200);
  });
});
