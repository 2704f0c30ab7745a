// An officer reads steps and working days, never BPMN ids or ISO durations (issue 20):
// "2 ngày → 1,5 ngày", "Thẩm định hồ sơ → Trưởng phòng duyệt", not "P2D → P1.5D" or
// "Flow_0oep0ez". One home for how the designer's lists and diffs say such values.
import type { Lang } from '../i18n/format.js';
import { splitDuration } from './mcPropertiesProvider.js';

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
