// Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ — Circular 01/2018/TT-VPCP, Mẫu 02.
// What is missing and why, and the officer who asked (Decree 61/2018 art. 19: the time
// the citizen takes to supplement is not counted against the agency). Prints the latest
// request; a dossier never asked to supplement has no such paper.
import type { PaperData } from '../services/papers.js';
import { agencyName, headingOf, paperNumber, personName } from './common.js';
import { html, vnDate, vnDateTime } from './format.js';
import { page, signatures } from './layout.js';
import { formNotAvailable } from './errors.js';

export function renderSupplementRequest(data: PaperData): string {
  const requests = data.events.filter((e) => e.type === 'supplementRequested');
  const request = requests.at(-1);
  if (!request) throw formNotAvailable('supplement-request', 'FORM_NOT_AVAILABLE.supplementRequest');
  const items = Array.isArray(request.details.items) ? request.details.items.map(String) : [];
  const reason = typeof request.details.reason === 'string' ? request.details.reason : '';
  const supplemented = data.events.find((e) => e.type === 'supplemented' && e.seq > request.seq);
  const officer = personName(data, request.actor);
  const officerAgency = request.actor ? agencyName(data, data.people.get(request.actor)?.agencyCode) : '';
  const { dossier, procedure } = data;

  const body = html`
<p><span class="field">Mã hồ sơ:</span> <strong class="dossier-code">${dossier.code}</strong></p>
<p><span class="field">Hồ sơ của:</span> <span class="applicant-name">${dossier.applicant.name}</span></p>
<p><span class="field">Nội dung yêu cầu giải quyết:</span> ${procedure.name}</p>
<p>Ngày tiếp nhận hồ sơ: ${vnDateTime(dossier.receivedAt)}. Sau khi xem xét, cơ quan giải quyết yêu cầu ông/bà bổ sung, hoàn thiện hồ sơ gồm những nội dung sau:</p>
<ol class="missing-items">${items.map((item) => html`<li>${item}</li>`)}</ol>
<p><span class="field">Lý do:</span> <span class="reason">${reason}</span></p>
<p>Thời gian giải quyết hồ sơ tạm dừng từ ${vnDateTime(request.at)} cho đến khi nhận đủ hồ sơ bổ sung; thời gian đã giải quyết trước đó vẫn được tính.${
    supplemented ? html` Hồ sơ đã được bổ sung lúc ${vnDateTime(supplemented.at)}.` : ''
  }</p>
<p>Trong quá trình hoàn thiện hồ sơ nếu có vướng mắc, ông/bà liên hệ ${officer}${officerAgency ? html` (${officerAgency})` : ''} hoặc Bộ phận tiếp nhận và trả kết quả ${agencyName(data, dossier.receivingAgency)} để được hướng dẫn.</p>
${signatures(['Người nhận phiếu', '(Ký và ghi rõ họ tên)', dossier.applicant.name], ['Người hướng dẫn', '(Ký và ghi rõ họ tên)', officer])}`;

  return page({
    formNo: '02',
    title: 'Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ',
    heading: headingOf(data),
    number: paperNumber(data, 'PYCBS', requests.length),
    dateLine: vnDate(request.at),
    body,
    paper: data.paper,
  });
}
