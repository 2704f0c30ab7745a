// Vietnamese first, English on request. Every string a screen shows is a key in vi.json
// and en.json (the type below refuses an en.json that lacks a key of vi.json). Dates are
// always shown on the office's clock (Asia/Ho_Chi_Minh), wherever the browser is.
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import en from './en.json';
import vi from './vi.json';

export type MessageKey = keyof typeof vi;
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

const dictionaries: Record<Lang, Record<MessageKey, string>> = { vi, en };

// The formatters live in format.ts (no dictionary, no React: plain functions the tests import).
export { TIME_ZONE, WORKING_DAY_MINUTES, bilingual, makeFormatters, type Formatters } from './format.js';
import { makeFormatters, type Formatters, type Lang } from './format.js';
export type { Lang };
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
