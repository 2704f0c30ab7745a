// The clock is injected everywhere: the engine takes `now` as an argument, and the
// server asks one Clock for it. MOTCUA_CLOCK=manual swaps in a clock an admin moves
// (kept in the database by the server issue, so every process agrees).

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
