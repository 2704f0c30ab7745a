// When the page renews its sign-in and when it warns (designer/src/sessionTiming.ts).
import { describe, expect, it } from 'vitest';
import { WARN_BEFORE_MS, adviseSession, timingOf } from '../../designer/src/sessionTiming.js';

const MIN = 60_000;
/** An unsigned JWT with these claims: the page only reads them. */
function token(iatSeconds: number, expSeconds: number): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'HS256' })}.${part({ sub: '1', iat: iatSeconds, exp: expSeconds })}.sig`;
}

// The server signs at 08:00 its time for two hours, the session capped at 20:00.
const SERVER_08 = Date.UTC(2026, 10, 30, 1, 0) / 1000;
const tok = token(SERVER_08, SERVER_08 + 2 * 3600);
const ENDS = new Date((SERVER_08 + 12 * 3600) * 1000).toISOString();

describe('the sign-in timing on the page', () => {
  it('counts the token’s life from when the page got it, whatever hour the browser thinks it is', () => {
    const wrongClock = Date.UTC(2020, 0, 1, 0, 0); // a PC with its clock years off
    const timing = timingOf(tok, ENDS, wrongClock)!;
    expect(timing.expiresAt - wrongClock).toBe(120 * MIN);
    expect(timing.endsAt - wrongClock).toBe(12 * 60 * MIN);
    expect(timingOf('not a token', ENDS, wrongClock)).toBeNull();
  });

  it('renews once half the token’s life is gone if the clerk worked since it came, not before, not when idle', () => {
    const t = timingOf(tok, ENDS, 0)!;
    expect(adviseSession(t, 30 * MIN, 10 * MIN)).toEqual({ kind: 'ok' });
    expect(adviseSession(t, 60 * MIN, 10 * MIN)).toEqual({ kind: 'renew' });
    // Idle since the token came: no renewal, and five minutes before the end a warning.
    expect(adviseSession(t, 60 * MIN, 0)).toEqual({ kind: 'ok' });
    expect(adviseSession(t, 120 * MIN - WARN_BEFORE_MS, 0)).toEqual({ kind: 'warn', at: 120 * MIN, final: false });
    expect(adviseSession(t, 120 * MIN, 0)).toEqual({ kind: 'expired' });
  });

  it('warns of the session’s hard cap, which no activity renews past', () => {
    // The last token of the day: it expires exactly at the cap.
    const last = token(SERVER_08 + 11 * 3600, SERVER_08 + 12 * 3600);
    const t = timingOf(last, ENDS, 0)!;
    expect(t.expiresAt).toBe(t.endsAt);
    expect(adviseSession(t, 40 * MIN, 39 * MIN)).toEqual({ kind: 'ok' });
    expect(adviseSession(t, 56 * MIN, 55 * MIN)).toEqual({ kind: 'warn', at: 60 * MIN, final: true });
  });
});
