// An officer reads steps and working days, never BPMN ids or ISO durations (issue 20):
// "2 ngày → 1,5 ngày", "Thẩm định hồ sơ → Trưởng phòng duyệt", not "P2D → P1.5D" or
// "Flow_0oep0ez". One home for how the designer's lists and diffs say such values.
import type { Lang } from '../i18n/format.js';

export type Unit = 'D' | 'H' | 'M';
/** A step's duration as an officer types it: a number of working days, hours or minutes. */
export function splitDuration(iso: string | null | undefined): { amount: string; unit: Unit } | null {
  if (!iso) return null;
  const days = /^P(\d+(?:[.,]\d+)?)D$/.exec(iso);
  if (days) return { amount: days[1].replace(',', '.'), unit: 'D' };
  const hours = /^PT(\d+(?:[.,]\d+)?)H$/.exec(iso);
  if (hours) return { amount: hours[1].replace(',', '.'), unit: 'H' };
  const minutes = /^PT(\d+(?:[.,]\d+)?)M$/.exec(iso);
  if (minutes) return { amount: minutes[1].replace(',', '.'), unit: 'M' };
  return null;
}

const UNITS = {
  vi: { D: 'ngày', H: 'giờ', M: 'phút' },
  en: { D: ['day', 'days'], H: ['hour', 'hours'], M: ['minute', 'minutes'] },
} as const;

/** "1,5 ngày" / "1.5 days", "4 giờ", "30 phút"; the ISO text itself when it is something else (a cycle). */
export function durationText(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return '—';
  const split = splitDuration(iso);
  if (!split) return iso;
  const amount = Number(split.amount);
  if (lang === 'vi') return `${String(amount).replace('.', ',')} ${UNITS.vi[split.unit]}`;
  const [one, many] = UNITS.en[split.unit];
  return `${amount} ${amount === 1 ? one : many}`;
}

/** A flow has no name of its own most of the time: it is the way from one step to the next. */
export const flowLabel = (sourceName: string, targetName: string): string => `${sourceName} → ${targetName}`;

/**
 * An identifier from a Vietnamese name (issue 20: the officer never invents a
 * `bpmn:process` id or an ASCII outcome key): diacritics removed, đ → d, words joined by
 * "_" — "Chứng thực bản sao" → `chung_thuc_ban_sao`, "Trả lại" → `tra_lai`. An XML name
 * (starts with a letter or "_"); empty for a name without letters or digits.
 */
export function keyFromName(name: string): string {
  const ascii = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 60)
    .replace(/_+$/, '');
  return ascii === '' ? '' : /^[a-z_]/.test(ascii) ? ascii : `k_${ascii}`;
}
