// The Circular 01/2018/TT-VPCP papers, printed through the real server from dossiers
// driven through the real service: the receipt (Mẫu 01) with its QR code, the
// supplement request (02), the rejection (03), the apology (04) and the process control
// slip (05) with every hand-over and its mark.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets, type TestDatabase } from '../support/databases.js';
import { APOLOGY_REASON, APPLICANT_A, REJECTION_REASON, SUPPLEMENT_ITEMS_K, buildScenario, get, type Scenario } from './scenario.js';

/** The control slip's rows, in order: step id and mark (early / onTime / late, or open / cancelled). */
function slipRows(page: string): Array<{ step: string; mark: string; html: string }> {
  return [...page.matchAll(/<tr class="handover" data-kind="[a-z]+" data-step="([^"]+)" data-mark="([^"]+)">([\s\S]*?)<\/tr>/g)].map(
    (m) => ({ step: m[1], mark: m[2], html: m[3] }),
  );
}

describe.each(databaseTargets)('papers on $kind', (target) => {
  let db: TestDatabase;
  let s: Scenario;
  let reception: string;

  beforeAll(async () => {
    db = await target.open();
    s = await buildScenario(db);
    reception = await s.token('commune.reception');
  }, 120_000);
  afterAll(async () => {
    await s?.close();
    await db?.cleanup();
  });

  const paper = async (dossier: string, form: string, token = reception, query = '') => {
    const res = await get(s, `/api/dossiers/${dossier}/forms/${form}${query}`, token);
    return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
  };

  it('prints the receipt (Mẫu 01): agency heading, motto, code, times to the minute, documents, where to collect', async () => {
    const { A } = s.dossiers;
    const { status, type, text } = await paper(A.id, 'receipt');
    expect(status).toBe(200);
    expect(type).toBe('text/html; charset=utf-8');
    expect(text).toMatch(/^<!DOCTYPE html>/);
    expect(text).toContain('@page { size: A5 portrait');
    // Parent agency above the agency, the desk, beside the national motto.
    expect(text).toMatch(/UBND thành phố Kon Tum[\s\S]*UBND phường Quyết Thắng[\s\S]*BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ/);
    expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(text).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(text).toContain('<h1>Giấy tiếp nhận hồ sơ và hẹn trả kết quả</h1>');
    expect(text).toContain('Mẫu số 01 — Thông tư 01/2018/TT-VPCP');
    expect(text).toContain(`Số: ${A.code.slice(-4)}/GTN-HKQ`);
    expect(text).toContain(A.code);
    expect(text).toContain('Đăng ký biến động quyền sử dụng đất');
    expect(text).toContain('10 ngày làm việc');
    expect(text).toContain('<span class="received-at">09 giờ 00 phút, ngày 12 tháng 11 năm 2026</span>');
    // The supplement moved the appointment by the 2 working days the citizen took.
    expect(text).toContain('<span class="appointment-at">09 giờ 00 phút, ngày 30 tháng 11 năm 2026</span>');
    expect(text).toContain('hẹn ban đầu: 09 giờ 00 phút, ngày 26 tháng 11 năm 2026');
    expect(text).toContain('Giấy chứng nhận quyền sử dụng đất');
    expect(text).toContain('Hợp đồng chuyển nhượng có công chứng');
    expect(text).toContain('Bổ sung ngày 14:00 17/11/2026: Sổ hộ khẩu');
    expect(text).toContain('Đăng ký nhận kết quả tại:</span> Bộ phận tiếp nhận và trả kết quả UBND phường Quyết Thắng');
    expect(text).toContain('Nguyễn Thị Lan'); // commune.reception, who received it
    expect(text).toContain('Tổ 3, phường Quyết Thắng');
  });

  it('puts the lookup link on the receipt as text and as an inline SVG QR code', async () => {
    const { A } = s.dossiers;
    const { text } = await paper(A.id, 'receipt');
    const link = `${s.running.url}/tra-cuu?code=${A.code}&amp;secret=${A.lookupSecret}`;
    expect(text).toContain(`<span class="lookup-url">${link}</span>`);
    expect(text).toContain(`<strong class="lookup-secret">${A.lookupSecret}</strong>`);
    expect(text).toMatch(/<div class="qr"><svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*viewBox="0 0 \d+ \d+"[\s\S]*<path[\s\S]*<\/svg>/);
    // Self-contained: nothing to fetch when printing offline.
    expect(text).not.toMatch(/<(script|link|img)\b/i);
  });

  it('escapes the applicant name on every paper that prints it', async () => {
    const { A } = s.dossiers;
    for (const form of ['receipt', 'supplement-request', 'control-slip']) {
      const { status, text } = await paper(A.id, form);
      expect(status, form).toBe(200);
      expect(text, form).not.toContain('<script>');
      expect(text, form).not.toContain(APPLICANT_A.name);
    }
    const { text } = await paper(A.id, 'receipt');
    expect(text).toContain('Nguyễn &lt;script&gt;alert(1)&lt;/script&gt; An');
  });

  it('prints on A4 when asked, A5 otherwise', async () => {
    const a4 = await paper(s.dossiers.A.id, 'receipt', reception, '?paper=A4');
    expect(a4.text).toContain('@page { size: A4 portrait');
    expect(a4.text).toContain('width: 210mm');
    const bad = await paper(s.dossiers.A.id, 'receipt', reception, '?paper=Letter');
    expect(bad.status).toBe(400);
  });

  it('lists every hand-over on the control slip (Mẫu 05), with due and done times and its mark', async () => {
    const { text, status } = await paper(s.dossiers.A.id, 'control-slip');
    expect(status).toBe(200);
    const rows = slipRows(text);
    expect(rows.map((r) => [r.step, r.mark])).toEqual([
      ['Receive', 'onTime'],
      ['Examine', 'onTime'],
      ['Tax', 'late'],
      ['Review', 'early'],
      ['Sign', 'onTime'],
      ['Return', 'late'],
      ['return', 'early'],
    ]);
    const [receive, examine, tax, review, , ret, toCitizen] = rows;
    // Received 12 Nov 09:00 by the desk, due four working hours later, done at 10:00.
    expect(receive.html).toMatch(/09:00 12\/11\/2026[\s\S]*15:00 12\/11\/2026[\s\S]*10:00 12\/11\/2026[\s\S]*Đúng hạn/);
    // The pause for the supplement moved the examination's due time by the citizen's two days.
    expect(examine.html).toContain('18/11/2026');
    expect(examine.html).toContain('Tạm dừng chờ bổ sung hồ sơ từ 14:00 13/11/2026 đến 14:00 17/11/2026');
    // The hop: from the commune's specialist to the tax office, due 23 Nov 09:00, done late on the 24th.
    expect(tax.html).toMatch(/Trần Văn Hùng[\s\S]*UBND phường Quyết Thắng[\s\S]*Vũ Văn Tài[\s\S]*Chi cục Thuế thành phố Kon Tum/);
    expect(tax.html).toMatch(/09:00 18\/11\/2026[\s\S]*09:00 23\/11\/2026[\s\S]*10:00 24\/11\/2026[\s\S]*Quá hạn/);
    // …and back from the tax office to the commune's head.
    expect(review.html).toMatch(/Vũ Văn Tài[\s\S]*Chi cục Thuế thành phố Kon Tum[\s\S]*Lê Thị Mai[\s\S]*Trước hạn/);
    expect(ret.html).toMatch(/15:00 25\/11\/2026[\s\S]*10:00 26\/11\/2026[\s\S]*Quá hạn/);
    // The last hand-over: the result to the applicant, judged against the appointment.
    expect(toCitizen.html).toMatch(/Hoàng Thị Hoa[\s\S]*Tổ chức, cá nhân: Nguyễn &lt;script&gt;[\s\S]*09:00 30\/11\/2026[\s\S]*10:00 26\/11\/2026[\s\S]*Trước hạn/);
    expect(text).toContain('Cơ quan phối hợp giải quyết hồ sơ:</span> Chi cục Thuế thành phố Kon Tum');
  });

  it('shows an open step on the control slip as in progress, and overdue once past its due time', async () => {
    const { text } = await paper(s.dossiers.B.id, 'control-slip');
    const rows = slipRows(text);
    expect(rows.map((r) => [r.step, r.mark])).toEqual([
      ['Receive', 'onTime'],
      ['Examine', 'early'],
      ['Tax', 'open'],
    ]);
    expect(rows[2].html).toContain('Vũ Văn Tài');
    expect(rows[2].html).toContain('Đang xử lý — đã quá hạn');
  });

  it('prints the supplement request (Mẫu 02): the missing items, the reason, the officer', async () => {
    const a = await paper(s.dossiers.A.id, 'supplement-request');
    expect(a.status).toBe(200);
    expect(a.text).toContain('<ol class="missing-items"><li>Sổ hộ khẩu</li></ol>');
    expect(a.text).toContain('Thiếu sổ hộ khẩu để đối chiếu');
    expect(a.text).toContain('Trần Văn Hùng');
    expect(a.text).toContain('14 giờ 00 phút, ngày 13 tháng 11 năm 2026');
    expect(a.text).toContain('Hồ sơ đã được bổ sung lúc 14 giờ 00 phút, ngày 17 tháng 11 năm 2026');
    const k = await paper(s.dossiers.K.id, 'supplement-request');
    expect(k.text).toContain('<li>Bản chính giấy khai sinh</li><li>Tờ khai &lt;có chữ ký&gt;</li>');
    expect(k.text).not.toContain(SUPPLEMENT_ITEMS_K[1]);
  });

  it('prints the rejection (Mẫu 03) with its reason, and answers 409 for a dossier never rejected', async () => {
    const e = await paper(s.dossiers.E.id, 'rejection');
    expect(e.status).toBe(200);
    expect(e.text).toContain(`<p class="reason">${REJECTION_REASON}</p>`);
    expect(e.text).toContain('Phiếu từ chối tiếp nhận giải quyết hồ sơ');
    const a = await paper(s.dossiers.A.id, 'rejection');
    expect(a.status).toBe(409);
    expect(JSON.parse(a.text)).toMatchObject({ error: { code: 'FORM_NOT_AVAILABLE', details: { form: 'rejection' } } });
  });

  it('prints the apology (Mẫu 04) from the agency at fault with the new appointment; 409 when none was issued', async () => {
    const b = await paper(s.dossiers.B.id, 'apology', await s.token('tax.head'));
    expect(b.status).toBe(200);
    expect(b.text).toContain(APOLOGY_REASON);
    expect(b.text).toContain('<span class="new-appointment">09 giờ 00 phút, ngày 03 tháng 12 năm 2026</span>');
    expect(b.text).toContain('<span class="previous-appointment">09 giờ 30 phút, ngày 26 tháng 11 năm 2026</span>');
    // Headed by the tax office under the city, without the commune desk's line.
    expect(b.text).toMatch(/<div class="parent">UBND thành phố Kon Tum<\/div>\s*<div class="agency-name">Chi cục Thuế thành phố Kon Tum<\/div>\s*<span class="rule">/);
    const a = await paper(s.dossiers.A.id, 'apology');
    expect(a.status).toBe(409);
    expect(JSON.parse(a.text).error.code).toBe('FORM_NOT_AVAILABLE');
    const noSupplement = await paper(s.dossiers.C.id, 'supplement-request');
    expect(noSupplement.status).toBe(409);
  });

  it('answers 404 for an unknown form, an unknown dossier, or one the caller may not see; 401 without a token', async () => {
    const { A, X } = s.dossiers;
    const unknown = await paper(A.id, 'register');
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.text).error.code).toBe('FORM_NOT_FOUND');
    expect((await paper('no-such-dossier', 'receipt')).status).toBe(404);
    // The second commune's dossier is not the first commune's business…
    const foreign = await paper(X.id, 'receipt');
    expect(foreign.status).toBe(404);
    expect(foreign.text).not.toContain(X.code);
    // …nor is the commune's dossier the land office's; the tax office worked on it, so it may print it.
    expect((await paper(A.id, 'control-slip', await s.token('land.specialist'))).status).toBe(404);
    expect((await paper(A.id, 'control-slip', await s.token('tax.specialist'))).status).toBe(200);
    expect((await get(s, `/api/dossiers/${A.id}/forms/receipt`)).status).toBe(401);
  });
});
