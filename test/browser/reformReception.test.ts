// The 2025 reform at the desk, as a new user tries it (issue 15's "done when"): on the demo
// province after the reform (Quảng Ngãi with former Kon Tum, what `npm start` seeds), phường
// Kon Tum's reception clerk receives a death registration for a citizen of phường Cẩm Thành
// in Chromium — the form offers the competent ward, suggested from the applicant's address,
// asks the procedure's own fields (the deceased) and ticks its components — and Cẩm Thành's
// specialist finds the step in the inbox. Screens go to test/.artifacts/screens/reform/;
// any uncaught error in a page fails the test. Business time is a fixed instant: nothing
// here depends on the wall clock.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../server/app.js';
import { FixedClock } from '../../server/clock.js';
import { QN_CAM_THANH } from '../../server/seed/quangNgai2025.js';
import { ensureWebBuild } from '../../server/web.js';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];
const SCREENS = fileURLToPath(new URL('../.artifacts/screens/reform/', import.meta.url));
/** Thursday 12 November 2026, 09:00 in Vietnam: an ordinary working morning. */
const NOW = new Date('2026-11-12T09:00:00+07:00');

const available = existsSync(CHROMIUM);
if (!available) console.warn(`\n!! BROWSER TEST SKIPPED: ${CHROMIUM} is missing (apt-get install -y chromium fonts-noto-core). No browser is ever downloaded.\n`);

describe.skipIf(!available)('the 2025 reform at the desk, in Chromium', () => {
  let tmp: string;
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    await ensureWebBuild({ quiet: true });
    mkdirSync(SCREENS, { recursive: true });
    tmp = mkdtempSync(path.join(tmpdir(), 'motcua-reform-'));
    server = await startServer({
      port: 0,
      host: '127.0.0.1',
      databaseUrl: path.join(tmp, 'motcua.db'),
      clock: new FixedClock(NOW),
      adminPassword: 'mat-khau-quan-tri-thu-nghiem',
      demoProvince: 'quang-ngai-2025',
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  }, 240_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  async function login(username: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'vi-VN' });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.stack ?? error.message}`));
    await page.goto(`${server.url}/dang-nhap`);
    await page.fill('input[name=username]', username);
    await page.fill('input[name=password]', 'demo123');
    await page.click('button[type=submit]');
    await page.waitForURL((url) => !url.pathname.startsWith('/dang-nhap'));
    return page;
  }

  it('a ward desk receives another ward’s dossier: the competent ward from the address, the deceased asked, the components ticked', async () => {
    const desk = await login('kontum.reception');
    await desk.goto(`${server.url}/tiep-nhan`);
    await desk.selectOption('select[name=procedure]', 'dang_ky_khai_tu');
    // Within its own level the desk may name another ward; by default its own.
    const competent = desk.locator('select[name=competentAgency]');
    expect(await competent.inputValue()).toBe('');
    await desk.fill('input[name=applicantName]', 'Trần Thị Bình');
    await desk.fill('input[name=idNumber]', '051090001234');
    await desk.fill('input[name=phone]', '0905 123 456');
    await desk.fill('input[name=address]', 'Tổ 3, phường Cẩm Thành, tỉnh Quảng Ngãi');
    await desk.getByTestId('competent-suggestion').click();
    expect(await competent.inputValue()).toBe(QN_CAM_THANH);
    // The procedure's own fields (`<mc:field>`): the deceased.
    await desk.getByTestId('procedure-fields').waitFor();
    await desk.fill('[data-testid=field-ho_ten_nguoi_chet]', 'Nguyễn Văn Bảy');
    await desk.fill('[data-testid=field-ngay_chet]', '2026-11-10');
    for (const tick of await desk.locator('[data-testid^=tick-]').all()) await tick.check();
    await desk.screenshot({ path: path.join(SCREENS, 'reception-filled.png'), fullPage: true });
    await desk.getByTestId('receive').click();
    const code = (await desk.getByTestId('dossier-code').textContent())?.trim() ?? '';
    // The code carries the receiving center (phường Kon Tum).
    expect(code).toMatch(/^000\.00\.33\.H48-261112-/);
    await desk.screenshot({ path: path.join(SCREENS, 'reception-receipt.png'), fullPage: true });

    // Cẩm Thành's specialist has the examination in the inbox.
    const specialist = await login('camthanh.specialist');
    await specialist.goto(`${server.url}/viec-can-lam`);
    await specialist.getByText(code).first().waitFor();
    await specialist.screenshot({ path: path.join(SCREENS, 'competent-inbox.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  });
});
