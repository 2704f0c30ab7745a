// Phiếu kiểm soát quá trình giải quyết hồ sơ — Circular 01/2018/TT-VPCP, Mẫu 05.
// Travels with the dossier: every hand-over — who gave it and who took it (officer and
// agency), when it was received, by when it was due, when it was done — marked early,
// on time or late, so that "who was late" (DOMAIN.md, Late dossiers) reads off one page.
import type { PaperData } from '../services/papers.js';
import { agencyName, headingOf, paperNumber, partyLabel } from './common.js';
import { html, vnDate, vnShort } from './format.js';
import { handOvers, type HandOver } from './handovers.js';
import { verdictLabel } from './labels.js';
import { page } from './layout.js';

function markCell(row: HandOver): string {
  if (row.mark) return verdictLabel(row.mark);
  if (row.state === 'open') return row.overdueNow ? 'Đang xử lý — đã quá hạn' : 'Đang xử lý';
  if (row.state === 'cancelled') return 'Dừng xử lý';
  return '';
}

export function renderControlSlip(data: PaperData): string {
  const { dossier, state } = data;
  const rows = handOvers(state, data.events, data.now);
  const partners = [...new Set(state.tasks.map((t) => t.agencyCode))].filter((c) => c !== dossier.receivingAgency);

  const body = html`
<p class="subtitle">(Kèm theo Giấy tiếp nhận hồ sơ và hẹn trả kết quả số ${paperNumber(data, 'GTN-HKQ')})</p>
<p><span class="field">Mã hồ sơ:</span> <strong class="dossier-code">${dossier.code}</strong></p>
<p><span class="field">Cơ quan (bộ phận) giải quyết hồ sơ:</span> ${agencyName(data, dossier.receivingAgency)}</p>
${partners.length > 0 ? html`<p><span class="field">Cơ quan phối hợp giải quyết hồ sơ:</span> ${partners.map((c) => agencyName(data, c)).join('; ')}</p>` : ''}
<p><span class="field">Thời hạn trả kết quả:</span> ${vnShort(state.appointmentAt)}${
    state.appointmentAt !== state.originalAppointmentAt ? html` (hẹn ban đầu ${vnShort(state.originalAppointmentAt)})` : ''
  }</p>
<table class="grid slip">
<thead><tr>
  <th>STT</th><th>Bước xử lý</th><th>Bên giao</th><th>Bên nhận</th>
  <th>Thời gian nhận</th><th>Hạn xử lý</th><th>Thời gian hoàn thành</th>
  <th>Kết quả (Trước hạn / Đúng hạn / Quá hạn)</th><th>Ghi chú</th>
</tr></thead>
<tbody>
${rows.map((row, i) => {
  const from = partyLabel(data, row.from);
  const to = partyLabel(data, row.to);
  return html`<tr class="handover" data-kind="${row.kind}" data-step="${row.stepId ?? 'return'}" data-mark="${row.mark ?? row.state}">
  <td class="c">${i + 1}</td>
  <td>${row.stepName}</td>
  <td>${from.who}${from.agency ? html`<br><span class="small">${from.agency}</span>` : ''}</td>
  <td>${to.who}${to.agency ? html`<br><span class="small">${to.agency}</span>` : ''}</td>
  <td class="c">${vnShort(row.receivedAt)}</td>
  <td class="c">${vnShort(row.dueAt)}</td>
  <td class="c">${vnShort(row.doneAt)}</td>
  <td class="c mark mark-${row.mark ?? row.state}">${markCell(row)}</td>
  <td>${row.notes.join('; ')}</td>
</tr>`;
})}
</tbody>
</table>
<p class="small">Thời gian tính theo giờ Việt Nam (Asia/Ho_Chi_Minh); hạn xử lý tính theo ngày làm việc và đã cộng thời gian tạm dừng chờ bổ sung hồ sơ.</p>`;

  return page({
    formNo: '05',
    title: 'Phiếu kiểm soát quá trình giải quyết hồ sơ',
    heading: headingOf(data),
    number: paperNumber(data, 'PKSQT'),
    dateLine: vnDate(dossier.receivedAt),
    body,
    paper: data.paper,
  });
}
