// The frame every paper shares (Circular 01/2018/TT-VPCP, appendix forms): the issuing
// agency on the left (its parent above it, then "Bộ phận tiếp nhận và trả kết quả"),
// the national motto on the right, the paper's number and date, the title, the body,
// signatures. The circular designs the forms for A5 (148 × 210 mm); `?paper=A4` prints
// the same layout on A4 for offices whose printers only take A4.
// Self-contained HTML: inline CSS, no fonts or scripts to fetch, so it prints offline.
import type { Agency } from '../store/index.js';
import { html, raw, type RawHtml } from './format.js';

export interface Heading {
  agency: Agency | undefined;
  parent: Agency | undefined;
  /** The one-stop desk line: printed when the desk of this agency issues the paper. */
  oneStopDesk: boolean;
  /**
   * The agency competent to decide, where it is not the issuing one (Decree 118/2025: received
   * for another). Printed on the desk's papers only: a paper the competent or another agency
   * issues itself (an apology from the office at fault) is headed by that agency alone.
   */
  competent?: Agency;
}

export interface PageSpec {
  /** Circular 01/2018 form number: "01" … "05". */
  formNo: string;
  title: string;
  subtitle?: RawHtml | string;
  heading: Heading;
  /** "Số: …" */
  number: string;
  /** "ngày … tháng … năm …" of the paper. */
  dateLine: string;
  body: RawHtml;
  paper: 'A4' | 'A5';
}

// Every paper fits its sheet (issue 20): the receipt with six documents, its signatures
// and QR on one A5 page; a browser test prints each with Chromium and counts the pages.
function css(paper: 'A4' | 'A5'): string {
  const a5 = paper === 'A5';
  return `
@page { size: ${paper} portrait; margin: ${a5 ? '8mm 9mm 8mm 11mm' : '15mm 15mm 15mm 25mm'}; }
* { box-sizing: border-box; }
html { background: #e8e8e8; }
body { margin: 0; font-family: "Times New Roman", Times, "Liberation Serif", serif; font-size: ${a5 ? '9pt' : '12pt'}; line-height: 1.22; color: #000; }
.sheet { width: ${a5 ? '148mm' : '210mm'}; min-height: ${a5 ? '210mm' : '297mm'}; margin: 8mm auto; padding: ${a5 ? '8mm 9mm 8mm 11mm' : '15mm 15mm 15mm 25mm'}; background: #fff; box-shadow: 0 1px 4px rgba(0,0,0,.3); }
@media print { html { background: none; } .sheet { width: auto; min-height: 0; margin: 0; padding: 0; box-shadow: none; } }
table.heading { width: 100%; border-collapse: collapse; }
table.heading td { vertical-align: top; text-align: center; padding: 0; }
table.heading td.agency { width: 45%; }
.parent { text-transform: uppercase; font-size: 0.9em; }
.agency-name { text-transform: uppercase; font-weight: bold; font-size: 0.9em; }
.desk { font-weight: bold; font-size: 0.9em; }
.motto-1 { font-weight: bold; font-size: 0.9em; white-space: nowrap; }
.motto-2 { font-weight: bold; }
.rule { display: block; width: 40%; margin: 2px auto 0; border-top: 1px solid #000; }
.rule.wide { width: 60%; }
.number { font-size: 0.95em; margin-top: 4px; }
.date { font-style: italic; font-size: 0.95em; margin-top: 4px; }
.form-no { text-align: right; font-size: 0.85em; font-style: italic; margin-bottom: 1mm; }
h1 { text-align: center; font-size: 1.1em; font-weight: bold; margin: ${a5 ? '3mm' : '5mm'} 0 1mm; text-transform: uppercase; }
.subtitle { text-align: center; font-style: italic; margin-bottom: 2mm; }
p { margin: ${a5 ? '0.8mm' : '1.2mm'} 0; text-align: justify; }
.field { font-weight: bold; }
ol, ul { margin: 1mm 0 1mm 5mm; padding-left: 4mm; }
table.grid { width: 100%; border-collapse: collapse; margin: 1.5mm 0; font-size: 0.9em; line-height: 1.2; }
table.grid th, table.grid td { border: 1px solid #000; padding: 0.6mm 1.2mm; vertical-align: top; }
table.grid.documents th:nth-child(1) { width: 6%; }
table.grid.documents th:nth-child(3) { width: 21%; }
table.grid.documents th:nth-child(4) { width: 10%; }
table.grid th { font-weight: bold; text-align: center; }
table.grid.slip { font-size: ${a5 ? '7.5pt' : '9.5pt'}; }
td.c { text-align: center; }
.mark-early { font-weight: bold; }
.mark-late { font-weight: bold; text-decoration: underline; }
table.signatures { width: 100%; margin-top: ${a5 ? '3mm' : '6mm'}; border-collapse: collapse; break-inside: avoid; }
table.signatures td { width: 50%; text-align: center; vertical-align: top; }
.sign-title { font-weight: bold; text-transform: uppercase; font-size: 0.9em; }
.sign-hint { font-style: italic; font-size: 0.85em; }
.sign-name { margin-top: ${a5 ? '11mm' : '18mm'}; font-weight: bold; }
.lookup { display: flex; gap: 3mm; align-items: center; margin-top: ${a5 ? '2mm' : '4mm'}; border-top: 1px dashed #000; padding-top: 2mm; font-size: 0.85em; line-height: 1.2; break-inside: avoid; }
.lookup .qr svg { width: ${a5 ? '21mm' : '30mm'}; height: ${a5 ? '21mm' : '30mm'}; display: block; }
.lookup-url { word-break: break-all; }
.small { font-size: 0.85em; }
`;
}

