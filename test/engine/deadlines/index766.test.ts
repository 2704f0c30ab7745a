// The Decision 766 index's "on time" for one dossier, on the 2026 office calendar
// (DECISION_2026: Tết from Saturday 14 to Sunday 22 February, Friday 2 January off and
// Saturday 10 January worked instead).
import { describe, expect, it } from 'vitest';
import { WorkingCalendar } from '../../../engine/calendar/index.js';
import { DECISION_2026 } from '../../../engine/calendar/decisions.js';
import {
  computeAppointment,
  index766FinishedAt,
  index766Points,
  judgeIndex766,
  type Index766Facts,
} from '../../../engine/deadlines/index.js';
import { at, local } from '../calendar/fixtures/at.js';

const cal = new WorkingCalendar({ overrides: [DECISION_2026] });
const iso = (s: string) => at(s).toISOString();

/** A dossier received at `received` with a limit of `limit` working days. */
function dossier(received: string, limit: string, more: Partial<Index766Facts> = {}): Index766Facts {
  const { appointmentAt } = computeAppointment(cal, at(received), limit, 'working');
  return { originalAppointmentAt: appointmentAt.toISOString(), supplements: [], apologies: [], finishedAt: null, ...more };
}

const END_OF_FEBRUARY = at('2026-03-01T00:00:00+07:00');

