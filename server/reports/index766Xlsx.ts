// The Decision 766 index as a spreadsheet (exceljs): what a manager files each month.
//
// Sheet 1 "Chỉ số 766": one row per receiving agency and a total row; for each metric the
// numerator, the denominator and the points, then the total — the national portal's
// groups (tiến độ giải quyết, công khai: đồng bộ, dịch vụ trực tuyến, thanh toán trực
// tuyến, số hóa, mức độ hài lòng) with their maxima in the header. Sheet 2 "Theo tháng":
// the same by month. Sheet 3 "Hồ sơ mất điểm": the dossiers that cost points and why.
// The official template's exact layout was not found to verify (docs/contract.md says
// what is verified); numbers are numbers, not text, so a spreadsheet can sum them.
import ExcelJS from 'exceljs';
import type { Index766, Index766Figures, Index766MetricName } from '../../contract/index.js';

const METRICS: Array<[Index766MetricName, string]> = [
  ['onTime', 'Giải quyết trước hạn, đúng hạn'],
  ['synced', 'Đồng bộ lên Cổng DVC quốc gia'],
  ['online', 'Hồ sơ trực tuyến'],
  ['payment', 'Thanh toán trực tuyến'],
  ['digitisation', 'Số hóa hồ sơ'],
  ['satisfaction', 'Mức độ hài lòng'],
];

export const REASON_LABELS: Record<string, string> = {
  supplements: 'Yêu cầu bổ sung quá 01 lần',
  apology: 'Có văn bản xin lỗi, hẹn lại',
  finishedLate: 'Giải quyết quá hạn',
  overdue: 'Đang giải quyết, quá hạn',
  notSynced: 'Chưa đồng bộ Cổng DVC quốc gia',
  noEResult: 'Trực tuyến nhưng chưa có kết quả điện tử',
  unpaidOnline: 'Chưa thanh toán trực tuyến',
  notDigitised: 'Chưa số hóa thành phần hồ sơ',
  notSatisfied: 'Người dân đánh giá "Không hài lòng"',
};

const vnTime = (iso: string | null) =>
  iso === null ? '' : new Date(new Date(iso).getTime() + 7 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

function header(ws: ExcelJS.Worksheet, first: string[], index: Index766): void {
  // Two header rows: the metric over its three columns, then Tử số / Mẫu số / Điểm.
  const top: (string | null)[] = [...first];
  const sub: (string | null)[] = first.map(() => null);
  for (const [metric, label] of METRICS) {
    top.push(`${label} (tối đa ${index[metric].max})`, null, null);
    sub.push('Tử số', 'Mẫu số', 'Điểm');
  }
  top.push('Tổng điểm', 'Trên tối đa');
  sub.push(null, null);
  const r1 = ws.addRow(top);
  const r2 = ws.addRow(sub);
  first.forEach((_, i) => ws.mergeCells(r1.number, i + 1, r2.number, i + 1));
  METRICS.forEach((_, i) => {
    const c = first.length + 1 + i * 3;
    ws.mergeCells(r1.number, c, r1.number, c + 2);
  });
  const last = first.length + METRICS.length * 3;
  ws.mergeCells(r1.number, last + 1, r2.number, last + 1);
  ws.mergeCells(r1.number, last + 2, r2.number, last + 2);
  for (const r of [r1, r2]) {
    r.font = { bold: true };
    r.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  }
}

function figuresRow(lead: (string | number)[], f: Index766Figures): (string | number | null)[] {
  const row: (string | number | null)[] = [...lead];
  for (const [metric] of METRICS) {
    const m = f[metric];
    // A metric without data shows its reason, not a zero.
    if (m.reason) row.push('Chưa có dữ liệu', null, null);
    else row.push(m.numerator, m.denominator, m.points);
  }
  row.push(f.total, f.totalMax);
  return row;
}

export async function index766Workbook(index: Index766, title: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'MộtCửa';
  wb.created = new Date(index.period.asOf);

  const ws = wb.addWorksheet('Chỉ số 766', { pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  ws.addRow([title]).font = { bold: true, size: 13 };
  ws.addRow([`Kỳ báo cáo: ${vnTime(index.period.from)} – ${vnTime(index.period.to)} (đánh giá đến ${vnTime(index.period.asOf)})`]);
  ws.addRow([]);
  header(ws, ['STT', 'Mã đơn vị', 'Đơn vị tiếp nhận'], index);
  index.byAgency.forEach((a, i) => ws.addRow(figuresRow([i + 1, a.agencyCode, a.agencyName], a)));
  ws.addRow(figuresRow(['', '', 'Tổng cộng'], index)).font = { bold: true };
  ws.getColumn(3).width = 40;

  const wm = wb.addWorksheet('Theo tháng', { pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  header(wm, ['Tháng'], index);
  for (const m of index.byMonth) wm.addRow(figuresRow([m.month], m));

  const wc = wb.addWorksheet('Hồ sơ mất điểm');
  const h = wc.addRow(['Mã hồ sơ', 'Chỉ số', 'Lý do', 'Thủ tục', 'Đơn vị tiếp nhận', 'Hẹn trả', 'Hoàn thành', 'Số lần bổ sung', 'Bước trễ', 'Cán bộ']);
  h.font = { bold: true };
  for (const c of index.costs) {
    wc.addRow([
      c.dossierCode,
      METRICS.find(([m]) => m === c.metric)?.[1] ?? c.metric,
      REASON_LABELS[c.reason] ?? c.reason,
      c.procedureName,
      c.agencyName,
      vnTime(c.appointmentAt),
      vnTime(c.finishedAt),
      c.supplementRequests,
      c.step ?? '',
      c.officerName ?? '',
    ]);
  }
  wc.getColumn(1).width = 26;
  wc.getColumn(3).width = 36;
  return Buffer.from(await wb.xlsx.writeBuffer());
}
