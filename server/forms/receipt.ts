// Giấy tiếp nhận hồ sơ và hẹn trả kết quả — Circular 01/2018/TT-VPCP, Mẫu 01.
// Given to the applicant at reception: the dossier code, what was handed in, when it
// was received and when the result is due (the appointment), where to collect it, and
// how to follow it — the lookup link as text and as a QR code (the code and the short
// secret are the key of the citizen's lookup, DOMAIN.md "Dossier code").
import QRCode from 'qrcode';
import { filledFields } from '../../engine/index.js';
import type { PaperData } from '../services/papers.js';
import { agencyName, headingOf, returnPlaceLine, paperNumber, personName, receivedDocuments, supplementedItems, type ReceivedDocument } from './common.js';
import { html, raw, twoDigits, vnDate, vnDateTime, vnDuration, vnShort } from './format.js';
import { channelLabel } from './labels.js';
import { page, signatures } from './layout.js';

/** The citizen lookup page of the web app; the QR code opens it with both keys filled in. */
export function lookupUrl(origin: string, code: string, secret: string): string {
  const url = new URL('/tra-cuu', origin);
  url.searchParams.set('code', code);
  url.searchParams.set('secret', secret);
  return url.toString();
}

/** "Bản chính 01", "Bản sao chứng thực 02": the form and count of each paper handed in (Mẫu 01 marks originals and copies). */
function documentForms(d: ReceivedDocument): Array<{ label: string; count: number | null }> {
  if (d.kind === 'electronic') return [{ label: 'Bản điện tử', count: d.copies ?? d.originals }];
  const forms: Array<{ label: string; count: number | null }> = [];
  if (d.originals !== null && d.originals > 0) forms.push({ label: 'Bản chính', count: d.originals });
  if (d.copies !== null && d.copies > 0) forms.push({ label: d.kind === 'certified-copy' ? 'Bản sao chứng thực' : 'Bản sao', count: d.copies });
  return forms;
}

/**
 * The legal time limit as the receipt states it. A same-day procedure (`P0D`, birth
 * registration) says so, and with its cutoff when it has one: received after it, the
 * result comes the next working day (mc:cutoff).
 */
function timeLimitLine(procedure: PaperData['procedure']): string {
  const limit = vnDuration(procedure.timeLimit, procedure.dayCount);
  if (limit !== 'trong ngày') return limit;
  const cutoff = procedure.cutoff?.replace(':', ' giờ ');
  return cutoff
    ? `trong ngày làm việc (hồ sơ nhận sau ${cutoff} phút được trả kết quả trong ngày làm việc tiếp theo)`
    : 'trong ngày làm việc';
}

