// The office's time, as the server sees it. The server's clock is injected (a manual
// clock in demos and acceptance tests), so countdowns use the server's "now" — learned
// from the X-Server-Time of every API answer (and /api/health at start) — moved along by
// the browser's own clock between answers.
import { useEffect, useState } from 'react';
import { onServerTimeSeen } from './api/client.js';
// The calendar alone, not engine/index.ts: that one also loads bpmn-moddle, which every page would then download.
import { OFFICIAL_DECISIONS, WorkingCalendar, type YearOverride } from '../../engine/calendar/index.js';
import { api } from './api/endpoints.js';

let offsetMs = 0;
let synced: Promise<void> | null = null;
let isSynced = false;
/** Browser ms at which the request behind the latest offset left: an older answer arriving late does not win. */
let offsetSentAt = -Infinity;

/** Learns the offset from one answer: its server instant against the middle of its round trip. */
export function learnServerTime(serverTime: Date, sentAt: number, receivedAt: number): void {
  if (sentAt < offsetSentAt) return;
  offsetSentAt = sentAt;
  offsetMs = serverTime.getTime() - (sentAt + receivedAt) / 2;
  isSynced = true;
}
onServerTimeSeen(learnServerTime);

export function serverNow(): Date {
  return new Date(Date.now() + offsetMs);
}

/** Learns the server's clock once (again with `force`); failures leave the browser's clock. */
export function syncServerClock(force = false): Promise<void> {
  if (synced && !force) return synced;
  synced = (async () => {
    try {
      const before = Date.now();
      const { now } = await api.health();
      // The answer's X-Server-Time has already set the offset; an older server only says `now`.
      if (offsetSentAt < before) learnServerTime(new Date(now), before, Date.now());
    } catch {
      // Unreachable: keep what earlier answers taught (the browser's clock if none).
    }
    isSynced = true;
  })();
  return synced;
}

/**
 * The server's "now" once learned, null before: a screen that derives a period or a
 * default date from "today" waits for it (in a demo the server's clock may stand in
 * another month than the browser's).
 */
export function useServerNow(): Date | null {
  const [now, setNow] = useState<Date | null>(() => (isSynced ? serverNow() : null));
  useEffect(() => {
    let alive = true;
    void syncServerClock().then(() => alive && setNow(serverNow()));
    return () => {
      alive = false;
    };
  }, []);
  return now;
}

/** Server "now", refreshed every `everyMs` so countdowns tick. */
export function useNow(everyMs = 30_000): Date {
  const [now, setNow] = useState(serverNow);
  useEffect(() => {
    let alive = true;
    void syncServerClock().then(() => alive && setNow(serverNow()));
    const timer = window.setInterval(() => setNow(serverNow()), everyMs);
    return () => {
      alive = false;
      window.clearInterval(timer);
    };
  }, [everyMs]);
  return now;
}

const overrides = new Map<number, YearOverride>(OFFICIAL_DECISIONS.map((o) => [o.year, o]));
let calendar = new WorkingCalendar({ overrides: [...overrides.values()] });
const fetched = new Set<number>();

/**
 * The working calendar with the admin's overrides of the given years when this user may
 * read them (GET /calendar/:year is admin-only); otherwise the official decisions that
 * shipped with the engine, which is what the server seeds.
 */
export async function officeCalendar(years: number[] = []): Promise<WorkingCalendar> {
  const missing = years.filter((y) => !fetched.has(y));
  if (missing.length > 0) {
    await Promise.all(
      missing.map(async (year) => {
        fetched.add(year);
        try {
          const effective = await api.calendar(year);
          overrides.set(year, { year, holidays: effective.holidays ?? [], workingDays: effective.workingDays ?? [] });
        } catch {
          // Not an admin, or the server is older: keep the shipped decisions.
        }
      }),
    );
    calendar = new WorkingCalendar({ overrides: [...overrides.values()] });
  }
  return calendar;
}

/** The calendar known so far, without waiting. */
export function currentCalendar(): WorkingCalendar {
  return calendar;
}

/** Drops a year's cached override after an admin saved it. */
export function forgetCalendarYear(year: number): void {
  fetched.delete(year);
}

/**
 * After login: learn the server's clock and the admin's calendar of this year and the
 * next (countdowns and simulations then agree with the server), and re-learn the clock
 * every few minutes (a demo's manual clock moves in jumps).
 */
export function useOfficeTime(enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return;
    const warm = async (force: boolean) => {
      await syncServerClock(force);
      const year = Number(calendar.localDate(serverNow()).slice(0, 4));
      await officeCalendar([year, year + 1]);
    };
    void warm(false);
    const timer = window.setInterval(() => void warm(true), 5 * 60_000);
    return () => window.clearInterval(timer);
  }, [enabled]);
}
