import { IANAZone } from 'luxon';

import { MS_PER_MINUTE } from './localDate.js';

const WEEK_MS = 7 * 86_400_000;
const MAX_CACHED_WEEKS = 20_000;

/**
 * Converts instants to the office's wall clock and back, using luxon's IANA zone data.
 * Asking luxon for an offset costs microseconds, so offsets are cached per UTC week:
 * a week whose first and last millisecond share an offset is treated as constant
 * (Asia/Ho_Chi_Minh has been UTC+7 since 1975; zones with daylight saving change at most
 * twice a year, never twice in one week). Weeks containing a change use luxon every time.
 */
export class ZoneClock {
  readonly zone: IANAZone;
  private readonly weekOffsets = new Map<number, number>();

  constructor(timeZone: string) {
    this.zone = IANAZone.create(timeZone);
  }

  get isValid(): boolean {
    return this.zone.isValid;
  }

  /** Offset of the wall clock from UTC at `utcMs`, in ms. */
  offsetMs(utcMs: number): number {
    const week = Math.floor(utcMs / WEEK_MS);
    let cached = this.weekOffsets.get(week);
    if (cached === undefined) {
      const first = this.zone.offset(week * WEEK_MS);
      const last = this.zone.offset(week * WEEK_MS + WEEK_MS - 1);
      cached = first === last ? first * MS_PER_MINUTE : Number.NaN;
      if (this.weekOffsets.size >= MAX_CACHED_WEEKS) this.weekOffsets.clear();
      this.weekOffsets.set(week, cached);
    }
    return Number.isNaN(cached) ? this.zone.offset(utcMs) * MS_PER_MINUTE : cached;
  }

  /** Wall-clock time as if it were UTC ms (so day = floor(local / day length)). */
  toLocalMs(utcMs: number): number {
    return utcMs + this.offsetMs(utcMs);
  }

  /**
   * The instant showing `localMs` on the wall clock. In a daylight-saving gap the later
   * offset wins and in an overlap the earlier instant; both sit outside any office hours.
   */
  toUtcMs(localMs: number): number {
    const o1 = this.offsetMs(localMs);
    const guess = localMs - o1;
    const o2 = this.offsetMs(guess);
    if (o1 === o2) return guess;
    const second = localMs - o2;
    const o3 = this.offsetMs(second);
    if (o2 === o3) return second;
    return localMs - Math.max(o2, o3);
  }
}