export async function renderReceipt(data: PaperData): Promise<string> {
  const { dossier, state, procedure } = data;
  const applicant = dossier.applicant;
  const receiver = data.events.find((e) => e.type === 'received')?.actor ?? null;
  const documents = receivedDocuments(data);
  const supplements = supplementedItems(data);
  const link = lookupUrl(data.origin, dossier.code, dossier.lookupSecret);
  // SVG, not a PNG data URL: it stays sharp at any printer resolution and needs no canvas.
  const qrSvg = await QRCode.toString(link, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
  const desk = agencyName(data, dossier.receivingAgency);
  const address = typeof applicant.address === 'string' ? applicant.address : '';
  const moved = state.appointmentAt !== state.originalAppointmentAt;
  // The procedure's particulars (`<mc:field>`: a birth registration's child), on one line to keep A5 to one page.
  const particulars = filledFields(procedure.fields, state.data);

  const body = html`
<p><span class="field">Mã hồ sơ:</span> <strong class="dossier-code">${dossier.code}</strong></p>
<p>Bộ phận tiếp nhận và trả kết quả ${desk} tiếp nhận hồ sơ của:</p>
<p><span class="field">Ông/Bà:</span> <span class="applicant-name">${applicant.name}</span></p>
${address ? html`<p><span class="field">Địa chỉ:</span> ${address}</p>` : ''}
<p><span class="field">Số điện thoại:</span> ${applicant.phone}${applicant.email ? html` &nbsp; <span class="field">Email:</span> ${applicant.email}` : ''} &nbsp; <span class="field">Hình thức nộp:</span> ${channelLabel(dossier.channel)}</p>
<p><span class="field">Nội dung yêu cầu giải quyết:</span> ${procedure.name}${procedure.code ? html` (mã thủ tục ${procedure.code})` : ''}</p>
${particulars.length > 0 ? html`<p class="particulars"><span class="field">Thông tin hồ sơ:</span> ${particulars.map((f, i) => html`${i > 0 ? '; ' : ''}${f.field.name}: <strong>${f.text}</strong>`)}</p>` : ''}
<p class="field">1. Thành phần hồ sơ nộp gồm:</p>
${
  documents.length > 0
    ? html`<table class="grid documents"><thead><tr><th>STT</th><th>Tên loại giấy tờ</th><th>Hình thức (bản chính, bản sao)</th><th>Số lượng</th></tr></thead><tbody>
${documents.map((d, i) => {
  const forms = documentForms(d);
  return html`<tr><td class="c">${i + 1}</td><td>${d.name}</td><td class="c doc-form">${forms.map((f) => f.label).join('; ')}</td><td class="c">${forms.map((f) => (f.count === null ? '' : twoDigits(f.count))).join('; ')}</td></tr>`;
})}
</tbody></table>`
    : html`<p>Theo thành phần hồ sơ quy định của thủ tục hành chính.</p>`
}
${supplements.map((s) => html`<p class="small">Bổ sung ngày ${vnShort(s.at)}: ${s.items.join('; ')}</p>`)}
<p><span class="field">2. Số lượng hồ sơ:</span> 01 (bộ)</p>
<p><span class="field">3. Thời gian giải quyết hồ sơ theo quy định là:</span> <span class="time-limit">${timeLimitLine(procedure)}</span></p>
<p><span class="field">4. Thời gian nhận hồ sơ:</span> <span class="received-at">${vnDateTime(dossier.receivedAt)}</span></p>
<p><span class="field">5. Thời gian trả kết quả giải quyết hồ sơ:</span> <span class="appointment-at">${vnDateTime(state.appointmentAt)}</span>${
    moved ? html` <span class="small">(hẹn ban đầu: ${vnDateTime(state.originalAppointmentAt)})</span>` : ''
  }</p>
<p><span class="field">6. Đăng ký nhận kết quả tại:</span> ${returnPlaceLine(data)}${
    dossier.channel === 'post' ? ' hoặc qua dịch vụ bưu chính công ích theo địa chỉ đã đăng ký' : ''
  }${dossier.channel === 'online' ? ' hoặc trên Cổng dịch vụ công trực tuyến' : ''}.</p>
<p>Vào Sổ theo dõi hồ sơ (Mẫu số 06), số thứ tự ${dossier.code}.</p>
${signatures(
  ['Người nộp hồ sơ', '(Ký và ghi rõ họ tên)', applicant.name],
  ['Người tiếp nhận hồ sơ', '(Ký và ghi rõ họ tên)', personName(data, receiver)],
)}
<div class="lookup">
  <div class="qr">${raw(qrSvg)}</div>
  <div>
    <div class="field">Tra cứu tình trạng giải quyết hồ sơ</div>
    <div>Quét mã QR hoặc truy cập <span class="lookup-url">${link}</span></div>
    <div>Mã hồ sơ: <strong>${dossier.code}</strong> — Mã tra cứu: <strong class="lookup-secret">${dossier.lookupSecret}</strong></div>
    <div class="small">Giữ kín mã tra cứu; cán bộ không bao giờ hỏi mã này qua điện thoại.</div>
  </div>
</div>`;

  return page({
    formNo: '01',
    title: 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả',
    heading: headingOf(data),
    number: paperNumber(data, 'GTN-HKQ'),
    dateLine: vnDate(dossier.receivedAt),
    body,
    paper: data.paper,
  });
}
