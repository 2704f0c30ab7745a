// How the web app writes dates, numbers, working time and time limits, per language:
// always on the office's clock (Asia/Ho_Chi_Minh), wherever the browser is. Plain
// functions (no dictionary, no React), so unit tests use exactly what the screens use.
import { durationMinutes } from '../../../engine/model/timeBudget.js';
import { OFFICE_TIME_ZONE, WORKING_DAY_MINUTES } from '../../../engine/calendar/officeDay.js';

export type Lang = 'vi' | 'en';

/** The office's clock, whatever the browser's (engine/calendar/officeDay.ts). */
export const TIME_ZONE = OFFICE_TIME_ZONE;
/** Office minutes in one working day (07:30–11:30, 13:30–17:00): the length of P1D. */
export { WORKING_DAY_MINUTES };

export interface Formatters {
  dateTime(iso: string | Date | null | undefined): string;
  date(iso: string | Date | null | undefined): string;
  time(iso: string | Date | null | undefined): string;
  weekdayDate(iso: string | Date | null | undefined): string;
  number(n: number, digits?: number): string;
  percent(ratio: number | null | undefined): string;
  /** Working minutes as "2 ngày 3 giờ" / "2 d 3 h" (days of 7.5 office hours, or `dayMinutes`). */
  working(minutes: number, dayMinutes?: number): string;
  /**
   * A procedure's legal time limit as people say it: "3 ngày làm việc" / "3 d of working
   * time", and a zero limit (`P0D`, resolved within the day counting starts on) "trong
   * ngày" / "same working day" — never "0 phút". Null without a valid limit.
   */
  timeLimit(iso: string | null | undefined, dayCount?: 'working' | 'calendar'): string | null;
}

/** The formatters of a language (what `useI18n().fmt` gives a screen). */
export function makeFormatters(lang: Lang): Formatters {
  const locale = lang === 'vi' ? 'vi-VN' : 'en-GB';
  const dt = new Intl.DateTimeFormat(locale, { timeZone: TIME_ZONE, day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false });
  const d = new Intl.DateTimeFormat(locale, { timeZone: TIME_ZONE, day: '2-digit', month: '2-digit', year: 'numeric' });
  const tm = new Intl.DateTimeFormat(locale, { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit', hour12: false });
  const wd = new Intl.DateTimeFormat(locale, { timeZone: TIME_ZONE, weekday: 'long', day: '2-digit', month: '2-digit', year: 'numeric' });
  const wrap = (f: Intl.DateTimeFormat) => (value: string | Date | null | undefined) => {
    if (!value) return '—';
    const date = typeof value === 'string' ? new Date(value) : value;
    return Number.isNaN(date.getTime()) ? '—' : f.format(date);
  };
  const units = lang === 'vi' ? { d: 'ngày', h: 'giờ', m: 'phút' } : { d: 'd', h: 'h', m: 'min' };
  const limitWords = lang === 'vi' ? { sameDay: 'trong ngày', working: 'làm việc' } : { sameDay: 'same working day', working: 'of working time' };
  const formatters: Formatters = {
    dateTime: wrap(dt),
    date: wrap(d),
    time: wrap(tm),
    weekdayDate: wrap(wd),
    number: (n, digits = 0) => n.toLocaleString(locale, { maximumFractionDigits: digits }),
    percent: (ratio) => (ratio === null || ratio === undefined || Number.isNaN(ratio) ? '—' : `${(ratio * 100).toLocaleString(locale, { maximumFractionDigits: 1 })} %`),
    working: (minutes, dayMinutes = WORKING_DAY_MINUTES) => {
      const total = Math.round(Math.abs(minutes));
      const days = Math.floor(total / dayMinutes);
      const hours = Math.floor((total - days * dayMinutes) / 60);
      const rest = total - days * dayMinutes - hours * 60;
      const parts: string[] = [];
      if (days > 0) parts.push(`${days} ${units.d}`);
      if (hours > 0) parts.push(`${hours} ${units.h}`);
      if (days === 0 && (rest > 0 || parts.length === 0)) parts.push(`${rest} ${units.m}`);
      return parts.join(' ');
    },
    timeLimit: (iso, dayCount = 'working') => {
      const minutes = durationMinutes(iso, dayCount);
      if (minutes === null || minutes < 0) return null;
      if (minutes === 0) return limitWords.sameDay;
      const text = formatters.working(minutes, dayCount === 'calendar' ? 1440 : WORKING_DAY_MINUTES);
      return dayCount === 'working' ? `${text} ${limitWords.working}` : text;
    },
  };
  return formatters;
}

/**
 * One of a pair of texts: the English one when English is chosen and there is one, else
 * the Vietnamese one (an engine Problem's `message`/`messageEn`). A single text is shown
 * as it is, whole — never split on " / " (what a clerk typed may contain it).
 */
export function bilingual(lang: Lang, vi: string, en?: string | null): string {
  return lang === 'en' && en ? en : vi;
}
