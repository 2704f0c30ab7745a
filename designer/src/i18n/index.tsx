// Vietnamese first, English on request. Every string a screen shows is a key in vi.json
// and en.json (the type below refuses an en.json that lacks a key of vi.json). Dates are
// always shown on the office's clock (Asia/Ho_Chi_Minh), wherever the browser is.
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import en from './en.json';
import vi from './vi.json';

export type Lang = 'vi' | 'en';
export type MessageKey = keyof typeof vi;
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

const dictionaries: Record<Lang, Record<MessageKey, string>> = { vi, en };

export const TIME_ZONE = 'Asia/Ho_Chi_Minh';
/** Office minutes in one working day (07:30–11:30, 13:30–17:00): the length of P1D. */
export { WORKING_DAY_MINUTES } from '../../../engine/model/timeBudget.js';
import { WORKING_DAY_MINUTES } from '../../../engine/model/timeBudget.js';
const STORAGE_KEY = 'motcua.lang';

function initialLang(): Lang {
  const stored = typeof localStorage !== 'undefined' ? localStorage.getItem(STORAGE_KEY) : null;
  return stored === 'en' ? 'en' : 'vi';
}

export function translate(lang: Lang, key: MessageKey, params?: Record<string, string | number>): string {
  const text = dictionaries[lang][key] ?? dictionaries.vi[key] ?? key;
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export interface Formatters {
  dateTime(iso: string | Date | null | undefined): string;
  date(iso: string | Date | null | undefined): string;
  time(iso: string | Date | null | undefined): string;
  weekdayDate(iso: string | Date | null | undefined): string;
  number(n: number, digits?: number): string;
  percent(ratio: number | null | undefined): string;
  /** Working minutes as "2 ngày 3 giờ" / "2 d 3 h" (days of 7.5 office hours, or `dayMinutes`). */
  working(minutes: number, dayMinutes?: number): string;
}

function makeFormatters(lang: Lang): Formatters {
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
  return {
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
  };
}

interface I18nValue {
  lang: Lang;
  setLang(lang: Lang): void;
  t: Translate;
  fmt: Formatters;
}

const I18nContext = createContext<I18nValue | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const setLang = useCallback((next: Lang) => {
    localStorage.setItem(STORAGE_KEY, next);
    document.documentElement.lang = next;
    setLangState(next);
  }, []);
  const value = useMemo<I18nValue>(
    () => ({ lang, setLang, t: (key, params) => translate(lang, key, params), fmt: makeFormatters(lang) }),
    [lang, setLang],
  );
  document.documentElement.lang = lang;
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}

/** The Vietnamese or English message of an engine Problem / a bilingual server message. */
export function bilingual(lang: Lang, vi: string, en?: string | null): string {
  if (lang === 'en' && en) return en;
  if (lang === 'en' && vi.includes(' / ')) return vi.split(' / ').slice(1).join(' / ');
  if (lang === 'vi' && !en && vi.includes(' / ')) return vi.split(' / ')[0];
  return vi;
}

export function LanguageSwitch({ className = '' }: { className?: string }) {
  const { lang, setLang, t } = useI18n();
  return (
    <div className={`lang-switch ${className}`} role="group" aria-label={t('lang.label')}>
      <button type="button" className={lang === 'vi' ? 'active' : ''} aria-pressed={lang === 'vi'} onClick={() => setLang('vi')} title="Tiếng Việt">
        VI
      </button>
      <button type="button" className={lang === 'en' ? 'active' : ''} aria-pressed={lang === 'en'} onClick={() => setLang('en')} title="English">
        EN
      </button>
    </div>
  );
}
