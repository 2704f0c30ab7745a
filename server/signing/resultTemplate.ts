// The electronic result made from a template with the dossier's data, when the agency
// has no PDF of its own to upload: a one-page A4 document (national motto, the agency, the
// procedure, the dossier code, the applicant, the dossier's fields, the issuing date) that
// is then signed like an uploaded one. Vietnamese needs a Unicode font: MOTCUA_RESULT_FONT
// (a .ttf), else Noto Serif or DejaVu Serif where Debian installs them; without any, the
// text is written without diacritics in a standard PDF font (readable, never garbled).
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, StandardFonts, rgb, type PDFFont } from 'pdf-lib';

export const RESULT_FONT_CANDIDATES = [
  '/usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf',
  '/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf',
  '/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf',
];

export interface ResultContent {
  agencyName: string;
  procedureName: string;
  dossierCode: string;
  applicantName: string;
  idNumber: string | null;
  receivedAt: string;
  issuedAt: string;
  /** The dossier's own fields (dossier `data`), shown as label: value. */
  fields: Array<[string, string]>;
}

/** Text without Vietnamese diacritics: what a standard (WinAnsi) PDF font can draw. */
export const withoutDiacritics = (text: string): string =>
  text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').replace(/[^\x20-\x7e]/g, '?');

async function fontFor(document: PDFDocument, env: NodeJS.ProcessEnv): Promise<{ font: PDFFont; bold: PDFFont; unicode: boolean }> {
  const path = [env.MOTCUA_RESULT_FONT, ...RESULT_FONT_CANDIDATES].find((p): p is string => !!p && existsSync(p));
  if (path) {
    document.registerFontkit(fontkit);
    const bytes = await readFile(path);
    const boldPath = path.replace(/-Regular\.ttf$/, '-Bold.ttf').replace(/Serif\.ttf$/, 'Serif-Bold.ttf');
    const font = await document.embedFont(bytes, { subset: true });
    const bold = existsSync(boldPath) && boldPath !== path ? await document.embedFont(await readFile(boldPath), { subset: true }) : font;
    return { font, bold, unicode: true };
  }
  return { font: await document.embedFont(StandardFonts.TimesRoman), bold: await document.embedFont(StandardFonts.TimesRomanBold), unicode: false };
}

/** Lines of at most `width` points in `font` at `size`. */
function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    const next = line ? `${line} ${word}` : word;
    if (font.widthOfTextAtSize(next, size) > width && line) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

export async function resultFromTemplate(content: ResultContent, env: NodeJS.ProcessEnv = process.env): Promise<Buffer> {
  const document = await PDFDocument.create();
  document.setTitle(`Kết quả giải quyết hồ sơ ${content.dossierCode}`);
  document.setProducer('MộtCửa');
  const page = document.addPage([595.28, 841.89]);
  const { font, bold, unicode } = await fontFor(document, env);
  const say = (text: string) => (unicode ? text : withoutDiacritics(text));
  const margin = 60;
  const width = page.getWidth() - 2 * margin;
  let y = page.getHeight() - 70;
  const centred = (text: string, size: number, f: PDFFont, color = rgb(0, 0, 0)) => {
    for (const line of wrap(say(text), f, size, width)) {
      page.drawText(line, { x: (page.getWidth() - f.widthOfTextAtSize(line, size)) / 2, y, size, font: f, color });
      y -= size * 1.45;
    }
  };
  const left = (text: string, size = 12, f = font) => {
    for (const line of wrap(say(text), f, size, width)) {
      page.drawText(line, { x: margin, y, size, font: f });
      y -= size * 1.5;
    }
  };
  centred('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 13, bold);
  centred('Độc lập - Tự do - Hạnh phúc', 12, font);
  y -= 8;
  centred(content.agencyName.toUpperCase(), 12, bold);
  y -= 18;
  centred('KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH', 16, bold, rgb(0.55, 0, 0));
  centred(content.procedureName, 13, font);
  y -= 14;
  left(`Mã hồ sơ: ${content.dossierCode}`, 12, bold);
  left(`Người nộp hồ sơ: ${content.applicantName}${content.idNumber ? ` — số định danh ${content.idNumber}` : ''}`);
  left(`Ngày tiếp nhận: ${content.receivedAt}`);
  for (const [label, value] of content.fields) left(`${label}: ${value}`);
  y -= 10;
  left(`${content.agencyName} xác nhận hồ sơ đã được giải quyết theo quy định.`);
  y -= 16;
  page.drawText(say(`Ngày ban hành: ${content.issuedAt}`), { x: page.getWidth() - margin - 220, y, size: 12, font });
  y -= 60;
  left('Văn bản điện tử có chữ ký số của cơ quan, có giá trị pháp lý như bản giấy (Nghị định 45/2020/NĐ-CP).', 9);
  return Buffer.from(await document.save());
}
