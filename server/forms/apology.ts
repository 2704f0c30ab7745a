// Phiếu xin lỗi và hẹn lại ngày trả kết quả — Circular 01/2018/TT-VPCP, Mẫu 04.
// Issued by the agency at fault before the appointment passes (Decree 61/2018 art. 19);
// the dossier still counts as late. Headed by the agency of the officer who issued it:
// when the tax office caused the delay, the apology is the tax office's.
import type { PaperData } from '../services/papers.js';
import { agencyName, headingOf, paperNumber, personName } from './common.js';
import { formNotAvailable } from './errors.js';
import { html, vnDate, vnDateTime, vnDuration } from './format.js';
import { page, signatures } from './layout.js';

export function renderApology(data: PaperData): string {
  const { dossier, state, procedure } = data;
  const apology = state.apologies.at(-1);
  if (!apology) throw formNotAvailable('apology', 'FORM_NOT_AVAILABLE.apology');
  const issuer = data.people.get(apology.by)?.agencyCode ?? dossier.receivingAgency;
  const issuerName = agencyName(data, issuer);

  const body = html`
<p><span class="field">Mã hồ sơ:</span> <strong class="dossier-code">${dossier.code}</strong></p>
<p>${vnDateTime(dossier.receivedAt)}, ${agencyName(data, dossier.receivingAgency)} tiếp nhận giải quyết hồ sơ của Ông/Bà <span class="applicant-name">${dossier.applicant.name}</span>.</p>
<p><span class="field">Nội dung yêu cầu giải quyết:</span> ${procedure.name}</p>
<p><span class="field">Thời hạn giải quyết theo quy định:</span> ${vnDuration(procedure.timeLimit, procedure.dayCount)}; hẹn trả kết quả lúc <span class="previous-appointment">${vnDateTime(apology.previousAppointmentAt)}</span>.</p>
<p>Tuy nhiên đến nay, ${issuerName} chưa trả kết quả giải quyết hồ sơ của Ông/Bà đúng thời hạn ghi trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả.</p>
<p><span class="field">Lý do:</span> <span class="reason">${apology.reason}</span></p>
<p>Sự chậm trễ này đã gây phiền hà cho Ông/Bà. ${issuerName} xin lỗi Ông/Bà và sẽ trả kết quả giải quyết hồ sơ cho Ông/Bà vào <span class="new-appointment">${vnDateTime(apology.newAppointmentAt)}</span>.</p>
<p>Kính mong nhận được sự thông cảm của Ông/Bà./.</p>
${signatures(['Người lập phiếu', '(Ký và ghi rõ họ tên)', personName(data, apology.by)], ['Thủ trưởng cơ quan, đơn vị', '(Ký, ghi rõ họ tên và đóng dấu)', ''])}`;

  return page({
    formNo: '04',
    title: 'Phiếu xin lỗi và hẹn lại ngày trả kết quả',
    heading: headingOf(data, issuer),
    number: paperNumber(data, 'PXL', state.apologies.length),
    dateLine: vnDate(apology.at),
    body,
    paper: data.paper,
  });
}
