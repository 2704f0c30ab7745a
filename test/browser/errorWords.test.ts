// Words in Chromium, in both languages: a refusal of the server reads as the message
// catalogue's entry for its code in the language the clerk chose, and what a clerk typed
// — a reason with " / " in it — is shown whole in Vietnamese and in English, never cut
// at the slash as if it were "Vietnamese / English".
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../server/app.js';
import { ensureWebBuild } from '../../server/web.js';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];
const SCREENS = fileURLToPath(new URL('../.artifacts/error-words/', import.meta.url));
const ADMIN_PASSWORD = 'mat-khau-quan-tri-loi';
/** What the desk typed: slashes between alternatives, as clerks write them. */
const REASON = 'Thiếu bản sao CMND / CCCD của cha / mẹ; giấy chứng sinh chưa có dấu';
const ITEM = 'Bản sao CMND / CCCD';

describe.skipIf(!existsSync(CHROMIUM))('error words and typed reasons in Chromium', () => {
  let tmp: string;
  let server: RunningServer;
  let browser: Browser;
  const pageErrors: string[] = [];

  async function api<T>(token: string | null, method: string, route: string, body?: unknown): Promise<{ status: number; body: T }> {
    const res = await fetch(`${server.url}/api${route}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as T };
  }

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN' });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => pageErrors.push(error.stack ?? error.message));
    return page;
  }

  async function signIn(page: Page, username: string, password: string): Promise<void> {
    await page.fill('input[name=username]', username);
    await page.fill('input[name=password]', password);
    await page.click('button[type=submit]');
  }

  beforeAll(async () => {
    await ensureWebBuild({ quiet: true });
    mkdirSync(SCREENS, { recursive: true });
    tmp = mkdtempSync(path.join(tmpdir(), 'motcua-words-'));
    server = await startServer({
      port: 0,
      host: '127.0.0.1',
      databaseUrl: path.join(tmp, 'motcua.db'),
      adminPassword: ADMIN_PASSWORD,
      // A working Tuesday morning, before Tết 2026.
      manualClock: { initial: new Date('2026-02-10T09:00:00+07:00') },
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('words a refused login from the catalogue, in Vietnamese and then in English', async () => {
    const page = await newPage();
    await page.goto(`${server.url}/dang-nhap`);
    await signIn(page, 'commune.reception', 'sai-mat-khau');
    const alert = page.locator('[role=alert]');
    await expect.poll(() => alert.textContent()).toContain('Sai tên đăng nhập hoặc mật khẩu');
    expect(await alert.textContent()).not.toContain('Wrong username');
    await page.getByRole('button', { name: 'EN' }).click();
    await signIn(page, 'commune.reception', 'sai-mat-khau');
    await expect.poll(() => alert.textContent()).toContain('Wrong username or password');
    expect(await alert.textContent()).not.toContain('Sai tên');
    await page.screenshot({ path: path.join(SCREENS, 'login-refused-en.png') });
    await page.context().close();
    expect(pageErrors).toEqual([]);
  });

  it('shows a reason with " / " in it whole on the dossier page, in Vietnamese and in English', async () => {
    const login = await api<{ token: string }>(null, 'POST', '/auth/login', { username: 'commune.reception', password: 'demo123' });
    const token = login.body.token;
    const received = await api<{ id: string }>(token, 'POST', '/dossiers', {
      procedureKey: 'dang_ky_khai_sinh',
      applicant: { name: 'Y Blưk', idNumber: '062090001234', phone: '0905123456' },
    });
    expect(received.status).toBe(201);
    const asked = await api(token, 'POST', `/dossiers/${received.body.id}/supplement-request`, { reason: REASON, items: [ITEM] });
    expect(asked.status).toBe(200);

    const page = await newPage();
    await page.goto(`${server.url}/dang-nhap`);
    await signIn(page, 'commune.reception', 'demo123');
    await page.waitForURL((url) => !url.pathname.startsWith('/dang-nhap'));
    await page.goto(`${server.url}/ho-so/${received.body.id}`);
    const timeline = page.locator('[data-testid=timeline]');
    await timeline.waitFor();

    await expect.poll(() => timeline.textContent()).toContain(REASON);
    expect(await timeline.textContent()).toContain(ITEM);
    expect(await page.locator('main').textContent()).toContain(REASON);
    await page.screenshot({ path: path.join(SCREENS, 'reason-vi.png'), fullPage: true });

    await page.getByRole('button', { name: 'EN' }).click();
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en');
    await expect.poll(() => timeline.textContent()).toContain(REASON);
    expect(await timeline.textContent()).toContain(ITEM);
    await page.screenshot({ path: path.join(SCREENS, 'reason-en.png'), fullPage: true });
    await page.context().close();
    expect(pageErrors).toEqual([]);
  });
});
