// CSV exports (the dashboard's report, the register Mẫu 06) for Excel with Vietnamese
// regional settings (issue 20): Windows' vi-VN list separator is `;` (its decimal
// separator is `,`), so the cells are separated by `;`, numbers keep a decimal comma, and
// a UTF-8 byte order mark makes Excel read the diacritics as UTF-8. No `sep=;` line: with
// it Excel ignores the byte order mark. Dates are the office's wall clock, never UTC.

export const CSV_SEPARATOR = ';';

export function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /[";\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const OFFICE_CLOCK = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Ho_Chi_Minh',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** "10/03/2026 09:00": the office's wall clock, the order Excel in vi-VN reads as a date. */
export function csvDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const parts: Record<string, string> = {};
  for (const p of OFFICE_CLOCK.formatToParts(new Date(iso))) parts[p.type] = p.value;
  return `${parts.day}/${parts.month}/${parts.year} ${parts.hour}:${parts.minute}`;
}

/** "10/03/2026" from a local date "2026-03-10". */
export const csvDate = (local: string) => `${local.slice(8, 10)}/${local.slice(5, 7)}/${local.slice(0, 4)}`;

/** The whole file: byte order mark, `;` between cells, CRLF between lines. */
export const csvText = (lines: ReadonlyArray<ReadonlyArray<unknown>>): string =>
  '\ufeff' + lines.map((line) => line.map(csvCell).join(CSV_SEPARATOR)).join('\r\n');

/** Hands the file to the browser's downloads under `fileName`. */
export function downloadCsv(fileName: string, lines: ReadonlyArray<ReadonlyArray<unknown>>): void {
  const url = URL.createObjectURL(new Blob([csvText(lines)], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 1000);
}