describe('on time by the Decision 766 rule', () => {
  it('counts over Tết 2026: three working days from Thursday 12 February end on Tuesday 24 February 09:00', () => {
    const d = dossier('2026-02-12T09:00:00+07:00', 'P3D');
    // Thursday 09:00–17:00 (6 h), Friday (7.5 h), Tết Monday 16 – Friday 20 off, Monday 23 (7.5 h), Tuesday 07:30 + 1.5 h.
    expect(local(new Date(d.originalAppointmentAt))).toBe('2026-02-24T09:00:00+07:00');
    expect(judgeIndex766(cal, { ...d, finishedAt: iso('2026-02-24T09:00:00+07:00') }, END_OF_FEBRUARY)).toMatchObject({ onTime: true, reason: null });
    expect(judgeIndex766(cal, { ...d, finishedAt: iso('2026-02-24T09:30:00+07:00') }, END_OF_FEBRUARY)).toMatchObject({
      onTime: false,
      reason: 'finishedLate',
    });
  });

  it('leaves the supplement time out: a pause from Friday 13 February 10:00 to Monday 23 February 10:00 is one working day, not ten days', () => {
    const d = dossier('2026-02-12T09:00:00+07:00', 'P3D', {
      supplements: [{ requestedAt: iso('2026-02-13T10:00:00+07:00'), supplementedAt: iso('2026-02-23T10:00:00+07:00') }],
      finishedAt: iso('2026-02-25T08:30:00+07:00'),
    });
    const j = judgeIndex766(cal, d, END_OF_FEBRUARY);
    expect(local(new Date(j.dueAt))).toBe('2026-02-25T09:00:00+07:00');
    expect(j).toMatchObject({ onTime: true, reason: null });
  });

  it('counts a dossier with two supplement requests as late, even finished early', () => {
    const d = dossier('2026-03-02T08:00:00+07:00', 'P10D', {
      supplements: [
        { requestedAt: iso('2026-03-02T09:00:00+07:00'), supplementedAt: iso('2026-03-03T09:00:00+07:00') },
        { requestedAt: iso('2026-03-04T09:00:00+07:00'), supplementedAt: iso('2026-03-05T09:00:00+07:00') },
      ],
      finishedAt: iso('2026-03-06T10:00:00+07:00'),
    });
    expect(judgeIndex766(cal, d, at('2026-04-01T00:00:00+07:00'))).toMatchObject({ onTime: false, reason: 'supplements' });
    // One request is allowed: on time.
    expect(judgeIndex766(cal, { ...d, supplements: d.supplements.slice(0, 1) }, at('2026-04-01T00:00:00+07:00')).onTime).toBe(true);
    // A province that allows two passes its policy.
    expect(judgeIndex766(cal, d, at('2026-04-01T00:00:00+07:00'), { maxSupplementRequests: 2, apologyIsLate: true }).onTime).toBe(true);
  });

  it('judges an open dossier at the end of the period: Friday 30 January 17:00 has passed by the end of January, not Monday 2 February', () => {
    const endOfJanuary = at('2026-02-01T00:00:00+07:00');
    // Received Tuesday 27 January 17:00 (after hours: counts from Wednesday 07:30), P3D → Friday 30 January 17:00.
    const friday = dossier('2026-01-27T17:00:00+07:00', 'P3D');
    expect(local(new Date(friday.originalAppointmentAt))).toBe('2026-01-30T17:00:00+07:00');
    expect(judgeIndex766(cal, friday, endOfJanuary)).toMatchObject({ onTime: false, reason: 'overdue', judgedAt: endOfJanuary.toISOString() });
    // Received Wednesday 28 January 08:00, P3D → Monday 2 February 08:00 (the weekend does not count): still on time.
    const monday = dossier('2026-01-28T08:00:00+07:00', 'P3D');
    expect(local(new Date(monday.originalAppointmentAt))).toBe('2026-02-02T08:00:00+07:00');
    expect(judgeIndex766(cal, monday, endOfJanuary)).toMatchObject({ onTime: true });
    // Finished after the period: judged open at its end.
    expect(judgeIndex766(cal, { ...friday, finishedAt: iso('2026-02-03T09:00:00+07:00') }, endOfJanuary).reason).toBe('overdue');
  });

  it('counts Saturday 10 January 2026, the make-up day, as a working day, and Friday 2 January not', () => {
    // Received Friday 9 January 09:00, P1D → Saturday 10 January 09:00.
    const d = dossier('2026-01-09T09:00:00+07:00', 'P1D');
    expect(local(new Date(d.originalAppointmentAt))).toBe('2026-01-10T09:00:00+07:00');
    expect(judgeIndex766(cal, { ...d, finishedAt: iso('2026-01-12T08:00:00+07:00') }, at('2026-02-01T00:00:00+07:00')).onTime).toBe(false);
    // Received Wednesday 31 December 2025 09:00, P1D → Thursday 1 January is a holiday, Friday 2 January too: Monday 5 January 09:00.
    const newYear = dossier('2025-12-31T09:00:00+07:00', 'P1D');
    expect(local(new Date(newYear.originalAppointmentAt))).toBe('2026-01-05T09:00:00+07:00');
  });

  it('judges a dossier waiting for the citizen at the period end by when the pause began', () => {
    const end = at('2026-03-01T00:00:00+07:00');
    // Due Tuesday 24 February 09:00; paused Monday 23 February, still paused on 1 March: on time.
    const d = dossier('2026-02-12T09:00:00+07:00', 'P3D');
    const pausedBefore = { ...d, supplements: [{ requestedAt: iso('2026-02-23T10:00:00+07:00'), supplementedAt: null }] };
    expect(judgeIndex766(cal, pausedBefore, end).onTime).toBe(true);
    // Paused on Wednesday 25 February, after the due instant: late.
    const pausedAfter = { ...d, supplements: [{ requestedAt: iso('2026-02-25T10:00:00+07:00'), supplementedAt: null }] };
    expect(judgeIndex766(cal, pausedAfter, end)).toMatchObject({ onTime: false, reason: 'overdue' });
  });

  it('counts an apology slip as late (policy default, configurable)', () => {
    const d = dossier('2026-03-02T08:00:00+07:00', 'P5D', { apologies: [iso('2026-03-05T10:00:00+07:00')], finishedAt: iso('2026-03-06T10:00:00+07:00') });
    expect(judgeIndex766(cal, d, at('2026-04-01T00:00:00+07:00')).reason).toBe('apology');
    expect(judgeIndex766(cal, d, at('2026-04-01T00:00:00+07:00'), { maxSupplementRequests: 1, apologyIsLate: false }).onTime).toBe(true);
  });

  it('finishes a dossier at the first of result ready, returned, closed otherwise', () => {
    expect(index766FinishedAt({ resolvedAt: '2026-03-05T03:00:00.000Z', returnedAt: '2026-03-09T03:00:00.000Z', closedAt: '2026-03-09T03:00:00.000Z' })).toBe(
      '2026-03-05T03:00:00.000Z',
    );
    expect(index766FinishedAt({ resolvedAt: null, returnedAt: null, closedAt: '2026-03-04T03:00:00.000Z' })).toBe('2026-03-04T03:00:00.000Z');
    expect(index766FinishedAt({ resolvedAt: null, returnedAt: null, closedAt: null })).toBeNull();
  });

  it('scores a metric as its maximum times the ratio, and nothing without a denominator', () => {
    expect(index766Points(20, 3, 4)).toBe(15);
    expect(index766Points(6, 1, 3)).toBe(2);
    expect(index766Points(20, 0, 0)).toBeNull();
  });
});
