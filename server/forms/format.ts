// How the papers write things: HTML escaping for every piece of user text, and dates
// the way Circular 01/2018/TT-VPCP's forms print them ("09 giờ 00 phút, ngày 26 tháng 11
// năm 2026"), always on the office's wall clock (Asia/Ho_Chi_Minh), never the server's.
import { OFFICE_TIME_ZONE, parseDuration, type DayCount } from '../../engine/index.js';

export { OFFICE_TIME_ZONE };

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Applicant names, reasons, item lists… are typed by people: escape before printing. */
export function escapeHtml(value: unknown): string {
  if (value === null || value === undefined) return '';
  return String(value).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/** A template tag: every interpolated value is escaped unless it is `raw(…)`. */
export interface RawHtml {
  readonly __html: string;
}

export const raw = (html: string): RawHtml => ({ __html: html });

const isRaw = (value: unknown): value is RawHtml =>
  typeof value === 'object' && value !== null && typeof (value as RawHtml).__html === 'string';

function interpolate(value: unknown): string {
  if (Array.isArray(value)) return value.map(interpolate).join('');
  return isRaw(value) ? value.__html : escapeHtml(value);
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): RawHtml {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += interpolate(values[i]) + strings[i + 1];
  return raw(out);
}

interface LocalParts {
  year: string;
  month: string;
  day: string;
  hour: string;
  minute: string;
}

const partsFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: OFFICE_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function localParts(at: Date | string): LocalParts {
  const parts: Record<string, string> = {};
  for (const p of partsFormat.formatToParts(new Date(at))) parts[p.type] = p.value;
  return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour, minute: parts.minute };
}

/** "ngày 26 tháng 11 năm 2026". */
export function vnDate(at: Date | string): string {
  const p = localParts(at);
  return `ngày ${p.day} tháng ${p.month} năm ${p.year}`;
}

/** "09 giờ 00 phút, ngày 26 tháng 11 năm 2026": the receipt's appointment line (Mẫu 01). */
export function vnDateTime(at: Date | string): string {
  const p = localParts(at);
  return `${p.hour} giờ ${p.minute} phút, ngày ${p.day} tháng ${p.month} năm ${p.year}`;
}

/** "09:00 26/11/2026": compact, for the control slip's table cells (Mẫu 05). */
export function vnShort(at: Date | string | null | undefined): string {
  if (!at) return '';
  const p = localParts(at);
  return `${p.hour}:${p.minute} ${p.day}/${p.month}/${p.year}`;
}

/**
 * "10 ngày làm việc", "4 giờ làm việc", "0,5 ngày làm việc": a time limit as the law writes
 * it; a zero limit (`P0D`: resolved within the working day counting starts on, as birth
 * registration is) is "trong ngày", never an empty line on the receipt.
 */
export function vnDuration(iso: string | null, dayCount: DayCount = 'working'): string {
  if (!iso) return '';
  const { days, minutes } = parseDuration(iso, dayCount);
  if (days === 0 && minutes === 0) return 'trong ngày';
  const unit = dayCount === 'working' ? ' làm việc' : '';
  const parts: string[] = [];
  if (days > 0) parts.push(`${String(days).replace('.', ',')} ngày`);
  const hours = Math.floor(minutes / 60);
  const rest = Math.round(minutes - hours * 60);
  if (hours > 0) parts.push(`${hours} giờ`);
  if (rest > 0) parts.push(`${rest} phút`);
  return parts.length === 0 ? '' : `${parts.join(' ')}${unit}`;
}

/** Two-digit counts as the forms print them: "01 (bộ)". */
export const twoDigits = (n: number): string => String(n).padStart(2, '0');
