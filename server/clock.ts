// The clock is injected everywhere: the engine takes `now` as an argument, and the
// server asks one Clock for it. MOTCUA_CLOCK=manual swaps in a ManualClock an admin
// moves (CONTRACT.md §5); its value lives in the database, so every process agrees.
import type { Knex } from 'knex';
import { dbInstant } from './store/db.js';
import { getSetting, initSetting, putSetting } from './store/index.js';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = {
  now: () => new Date(),
};

/** A clock that stands still until told otherwise — for tests and demos. */
export class FixedClock implements Clock {
  private current: Date;

  constructor(start: Date | string) {
    this.current = new Date(start);
  }

  now(): Date {
    return new Date(this.current);
  }

  set(at: Date | string): void {
    this.current = new Date(at);
  }

  advanceMinutes(minutes: number): void {
    this.current = new Date(this.current.getTime() + minutes * 60_000);
  }
}

/** The `settings` key holding the manual clock's instant. */
export const MANUAL_CLOCK_SETTING = 'manual_clock';

/**
 * MOTCUA_CLOCK=manual: time stands still until an admin moves it. The value is the
 * `manual_clock` row of `settings`; it is cached here so `now()` stays synchronous,
 * and re-read (`reload`) wherever another process may have moved it — before each
 * scheduler pass, on GET /api/admin/clock, before each API request and socket
 * handshake. It moves to any instant, earlier or later (CONTRACT.md §6.1): a demo of
 * Tết 2026 or of last quarter's report starts in the past. A move back undoes nothing
 * already recorded, and every process follows it at its next reload.
 */
export class ManualClock implements Clock {
  private current: Date;

  private constructor(
    private readonly db: Knex,
    start: string,
  ) {
    this.current = new Date(start);
  }

  /** Loads the stored instant, or stores `initial` (MOTCUA_CLOCK_START, else the real time) when there is none. */
  static async open(db: Knex, initial: Date): Promise<ManualClock> {
    const stored = await initSetting(db, MANUAL_CLOCK_SETTING, dbInstant(initial.toISOString()));
    return new ManualClock(db, stored);
  }

  now(): Date {
    return new Date(this.current);
  }

  /** Picks up a move made by another process, forwards or back. */
  async reload(): Promise<Date> {
    const stored = await getSetting(this.db, MANUAL_CLOCK_SETTING);
    if (stored !== null) this.adopt(stored);
    return this.now();
  }

  /**
   * Puts the clock at `at` for every process and returns where it stands. Callers that
   * must run due work on the way go through Scheduler.advanceTo instead.
   */
  async set(at: Date): Promise<Date> {
    const value = dbInstant(at.toISOString());
    await putSetting(this.db, MANUAL_CLOCK_SETTING, value);
    this.adopt(value);
    return this.now();
  }

  private adopt(stored: string): void {
    const at = new Date(stored);
    if (!Number.isNaN(at.getTime())) this.current = at;
  }
}

/**
 * Where a fresh manual clock starts: MOTCUA_CLOCK_START (an ISO 8601 instant with its
 * offset), else `fallback`. A value that is not such an instant is refused rather than
 * silently replaced by today.
 */
export function manualClockStart(value: string | undefined, fallback: Date): Date {
  if (value === undefined || value.trim() === '') return fallback;
  const trimmed = value.trim();
  const at = new Date(trimmed);
  if (!/(Z|[+-]\d{2}:?\d{2})$/i.test(trimmed) || Number.isNaN(at.getTime())) {
    throw new RangeError(`MOTCUA_CLOCK_START must be an ISO 8601 instant with an offset, e.g. 2026-02-12T09:00:00+07:00; got "${value}"`);
  }
  return at;
}

export const isManualClock = (clock: Clock): clock is ManualClock => clock instanceof ManualClock;

/**
 * An ISO 8601 duration as plain elapsed milliseconds, for moving the manual clock:
 * `PT2H`, `P3D` (3 × 24 h, not working days), `P1W`, `P1DT30M`. Years and months have
 * no fixed length and are refused; returns null for anything that is not a duration.
 */
export function elapsedMilliseconds(duration: string): number | null {
  const match = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/.exec(duration.trim());
  if (!match || duration.trim() === 'P' || duration.trim().endsWith('T')) return null;
  const [, weeks, days, hours, minutes, seconds] = match;
  const n = (value: string | undefined) => (value === undefined ? 0 : Number(value.replace(',', '.')));
  return Math.round(((((n(weeks) * 7 + n(days)) * 24 + n(hours)) * 60 + n(minutes)) * 60 + n(seconds)) * 1000);
}
