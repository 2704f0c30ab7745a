// Properties over many generated instants: adding and measuring working time are inverse,
// across weekends, Tết, the year boundary and the decided days off.
import { describe, expect, it } from 'vitest';

import { WorkingCalendar } from '../../../engine/calendar/index.js';
import { DECISION_2025, DECISION_2026 } from '../../../engine/calendar/decisions.js';
import { at } from './fixtures/at.js';

/** Small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const FROM = at('2024-12-01T00:00:00+07:00').getTime();
const TO = at('2028-01-31T00:00:00+07:00').getTime();

const calendars: [string, WorkingCalendar][] = [
  ['computed defaults', new WorkingCalendar()],
  ['2025 and 2026 decisions', new WorkingCalendar({ overrides: [DECISION_2025, DECISION_2026] })],
];

describe.each(calendars)('working time properties (%s)', (_, cal) => {
  it('measures back exactly what was added, from instants inside office hours', () => {
    const next = random(2026);
    let checked = 0;
    while (checked < 3000) {
      const start = new Date(FROM + Math.floor(next() * (TO - FROM) / 60_000) * 60_000);
      if (!cal.isOfficeTime(start)) continue;
      const minutes = next() < 0.5 ? Math.floor(next() * 450 * 40) + 1 : Math.floor(next() * 30) * 225 + 225;
      const end = cal.addWorkingTime(start, minutes);
      expect(cal.workingTimeBetween(start, end), `${start.toISOString()} + ${minutes}`).toBe(minutes);
      checked++;
    }
  });

  it('returns the earliest such instant: one millisecond earlier is not enough', () => {
    const next = random(7);
    for (let i = 0; i < 1000; i++) {
      const start = new Date(FROM + Math.floor(next() * (TO - FROM)));
      const minutes = Math.floor(next() * 450 * 20) + 1;
      const end = cal.addWorkingTime(start, minutes);
      expect(cal.workingTimeBetween(start, end)).toBe(minutes);
      expect(cal.workingTimeBetween(start, new Date(end.getTime() - 1))).toBeLessThan(minutes);
    }
  });

  it('counts from the next opening when the start is outside office hours', () => {
    const next = random(42);
    for (let i = 0; i < 1000; i++) {
      const start = new Date(FROM + Math.floor(next() * (TO - FROM)));
      const days = `P${Math.floor(next() * 20) + 1}D`;
      expect(cal.addWorkingTime(start, days).getTime()).toBe(cal.addWorkingTime(cal.nextOpening(start), days).getTime());
    }
  });

  it('adds up: the time from a to c is the time from a to b plus from b to c', () => {
    const next = random(99);
    for (let i = 0; i < 1000; i++) {
      const [a, b, c] = [next(), next(), next()].map((x) => FROM + Math.floor(x * (TO - FROM))).sort((x, y) => x - y);
      const ab = cal.workingTimeBetween(new Date(a), new Date(b));
      const bc = cal.workingTimeBetween(new Date(b), new Date(c));
      expect(cal.workingTimeBetween(new Date(a), new Date(c))).toBeCloseTo(ab + bc, 6);
    }
  });

  it('agrees with a day-by-day count over whole years (2025 through 2027)', () => {
    let workingDays = 0;
    for (let t = at('2025-01-01T12:00:00+07:00').getTime(); t < at('2028-01-01T00:00:00+07:00').getTime(); t += 86_400_000) {
      if (cal.isWorkingDay(cal.localDate(new Date(t)))) workingDays++;
    }
    expect(cal.workingTimeBetween(at('2025-01-01T00:00:00+07:00'), at('2028-01-01T00:00:00+07:00'))).toBe(workingDays * 450);
    const end = cal.addWorkingTime(at('2024-12-31T17:00:00+07:00'), workingDays * 450);
    expect(cal.localDate(end)).toBe(cal.localDate(at('2027-12-31T12:00:00+07:00')));
  });
});
