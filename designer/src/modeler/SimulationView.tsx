// "If a dossier came in at …": the appointment and every step's due date on the office
// calendar, computed by the engine's calendar and deadline functions.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ProcedureModel, WorkingCalendar } from '../../../engine/index.js';
import { MonthGrid } from '../components/MonthGrid.js';
import { TIME_ZONE, useI18n } from '../i18n/index.js';
import { roleLabel } from '../labels.js';
import { currentCalendar, officeCalendar, serverNow, syncServerClock } from '../time.js';
import { simulate } from './simulate.js';
import { durationMinutes, type TimeBudget } from './timeBudget.js';

/** An instant as the office's wall clock: "2026-03-02T09:00". */
export function toLocalInput(date: Date): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour === '24' ? '00' : parts.hour}:${parts.minute}`;
}

export function fromLocalInput(calendar: WorkingCalendar, value: string): Date | null {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})$/.exec(value);
  return m ? calendar.atLocal(m[1], m[2]) : null;
}

export function SimulationView({ model, budget, agencyName }: { model: ProcedureModel | null; budget: TimeBudget | null; agencyName(selector: string | null): string }) {
  const { t, fmt, lang } = useI18n();
  const [value, setValue] = useState(() => toLocalInput(serverNow()));
  const touched = useRef(false);
  useEffect(() => {
    // Start from the server's "now" (a demo's manual clock), unless the officer already picked a time.
    void syncServerClock().then(() => {
      if (!touched.current) setValue(toLocalInput(serverNow()));
    });
  }, []);
  const [calendar, setCalendar] = useState<WorkingCalendar>(currentCalendar);
  const year = Number(value.slice(0, 4));

  useEffect(() => {
    if (!Number.isInteger(year)) return;
    let alive = true;
    void officeCalendar([year, year + 1]).then((c) => alive && setCalendar(c));
    return () => {
      alive = false;
    };
  }, [year]);

  const receivedAt = useMemo(() => fromLocalInput(calendar, value), [calendar, value]);
  const result = useMemo(() => (model && budget && receivedAt ? simulate(model, budget, calendar, receivedAt) : null), [model, budget, calendar, receivedAt]);

  if (!model || !budget) return <div className="notice notice-warning">{t('simulation.noModel')}</div>;

  const months: { year: number; month: number }[] = [];
  if (result) {
    const end = result.appointmentAt ?? result.plannedEndAt;
    const startDate = calendar.localDate(result.receivedAt);
    const endDate = calendar.localDate(end > result.plannedEndAt ? end : result.plannedEndAt);
    let y = Number(startDate.slice(0, 4));
    let m = Number(startDate.slice(5, 7));
    const lastKey = Number(endDate.slice(0, 4)) * 12 + Number(endDate.slice(5, 7));
    while (y * 12 + m <= lastKey && months.length < 4) {
      months.push({ year: y, month: m });
      m += 1;
      if (m > 12) {
        m = 1;
        y += 1;
      }
    }
  }
  const dueByDate = new Map<string, number[]>();
  result?.steps.forEach((s, i) => {
    if (!s.dueAt) return;
    const d = calendar.localDate(s.dueAt);
    dueByDate.set(d, [...(dueByDate.get(d) ?? []), i + 1]);
  });
  const receivedDate = result ? calendar.localDate(result.receivedAt) : '';
  const appointmentDate = result?.appointmentAt ? calendar.localDate(result.appointmentAt) : '';
  const daysOff = new Map<string, string>();
  for (const { year: y } of months) for (const off of calendar.daysOff(y)) daysOff.set(off.date, lang === 'vi' ? off.name : off.nameEn);

  return (
    <div className="simulation" data-testid="simulation">
      <div className="simulation-controls card">
        <label className="field inline">
          <span>{t('simulation.receivedAt')}</span>
          <input type="datetime-local" value={value} onChange={(e) => {
              touched.current = true;
              setValue(e.target.value);
            }} data-testid="simulation-received" />
        </label>
        <p className="muted small">{t('simulation.explain')}</p>
      </div>
      {result && (
        <>
          <div className="stat-row">
            <div className="stat">
              <span className="stat-label">{t('simulation.received')}</span>
              <span className="stat-value small">{fmt.weekdayDate(result.receivedAt)}</span>
              <span className="muted">{fmt.time(result.receivedAt)}</span>
            </div>
            <div className="stat">
              <span className="stat-label">{t('simulation.countingFrom')}</span>
              <span className="stat-value small">{fmt.weekdayDate(result.countingFrom)}</span>
              <span className="muted">{fmt.time(result.countingFrom)}</span>
            </div>
            <div className="stat stat-accent">
              <span className="stat-label">{t('simulation.appointment')}</span>
              <span className="stat-value small" data-testid="simulation-appointment">
                {result.appointmentAt ? fmt.weekdayDate(result.appointmentAt) : '—'}
              </span>
              <span className="muted">{result.appointmentAt ? fmt.time(result.appointmentAt) : result.error ? t('simulation.noLimit') : ''}</span>
            </div>
            <div className={`stat ${result.appointmentAt && result.plannedEndAt > result.appointmentAt ? 'stat-danger' : ''}`}>
              <span className="stat-label">{t('simulation.plannedEnd')}</span>
              <span className="stat-value small">{fmt.weekdayDate(result.plannedEndAt)}</span>
              <span className="muted">{fmt.time(result.plannedEndAt)}</span>
            </div>
          </div>
          <div className="simulation-body">
            <table className="table">
              <thead>
                <tr>
                  <th>#</th>
                  <th>{t('simulation.step')}</th>
                  <th>{t('simulation.role')}</th>
                  <th>{t('simulation.agency')}</th>
                  <th>{t('simulation.allotted')}</th>
                  <th>{t('simulation.starts')}</th>
                  <th>{t('simulation.due')}</th>
                </tr>
              </thead>
              <tbody>
                {result.steps.map((s, i) => (
                  <tr key={s.id}>
                    <td>
                      <span className="step-num">{i + 1}</span>
                    </td>
                    <td>{s.name}</td>
                    <td>{s.role ? roleLabel(t, s.role) : '—'}</td>
                    <td>{s.type === 'userTask' ? agencyName(s.agency) : '—'}</td>
                    <td>{s.allotted ? fmt.working(durationMinutes(s.allotted, budget.dayCount) ?? 0) : t('simulation.noAllotment')}</td>
                    <td>{fmt.dateTime(s.startsAt)}</td>
                    <td className="strong">{s.dueAt ? fmt.dateTime(s.dueAt) : '—'}</td>
                  </tr>
                ))}
                {result.steps.length === 0 && (
                  <tr>
                    <td colSpan={7} className="muted">
                      {t('simulation.noSteps')}
                    </td>
                  </tr>
                )}
              </tbody>
            </table>
            <div className="months">
              {months.map(({ year: y, month: m }) => (
                <MonthGrid
                  key={`${y}-${m}`}
                  year={y}
                  month={m}
                  cell={(date) => {
                    const dues = dueByDate.get(date);
                    const classes = [date === receivedDate ? 'received' : '', date === appointmentDate ? 'appointment' : '', dues ? 'due' : ''].join(' ');
                    return {
                      off: !calendar.isWorkingDay(date),
                      className: classes,
                      title: daysOff.get(date),
                      content: dues ? <span className="month-marks">{dues.join(',')}</span> : null,
                    };
                  }}
                />
              ))}
              <div className="legend">
                <span className="legend-item received">{t('simulation.legendReceived')}</span>
                <span className="legend-item due">{t('simulation.legendDue')}</span>
                <span className="legend-item appointment">{t('simulation.legendAppointment')}</span>
                <span className="legend-item off">{t('simulation.legendOff')}</span>
              </div>
            </div>
          </div>
        </>
      )}
    </div>
  );
}
