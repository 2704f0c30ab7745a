// The web app's "now" is the server's: every API answer carries X-Server-Time, the API
// client hands it to time.ts, and the inbox learns at which server instant its
// `remainingWorkingMinutes` were counted — so a countdown never depends on the browser's
// clock or on how long ago another request synced it. No browser: fetch is stubbed.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { api } from '../../designer/src/api/endpoints.js';
import { serverNow } from '../../designer/src/time.js';

function answer(body: unknown, serverTime: string | null): Response {
  const headers = new Headers({ 'content-type': 'application/json' });
  if (serverTime) headers.set('X-Server-Time', serverTime);
  return new Response(JSON.stringify(body), { status: 200, headers });
}

describe('the web app on the server’s clock', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('takes the server’s instant of the inbox answer, and keeps its own "now" on that clock', async () => {
    // The server's clock stands in March 2026, the browser's wherever it is.
    vi.stubGlobal('fetch', vi.fn(async () => answer({ items: [], total: 0 }, '2026-03-11T02:30:00.000Z')));
    const { items, at } = await api.tasks();
    expect(items).toEqual([]);
    expect(at?.toISOString()).toBe('2026-03-11T02:30:00.000Z');
    expect(Math.abs(serverNow().getTime() - Date.parse('2026-03-11T02:30:00.000Z'))).toBeLessThan(1_000);
  });

  it('follows the server’s clock when it jumps (a demo’s manual clock), from any answer', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => answer({ ok: true, now: '2026-03-12T10:00:00.000Z', database: 'sqlite' }, '2026-03-12T10:00:00.000Z')));
    await api.health();
    expect(Math.abs(serverNow().getTime() - Date.parse('2026-03-12T10:00:00.000Z'))).toBeLessThan(1_000);
    const { dossier, at } = await api.dossierAt('d1');
    expect(dossier).toMatchObject({ ok: true });
    expect(at?.toISOString()).toBe('2026-03-12T10:00:00.000Z');
  });

  it('says so when a server answers without the header (the countdown then counts to the due time itself)', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => answer({ items: [], total: 0 }, null)));
    expect((await api.tasks()).at).toBeNull();
  });
});
