// Sign-in as a clerk lives it, in Chromium (CONTRACT.md §6.1): the demo's manual clock
// jumps a week and nobody is logged out; a clerk at work has the page renew her token
// without noticing; an idle one is warned five minutes before it ends and stays with one
// click; the page is dropped only after that. The browser's timers run on Playwright's
// fake clock and the server's session clock is a FixedClock moved in step with it, so
// nothing here waits for, or depends on, seconds of the wall clock.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../server/app.js';
import { FixedClock } from '../../server/clock.js';
import { ensureWebBuild } from '../../server/web.js';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];
const SCREENS = fileURLToPath(new URL('../.artifacts/sessions/', import.meta.url));
const ADMIN_PASSWORD = 'mat-khau-quan-tri-phien';
/** Monday 30 Nov 2026, 07:30 in Vietnam: the session clock (real time in production). */
const T0 = new Date('2026-11-30T07:30:00+07:00');
const MIN = 60_000;

describe.skipIf(!existsSync(CHROMIUM))('sign-in sessions in Chromium', () => {
  let tmp: string;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const sessionClock = new FixedClock(T0);
  const pageErrors: string[] = [];

  /** Both clocks of sign-in move together: the server's and the page's. */
  async function pass(minutes: number): Promise<void> {
    sessionClock.advanceMinutes(minutes);
    await page.clock.fastForward(minutes * MIN);
  }

  const storedToken = () => page.evaluate(() => (JSON.parse(localStorage.getItem('motcua.session') ?? '{}') as { token?: string }).token ?? null);

  async function adminCall(route: string, body: unknown): Promise<Record<string, unknown>> {
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
    });
    const { token } = (await login.json()) as { token: string };
    const res = await fetch(`${server.url}/api${route}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(200);
    return (await res.json()) as Record<string, unknown>;
  }

  beforeAll(async () => {
    await ensureWebBuild({ quiet: true });
    mkdirSync(SCREENS, { recursive: true });
    tmp = mkdtempSync(path.join(tmpdir(), 'motcua-sessions-'));
    server = await startServer({
      port: 0,
      host: '127.0.0.1',
      databaseUrl: path.join(tmp, 'motcua.db'),
      adminPassword: ADMIN_PASSWORD,
      // A demo before Tết 2026 on the manual business clock; sign-in on its own clock.
      manualClock: { initial: new Date('2026-02-12T09:00:00+07:00') },
      sessionClock,
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN' });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => pageErrors.push(error.stack ?? error.message));
    await page.clock.install({ time: T0 });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('stays logged in while the demo clock moves a week across Tết', async () => {
    await page.goto(`${server.url}/dang-nhap`);
    await page.fill('input[name=username]', 'commune.reception');
    await page.fill('input[name=password]', 'demo123');
    await page.click('button[type=submit]');
    await page.waitForURL((url) => !url.pathname.startsWith('/dang-nhap'));
    const moved = await adminCall('/admin/clock', { advance: 'P7D' });
    expect(moved.now).toBe(new Date('2026-02-19T09:00:00+07:00').toISOString());
    await page.goto(`${server.url}/viec-can-lam`);
    await page.locator('[data-testid=live-status][data-status=online]').waitFor();
    expect(new URL(page.url()).pathname).toBe('/viec-can-lam');
    expect(await page.locator('[data-testid=session-warning]').count()).toBe(0);
  });

  it('renews the token of a clerk at work without a word to her', async () => {
    const before = await storedToken();
    await page.locator('main').click({ position: { x: 5, y: 5 } });
    await pass(65);
    await expect.poll(storedToken).not.toBe(before);
    expect(await page.locator('[data-testid=session-warning]').count()).toBe(0);
    // The renewed token works against the server, whose sign-in clock says 08:35.
    const res = await fetch(`${server.url}/api/auth/me`, { headers: { authorization: `Bearer ${await storedToken()}` } });
    expect(res.status).toBe(200);
  });

  it('warns an idle clerk five minutes before the end, and one click keeps her signed in', async () => {
    // Renewed at 08:35 for two hours: at 10:31 four minutes are left.
    await pass(116);
    const warning = page.locator('[data-testid=session-warning]');
    await warning.waitFor();
    expect(await warning.getAttribute('data-final')).toBe('false');
    expect(await warning.textContent()).toContain('10:35');
    await page.screenshot({ path: path.join(SCREENS, 'session-warning-vi.png') });
    const before = await storedToken();
    await page.click('[data-testid=session-stay]');
    await warning.waitFor({ state: 'detached' });
    expect(await storedToken()).not.toBe(before);
    expect(new URL(page.url()).pathname).toBe('/viec-can-lam');
  });

  it('ends an idle session only after the warning, and says why on the login page', async () => {
    await pass(116);
    await page.locator('[data-testid=session-warning]').waitFor();
    await pass(5);
    await page.waitForURL((url) => url.pathname.startsWith('/dang-nhap'));
    await expect.poll(() => page.locator('.notice-warning').textContent()).toContain('hết hạn');
    expect(pageErrors).toEqual([]);
  });
});
