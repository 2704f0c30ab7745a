// Phiếu từ chối tiếp nhận giải quyết hồ sơ — Circular 01/2018/TT-VPCP, Mẫu 03.
// Tells the applicant, with the reason, that the dossier will not be handled.
import type { PaperData } from '../services/papers.js';
import { agencyName, headingOf, paperNumber, personName } from './common.js';
import { formNotAvailable } from './errors.js';
import { html, vnDate, vnDateTime } from './format.js';
import { page, signatures } from './layout.js';

export function renderRejection(data: PaperData): string {
  const { dossier, state, procedure } = data;
  const event = [...data.events].reverse().find((e) => e.type === 'rejected');
  const rejection = state.rejection ?? (event ? { at: event.at, by: event.actor ?? '', reason: String(event.details.reason ?? '') } : null);
  if (!rejection) throw formNotAvailable('rejection', 'FORM_NOT_AVAILABLE.rejection');
  const officer = personName(data, rejection.by);

  const body = html`
<p><span class="field">Mã hồ sơ:</span> <strong class="dossier-code">${dossier.code}</strong></p>
<p>Bộ phận tiếp nhận và trả kết quả ${agencyName(data, dossier.receivingAgency)} đã tiếp nhận hồ sơ của:</p>
<p><span class="field">Ông/Bà:</span> <span class="applicant-name">${dossier.applicant.name}</span></p>
<p><span class="field">Nội dung yêu cầu giải quyết:</span> ${procedure.name}</p>
<p><span class="field">Thời gian tiếp nhận:</span> ${vnDateTime(dossier.receivedAt)}</p>
<p>Qua xem xét, cơ quan, đơn vị thông báo không tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau:</p>
<p class="reason">${rejection.reason}</p>
<p>Xin thông báo cho Ông/Bà được biết và thực hiện./.</p>
${signatures(['Người nhận phiếu', '(Ký và ghi rõ họ tên)', dossier.applicant.name], ['Người tiếp nhận', '(Ký và ghi rõ họ tên)', officer])}`;

  return page({
    formNo: '03',
    title: 'Phiếu từ chối tiếp nhận giải quyết hồ sơ',
    heading: headingOf(data),
    number: paperNumber(data, 'PTC'),
    dateLine: vnDate(rejection.at),
    body,
    paper: data.paper,
  });
}
