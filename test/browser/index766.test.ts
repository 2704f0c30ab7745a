// The Decision 766 index in a real browser (Debian's Chromium, playwright-core): an admin
// opens the index view for March 2026, drills from the province to the commune and on to
// a late dossier, downloads the report form as XLSX — read back with exceljs, the same
// numbers as the API — and a citizen opens the public statistics page without logging in.
// Screens go to test/.artifacts/screens/index766-*.png.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Index766 } from '../../contract/index.js';
import { startServer, type RunningServer } from '../../server/app.js';
import { FixedClock } from '../../server/clock.js';
import { COMMUNE } from '../../server/seed/demoData.js';
import { DossierService } from '../../server/services/dossierService.js';
import { listTasks } from '../../server/store/index.js';
import { staff, vn } from '../reporting/scenario.js';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];
const SCREENS = fileURLToPath(new URL('../.artifacts/screens/', import.meta.url));
const ADMIN_PASSWORD = 'mat-khau-quan-tri-thu-nghiem';
const SIMPLE = readFileSync(new URL('../reporting/fixtures/reporting-simple.bpmn', import.meta.url), 'utf8');

const available = existsSync(CHROMIUM);
if (!available) console.warn(`\n!! BROWSER TESTS SKIPPED: ${CHROMIUM} is missing (apt-get install -y chromium fonts-noto-core).\n`);

describe.skipIf(!available)('the Decision 766 index in Chromium', () => {
  let tmp: string;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  let lateCode = '';
  let lateId = '';

  beforeAll(async () => {
    const { ensureWebBuild } = await import('../../server/web.js');
    await ensureWebBuild({ quiet: true });
    mkdirSync(SCREENS, { recursive: true });
    tmp = mkdtempSync(path.join(tmpdir(), 'motcua-index766-'));
    const clock = new FixedClock(vn('2026-03-02 08:00'));
    server = await startServer({ port: 0, host: '127.0.0.1', databaseUrl: path.join(tmp, 'motcua.db'), clock, adminPassword: ADMIN_PASSWORD });
    const service = new DossierService(server.knex, clock);
    await service.deploy(SIMPLE, 'admin');
    const receive = async (local: string) => {
      clock.set(vn(local));
      return service.receive({
        procedureKey: 'reporting_simple',
        receivingAgency: COMMUNE,
        applicant: { name: 'Công dân thử', idNumber: '062090000123', phone: '0905000000' },
        actor: staff.reception,
      });
    };
    const late = await receive('2026-03-02 08:00');
    lateCode = late.code;
    lateId = late.id;
    // Examined on time, then never handed over: open and overdue at the end of March.
    const onTime = await receive('2026-03-03 08:00');
    clock.set(vn('2026-03-03 09:00'));
    const task = (await listTasks(server.knex, { dossierId: onTime.id, state: 'open' }))[0];
    await service.complete(onTime.id, { taskId: task.id, actor: staff.specialist });
    clock.set(vn('2026-03-03 10:00'));
    const ret = (await listTasks(server.knex, { dossierId: onTime.id, state: 'open' }))[0];
    await service.complete(onTime.id, { taskId: ret.id, actor: staff.returnClerk });
    clock.set(vn('2026-04-10 10:00'));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN', acceptDownloads: true });
    page = await context.newPage();
    page.setDefaultTimeout(20_000);
    page.on('pageerror', (e) => errors.push(e.message));
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('drills from the province to a late dossier and downloads the XLSX with the same numbers', async () => {
    await page.goto(`${server.url}/dang-nhap`);
    await page.fill('input[name=username]', 'admin');
    await page.fill('input[name=password]', ADMIN_PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL((url) => !url.pathname.startsWith('/dang-nhap'));
    await page.goto(`${server.url}/chi-so-766`);
    await page.fill('[data-testid=index766-from]', '2026-03');
    await page.fill('[data-testid=index766-to]', '2026-03');
    await page.locator(`[data-testid="index766-agency-${COMMUNE}"]`).waitFor();
    await expect.poll(() => page.locator('[data-testid=index766-row-total]').innerText()).toContain('1/2');
    await page.screenshot({ path: path.join(SCREENS, 'index766-province.png'), fullPage: true });

    // Province → the commune.
    await page.locator(`[data-testid="index766-agency-${COMMUNE}"] a`).click();
    await page.locator('.chip.active').waitFor();
    const cost = page.locator(`[data-testid="index766-cost-onTime-${lateCode}"]`);
    await cost.waitFor();
    expect(await cost.innerText()).toContain('Đang giải quyết, quá hạn tại cuối kỳ');
    await page.screenshot({ path: path.join(SCREENS, 'index766-commune.png'), fullPage: true });

    // The XLSX, read back.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=index766-xlsx]')]);
    const file = path.join(tmp, 'report.xlsx');
    await download.saveAs(file);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.getWorksheet('Chỉ số 766')!;
    const total = ws.getRows(1, ws.rowCount)!.find((r) => r.getCell(3).value === 'Tổng cộng')!;
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
    });
    const { token } = (await login.json()) as { token: string };
    const api = (await (
      await fetch(`${server.url}/api/index766?from=2026-03-01&to=2026-03-31&agency=${COMMUNE}`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as Index766;
    expect(api.onTime).toMatchObject({ numerator: 1, denominator: 2, points: 10 });
    expect([total.getCell(4).value, total.getCell(5).value, total.getCell(6).value]).toEqual([api.onTime.numerator, api.onTime.denominator, api.onTime.points]);
    expect(total.getCell(4 + 3 * 6).value).toBe(api.total);
    const costs = wb.getWorksheet('Hồ sơ mất điểm')!;
    expect(costs.getRow(2).values).toEqual(expect.arrayContaining([lateCode, 'Giải quyết trước hạn, đúng hạn', 'Đang giải quyết, quá hạn']));

    // One click on to the late dossier.
    await cost.locator('a').click();
    await page.waitForURL((url) => url.pathname === `/ho-so/${lateId}`);
    await page.screenshot({ path: path.join(SCREENS, 'index766-dossier.png') });
    expect(errors).toEqual([]);
  }, 120_000);

  it('shows the public statistics to anyone, without a login', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 800 }, locale: 'vi-VN' });
    const citizen = await context.newPage();
    citizen.on('pageerror', (e) => errors.push(e.message));
    await citizen.goto(`${server.url}/thong-ke`);
    const row = citizen.locator(`[data-testid="statistics-${COMMUNE}"]`);
    await row.waitFor();
    expect(await row.innerText()).toContain('50.0 % (1/2)');
    await citizen.screenshot({ path: path.join(SCREENS, 'index766-public.png'), fullPage: true });
    await context.close();
    expect(errors).toEqual([]);
  }, 60_000);
});
