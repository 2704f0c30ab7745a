// One month as the office sees it: weeks from Monday, days off shaded, and whatever the
// caller wants marked on a day (due dates, the appointment, a holiday's name).
import type { ReactNode } from 'react';
import { addDays, weekdayOf } from '../../../engine/calendar/index.js';
import { useI18n } from '../i18n/index.js';

export interface DayCell {
  off: boolean;
  className?: string;
  title?: string;
  content?: ReactNode;
  onClick?: () => void;
}

const pad = (n: number) => String(n).padStart(2, '0');

export function MonthGrid({ year, month, cell }: { year: number; month: number; cell(date: string): DayCell }) {
  const { lang } = useI18n();
  const first = `${year}-${pad(month)}-01`;
  const lead = weekdayOf(first) - 1; // Monday first
  const days: string[] = [];
  for (let d = first; d.startsWith(`${year}-${pad(month)}`); d = addDays(d, 1)) days.push(d);
  const names = lang === 'vi' ? ['T2', 'T3', 'T4', 'T5', 'T6', 'T7', 'CN'] : ['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su'];
  const title = new Intl.DateTimeFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(year, month - 1, 1)));
  return (
    <div className="month">
      <div className="month-title">{title}</div>
      <div className="month-grid">
        {names.map((n) => (
          <div key={n} className="month-dow">
            {n}
          </div>
        ))}
        {Array.from({ length: lead }, (_, i) => (
          <div key={`lead-${i}`} className="month-day empty" />
        ))}
        {days.map((date) => {
          const info = cell(date);
          const classes = ['month-day', info.off ? 'off' : 'work', info.className ?? '', info.onClick ? 'clickable' : ''].join(' ');
          const body = (
            <>
              <span className="month-num">{Number(date.slice(8))}</span>
              {info.content}
            </>
          );
          return info.onClick ? (
            <button type="button" key={date} className={classes} title={info.title} onClick={info.onClick} data-date={date}>
              {body}
            </button>
          ) : (
            <div key={date} className={classes} title={info.title} data-date={date}>
              {body}
            </div>
          );
        })}
      </div>
    </div>
  );
}