function headingBlock(heading: Heading, number: string, dateLine: string): RawHtml {
  const { agency, parent, oneStopDesk } = heading;
  return html`<table class="heading"><tr>
  <td class="agency">
    ${parent ? html`<div class="parent">${parent.name}</div>` : ''}
    <div class="agency-name">${agency?.name ?? ''}</div>
    ${oneStopDesk ? html`<div class="desk">BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ</div>` : ''}
    ${oneStopDesk && heading.competent ? html`<div class="competent small">Tiếp nhận cho: ${heading.competent.name}</div>` : ''}
    <span class="rule"></span>
  </td>
  <td class="motto">
    <div class="motto-1">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</div>
    <div class="motto-2">Độc lập - Tự do - Hạnh phúc</div>
    <span class="rule wide"></span>
  </td>
</tr><tr>
  <td class="agency"><div class="number">Số: ${number}</div></td>
  <td class="motto"><div class="date">${dateLine}</div></td>
</tr></table>`;
}

export function page(spec: PageSpec): string {
  return `<!DOCTYPE html>
${html`<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${spec.title}</title>
<style>${raw(css(spec.paper))}</style>
</head>
<body>
<div class="sheet paper-${spec.paper}">
<div class="form-no">Mẫu số ${spec.formNo} — Thông tư 01/2018/TT-VPCP</div>
${headingBlock(spec.heading, spec.number, spec.dateLine)}
<h1>${spec.title}</h1>
${spec.subtitle ? html`<div class="subtitle">${spec.subtitle}</div>` : ''}
${spec.body}
</div>
</body>
</html>`.__html}
`;
}

/** Two signature blocks side by side: (title, hint, name). */
export function signatures(left: [string, string, string], right: [string, string, string]): RawHtml {
  const cell = ([title, hint, name]: [string, string, string]) =>
    html`<td><div class="sign-title">${title}</div><div class="sign-hint">${hint}</div><div class="sign-name">${name}</div></td>`;
  return html`<table class="signatures"><tr>${cell(left)}${cell(right)}</tr></table>`;
}
