// The web app in a real browser (Debian's Chromium driven by playwright-core) against a
// real server started in-process on a fresh SQLite file with a fixed clock. One office
// day, in order: an admin draws and deploys a three-step procedure, the one-stop desk
// receives a dossier, the specialist's open inbox and the manager's open dashboard
// change live, and the citizen looks the dossier up on a phone. Every screen is saved
// to test/.artifacts/screens/; any uncaught error in a page fails the test.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Locator, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../server/app.js';
import type { Clock } from '../../server/clock.js';
import { ensureWebBuild } from '../../server/web.js';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];
const LAND_TRANSFER = fileURLToPath(new URL('../engine/dossier/fixtures/land-transfer.bpmn', import.meta.url));
const SCREENS = fileURLToPath(new URL('../.artifacts/screens/', import.meta.url));
const ADMIN_PASSWORD = 'mat-khau-quan-tri-thu-nghiem';
const DEMO_PASSWORD = 'demo123';
/** Tuesday 10 March 2026, 09:00 in Kon Tum: an ordinary working morning. */
const START = new Date('2026-03-10T09:00:00+07:00');

/**
 * The server's clock: set at START when the server starts, then running at the wall
 * clock's pace, so the office day moves on by the seconds the test takes (a clock that
 * never moved would have a dossier received at the very instant every count is taken).
 * Those seconds shift every due time a little: an assertion on minutes freezes the clock
 * at an instant computed from what the server says, never at a round wall-clock time.
 */
class OfficeDayClock implements Clock {
  private base = START.getTime();
  private began = Date.now();
  private frozen = false;
  now(): Date {
    return new Date(this.frozen ? this.base : this.base + (Date.now() - this.began));
  }
  /** Days pass in a moment; the clock runs on from `at`. */
  set(at: Date): void {
    this.base = at.getTime();
    this.began = Date.now();
    this.frozen = false;
  }
  /** Time stands still at `at` until the next set(): what the page and the API say then cannot drift apart. */
  freeze(at: Date): void {
    this.base = at.getTime();
    this.frozen = true;
  }
}

const available = existsSync(CHROMIUM);
if (!available) {
  console.warn(
    `\n${'!'.repeat(78)}\n!! BROWSER TESTS SKIPPED: ${CHROMIUM} is missing.\n!! Install Debian's Chromium (apt-get install -y chromium fonts-noto-core);\n!! .ci/run does this on CI. No browser is ever downloaded.\n${'!'.repeat(78)}\n`,
  );
}

/** What the admin draws: the steps of the procedure, in order. */
const STEPS = [
  { name: 'Thẩm định hồ sơ', role: 'specialist', days: '1' },
  { name: 'Trưởng phòng xem xét', role: 'head', days: '0,5' },
  { name: 'Lãnh đạo ký', role: 'leader', days: '1' },
];
const MISSING = 'Bản sao Giấy khai sinh';
/** The key is never typed: the designer derives it from the name (issue 20). */
const PROCEDURE = { key: 'cap_ban_sao_trich_luc_ho_tich', name: 'Cấp bản sao trích lục hộ tịch', code: '2.000635', days: '3' };

describe.skipIf(!available)('the web app in Chromium', () => {
  let tmp: string;
  let server: RunningServer;
  const clock = new OfficeDayClock();
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  // Shared along the day.
  let dossierCode = '';
  let lookupSecret = '';
  let specialistPage: Page;
  let managerPage: Page;
  let deskPage: Page;
  let dossierPath = '';

  beforeAll(async () => {
    // The real built app: rebuilt when its sources are newer than designer/dist.
    await ensureWebBuild({ quiet: true });
    // Each run leaves its own set.
    mkdirSync(SCREENS, { recursive: true });
    // Files only: other browser tests keep their screens in folders of their own here.
    for (const file of readdirSync(SCREENS, { withFileTypes: true })) if (file.isFile()) rmSync(path.join(SCREENS, file.name), { force: true });
    tmp = mkdtempSync(path.join(tmpdir(), 'motcua-browser-'));
    // START when the server starts, not when the web app's build (above) began.
    clock.set(START);
    server = await startServer({
      port: 0,
      host: '127.0.0.1',
      databaseUrl: path.join(tmp, 'motcua.db'),
      clock,
      adminPassword: ADMIN_PASSWORD,
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  }, 180_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') {
      // What each open page showed when the test failed, for the one reading the log.
      let n = 0;
      for (const context of contexts) {
        for (const page of context.pages()) {
          n += 1;
          await page.screenshot({ path: path.join(SCREENS, `failed-${ctx.task.name.slice(0, 24).replace(/\W+/g, '-')}-${n}.png`) }).catch(() => undefined);
        }
      }
    }
    // Fail on any uncaught error in any page of the test that just ran.
    const errors = pageErrors.splice(0);
    expect(errors, 'uncaught errors in the page').toEqual([]);
  });

  async function open(options: BrowserContextOptions = {}): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN', ...options });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.stack ?? error.message}`));
    return page;
  }

  /** test/.artifacts/screens/<name>.png; names are numbered in the order of the day. */
  async function screenshot(page: Page, name: string, { fullPage = false } = {}): Promise<void> {
    await page.screenshot({ path: path.join(SCREENS, `${name}.png`), fullPage });
  }

  async function login(username: string, password = DEMO_PASSWORD, options: BrowserContextOptions = {}): Promise<Page> {
    const page = await open(options);
    await page.goto(`${server.url}/dang-nhap`);
    await page.fill('input[name=username]', username);
    await page.fill('input[name=password]', password);
    await page.click('button[type=submit]');
    await page.waitForURL((url) => !url.pathname.startsWith('/dang-nhap'));
    return page;
  }

  const live = (page: Page) => page.locator('[data-testid=live-status][data-status=online]').waitFor();

  /** Deploying asks for the change note and the approving decision (the effective date defaults to today). */
  async function confirmDeploy(page: Page, note: string, decision: string): Promise<void> {
    const dialog = page.getByRole('dialog');
    await dialog.locator('textarea[name=note]').fill(note);
    await dialog.locator('input[name=decision]').fill(decision);
    await dialog.getByTestId('confirm-deploy').click();
  }

  /** The REST API as one of the accounts: what the server itself says, beside what a page shows. */
  async function apiAs<T>(username: string, route: string, body?: unknown, password = DEMO_PASSWORD): Promise<T> {
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    const { token } = (await login.json()) as { token: string };
    const res = await fetch(`${server.url}/api${route}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${route}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }

  interface ApiTask {
    id: string;
    dossierId: string;
    dossierCode: string;
    name: string;
    dueAt: string;
    deadlineState: string;
    remainingWorkingMinutes: number;
    paused: boolean;
    escalationLevel: number;
  }
  const inboxOf = async (username: string) => (await apiAs<{ items: ApiTask[] }>(username, '/tasks')).items;

  // ---- bpmn-js helpers -------------------------------------------------------------

  const shape = (page: Page, id: string): Locator => page.locator(`.djs-element.djs-shape[data-element-id="${id}"]`);

  async function centre(locator: Locator): Promise<{ x: number; y: number }> {
    const box = (await locator.boundingBox())!;
    return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  }

  async function selectedId(page: Page): Promise<string> {
    return (await page.locator('.djs-element.selected').first().getAttribute('data-element-id'))!;
  }

  /**
   * diagram-js swallows the first click within 400 ms of a finished drag (its ghost-click
   * trap); a person never clicks that fast, a test does.
   */
  const settle = (page: Page) => page.waitForTimeout(450);

  /** A task from the palette, dropped at (x, y) and named by typing into its label. */
  async function drawTask(page: Page, x: number, y: number, name: string): Promise<string> {
    await page.click('.djs-palette [data-action="create.task"]');
    await page.mouse.move(x - 40, y, { steps: 4 });
    await page.mouse.move(x, y, { steps: 4 });
    await page.mouse.click(x, y);
    await settle(page);
    // bpmn-js opens the label editor on a new task.
    await page.locator('.djs-direct-editing-parent').waitFor();
    await page.keyboard.type(name);
    const id = await selectedId(page);
    await clickBlank(page); // ends label editing
    return id;
  }

  /** Clicks an empty spot of the canvas: nothing selected, no context pad in the way. */
  async function clickBlank(page: Page): Promise<void> {
    const box = (await page.locator('[data-testid=modeler-canvas]').boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height - 30);
  }

  /** Selects a shape, clicking near its top left: the context pad of a flow just drawn covers its middle. */
  async function pick(page: Page, id: string): Promise<void> {
    await shape(page, id).click({ position: { x: 24, y: 22 } });
    await expect.poll(() => selectedId(page)).toBe(id);
  }

  async function connect(page: Page, from: string, to: string): Promise<void> {
    await pick(page, from);
    await page.click('.djs-context-pad [data-action="connect"]');
    const target = await centre(shape(page, to));
    await page.mouse.move(target.x, target.y, { steps: 6 });
    await page.mouse.click(target.x, target.y);
    await settle(page);
  }

  async function errorCount(page: Page): Promise<number> {
    await page.locator('[data-testid=problem-list]').getByText('đang kiểm tra…').waitFor({ state: 'detached' });
    const text = (await page.locator('[data-testid=error-count]').textContent()) ?? '';
    return Number(/\d+/.exec(text)?.[0] ?? NaN);
  }

  // ---- the day -----------------------------------------------------------------------

  it('an admin draws a three-step procedure from the palette, fixes what the validator finds, and deploys it', async () => {
    const page = await open();
    await page.goto(`${server.url}/`);
    await page.waitForURL(/\/dang-nhap/);
    await page.locator('input[name=username]').waitFor();
    await screenshot(page, '01-login');
    await page.fill('input[name=username]', 'admin');
    await page.fill('input[name=password]', ADMIN_PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL(/\/quy-trinh$/);
    await page.getByText('Đăng ký khai sinh').waitFor();
    // Birth registration is resolved within the day (P0D): said so, not "0 phút".
    expect(await page.locator('tr[data-key=dang_ky_khai_sinh] [data-testid=time-limit]').textContent()).toBe('trong ngày');
    expect(await page.locator('tr[data-key=cap_phieu_ly_lich_tu_phap] [data-testid=time-limit]').textContent()).toBe('10 ngày làm việc');
    await screenshot(page, '02-procedures');

    await page.click('[data-testid=new-procedure]');
    await page.fill('input[name=name]', PROCEDURE.name);
    await page.fill('input[name=code]', PROCEDURE.code);
    await page.selectOption('select[name=level]', 'commune');
    await page.fill('input[name=timeLimit]', PROCEDURE.days);
    await screenshot(page, '03-new-procedure');
    await page.click('[data-testid=create-procedure]');

    // The template: a start event, nothing else. The validator already objects.
    await shape(page, 'Start').waitFor();
    expect(await errorCount(page)).toBeGreaterThan(0);
    await expect.poll(() => page.locator('[data-testid=deploy]').isDisabled()).toBe(true);

    const start = await centre(shape(page, 'Start'));
    const ids: string[] = [];
    for (const [i, step] of STEPS.entries()) ids.push(await drawTask(page, start.x + 170 + i * 170, start.y, step.name));
    await connect(page, 'Start', ids[0]);
    await connect(page, ids[0], ids[1]);
    await connect(page, ids[1], ids[2]);
    await pick(page, ids[2]);
    await page.click('.djs-context-pad [data-action="append.end-event"]');
    await page.keyboard.type('Trả kết quả');
    await clickBlank(page);

    // Every step lacks its acting role: errors on the diagram and in the list.
    expect(await errorCount(page)).toBe(3);
    for (const id of ids) {
      await expect.poll(() => shape(page, id).getAttribute('class')).toContain('mc-has-error');
      await page.locator(`.problem[data-element-id="${id}"][data-code="MISSING_ROLE"]`).waitFor();
    }
    await expect.poll(() => page.locator('[data-testid=deploy]').isDisabled()).toBe(true);
    await page.locator('[data-testid=deploy-blocked]').waitFor();
    await screenshot(page, '04-designer-errors');

    // Roles and allotments in the panel, for the first two steps.
    for (const [i, step] of STEPS.slice(0, 2).entries()) {
      await pick(page, ids[i]);
      await page.selectOption('#bio-properties-panel-mc-role', step.role);
      await page.fill('#bio-properties-panel-mc-duration-amount', step.days);
      await page.press('#bio-properties-panel-mc-duration-amount', 'Tab');
    }
    expect(await errorCount(page)).toBe(1);
    // Clicking the remaining problem selects its step; fixing it clears the list.
    await page.click(`.problem[data-element-id="${ids[2]}"]`);
    await expect.poll(() => selectedId(page)).toBe(ids[2]);
    await page.selectOption('#bio-properties-panel-mc-role', STEPS[2].role);
    await page.fill('#bio-properties-panel-mc-duration-amount', STEPS[2].days);
    await page.press('#bio-properties-panel-mc-duration-amount', 'Tab');
    expect(await errorCount(page)).toBe(0);
    await expect.poll(() => shape(page, ids[2]).getAttribute('class')).not.toContain('mc-has-error');
    // 1 + 0.5 + 1 working days along the only path, against the 3-day limit.
    await expect.poll(() => page.locator('[data-testid=budget-bar]').textContent()).toContain('2,5 / 3 ngày làm việc');
    await page.locator('#bio-properties-panel-mc-duration-amount').click();
    await screenshot(page, '05-designer-valid');

    await page.click('[data-testid=deploy]');
    await confirmDeploy(page, 'Ban hành lần đầu', '101/QĐ-UBND');
    await page.waitForURL(new RegExp(`/quy-trinh/${PROCEDURE.key}$`));
    await page.getByText('Đang áp dụng: phiên bản 1').waitFor();
    await screenshot(page, '06-designer-deployed');

    // A second version: the head of division gets a whole day.
    await shape(page, ids[1]).waitFor();
    await pick(page, ids[1]);
    await page.fill('#bio-properties-panel-mc-duration-amount', '1');
    await page.press('#bio-properties-panel-mc-duration-amount', 'Tab');
    await expect.poll(() => page.locator('[data-testid=budget-bar]').textContent()).toContain('3 / 3 ngày làm việc');
    expect(await errorCount(page)).toBe(0);
    await page.click('[data-testid=deploy]');
    await confirmDeploy(page, 'Trưởng phòng xem xét trong 1 ngày', '102/QĐ-UBND');
    await page.getByText('Đang áp dụng: phiên bản 2').waitFor();

    await page.getByRole('tab', { name: 'Mô phỏng thời hạn' }).click();
    await page.locator('[data-testid=simulation-received]').fill('2026-03-10T09:00');
    // 3 working days from Tuesday 09:00 → Friday 09:00.
    await expect.poll(() => page.locator('[data-testid=simulation-appointment]').textContent()).toContain('13/03/2026');
    await screenshot(page, '07-designer-simulation');

    // v1 (A) against v2 (B): the changed step is amber on both diagrams and named in the list.
    await page.getByRole('tab', { name: 'Lịch sử phiên bản' }).click();
    const versions = page.locator('[data-testid=versions]');
    await versions.locator('.diff-list .diff-changed').filter({ hasText: STEPS[1].name }).waitFor();
    // In working days, never ISO durations (issue 20).
    expect(await versions.locator('.diff-list').textContent()).toContain('0,5 ngày → 1 ngày');
    await expect.poll(() => versions.locator(`.djs-element.diff-changed[data-element-id="${ids[1]}"]`).count()).toBe(2);
    await screenshot(page, '08-designer-versions');
  });

  it('the desk receives a dossier: the specialist’s open inbox and the manager’s open dashboard change live', async () => {
    specialistPage = await login('commune.specialist');
    await specialistPage.waitForURL(/\/viec-can-lam$/);
    await live(specialistPage);
    managerPage = await login('commune.manager');
    await managerPage.waitForURL(/\/bao-cao$/);
    await live(managerPage);
    const receivedBefore = Number(await managerPage.locator('[data-testid=received-count]').textContent());

    const desk = await login('commune.reception');
    await desk.waitForURL(/\/tiep-nhan$/);
    await desk.selectOption('select[name=procedure]', PROCEDURE.key);
    await desk.fill('input[name=applicantName]', 'Nguyễn Văn An');
    await desk.fill('input[name=idNumber]', '062090001234');
    await desk.fill('input[name=phone]', '0912 345 678');
    await desk.fill('input[name=address]', '25 Trần Hưng Đạo, phường Quyết Thắng, TP Kon Tum');
    await screenshot(desk, '09-reception-form');
    // Every due time of this dossier counts from its receipt: at START, however long the
    // drawing and the logins above took on a busy machine (the next morning's step is
    // asserted to the minute).
    clock.set(START);
    await desk.click('[data-testid=receive]');
    dossierCode = ((await desk.locator('[data-testid=dossier-code]').textContent()) ?? '').trim();
    lookupSecret = ((await desk.locator('[data-testid=lookup-secret]').textContent()) ?? '').trim();
    expect(dossierCode).toMatch(/^000\.01\.23\.H40-260310-\d{4}$/);
    // Received Tuesday 09:00 with 3 working days: Friday 13 March, 09:00.
    await expect.poll(() => desk.locator('[data-testid=appointment]').textContent()).toContain('13/03/2026');
    await desk.locator('.qr img').waitFor();
    await screenshot(desk, '10-reception-receipt');
    await desk.click('[data-testid=print-receipt]');
    await desk.frameLocator('.paper-frame').locator('body').getByText(dossierCode).first().waitFor();
    await screenshot(desk, '11-reception-receipt-paper');

    // No reload: the socket brings the task and a notification.
    const row = specialistPage.locator(`[data-testid=inbox-row][data-code="${dossierCode}"]`);
    await row.waitFor();
    await specialistPage.locator('[data-testid=toast]').filter({ hasText: dossierCode }).waitFor();
    expect(await row.textContent()).toContain(STEPS[0].name);
    await screenshot(specialistPage, '12-inbox-live');

    await expect.poll(() => managerPage.locator('[data-testid=received-count]').textContent()).toBe(String(receivedBefore + 1));
    await screenshot(managerPage, '13-dashboard-live', { fullPage: true });

    // The specialist opens it and takes it; a paper is missing: the clock stops.
    await row.getByRole('button', { name: 'Mở hồ sơ' }).click();
    await specialistPage.waitForURL(/\/ho-so\//);
    dossierPath = new URL(specialistPage.url()).pathname;
    await specialistPage.locator('[data-testid=dossier-diagram] .djs-element.current-step').first().waitFor();
    await specialistPage.getByRole('button', { name: 'Nhận xử lý' }).click();
    await specialistPage.locator('[data-testid=complete-task]').waitFor();
    await screenshot(specialistPage, '14-dossier');
    await specialistPage.getByRole('button', { name: 'Yêu cầu bổ sung', exact: true }).click();
    const dialog = specialistPage.getByRole('dialog');
    await dialog.locator('textarea').first().fill(MISSING);
    await dialog.locator('textarea').last().fill('Thiếu bản sao giấy khai sinh để đối chiếu.');
    await screenshot(specialistPage, '15-dossier-supplement-request');
    await dialog.getByRole('button', { name: 'Gửi yêu cầu bổ sung' }).click();
    await specialistPage.locator('[data-testid=current-tasks]').getByText(MISSING, { exact: true }).waitFor();
    await specialistPage.locator('.page-subtitle').getByText('Chờ bổ sung').waitFor();

    // The clock stands still while the citizen supplements: the step is paused — neither
    // "Trong hạn" nor late — here and in the inbox, as the API says.
    const [pausedTask] = (await inboxOf('commune.specialist')).filter((task) => task.dossierCode === dossierCode);
    expect(pausedTask.paused).toBe(true);
    const card = specialistPage.locator('[data-testid=task-card]').filter({ hasText: STEPS[0].name });
    expect(await card.locator('[data-testid=deadline-badge]').textContent()).toBe('Tạm dừng (chờ bổ sung)');
    expect(await card.locator('[data-testid=countdown]').textContent()).toMatch(/^đồng hồ dừng/);
    await screenshot(specialistPage, '15b-dossier-paused');
    await specialistPage.locator('nav.topnav').getByRole('link', { name: 'Việc cần làm' }).click();
    const pausedRow = specialistPage.locator(`[data-testid=inbox-row][data-code="${dossierCode}"]`);
    await pausedRow.waitFor();
    expect(await pausedRow.getAttribute('class')).toContain('row-paused');
    expect(await pausedRow.locator('[data-testid=deadline-badge]').textContent()).toBe('Tạm dừng (chờ bổ sung)');
    expect(await pausedRow.locator('[data-testid=countdown]').textContent()).toMatch(/^đồng hồ dừng/);
    expect(await pausedRow.textContent()).not.toMatch(/Trong hạn|Quá hạn|Sắp đến hạn/);
    await screenshot(specialistPage, '15c-inbox-paused');
    // Back to the dossier, where the supplement will arrive live.
    await pausedRow.getByRole('button', { name: 'Mở hồ sơ' }).click();
    await specialistPage.locator('[data-testid=current-tasks]').getByText(MISSING, { exact: true }).waitFor();
    deskPage = desk;
  });

  it('the citizen looks the dossier up on a phone from the receipt’s QR link, and sees what is missing', async () => {
    const phone = await open({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    const link = `${server.url}/tra-cuu?code=${encodeURIComponent(dossierCode)}&secret=${encodeURIComponent(lookupSecret)}`;
    await phone.goto(link);
    const result = phone.locator('[data-testid=lookup-result]');
    await result.waitFor();
    expect(await result.textContent()).toContain('Chờ bổ sung');
    expect(await phone.locator('[data-testid=lookup-missing]').textContent()).toContain(MISSING);
    await screenshot(phone, '16-lookup-phone-missing');
    await phone.getByRole('button', { name: 'EN' }).click();
    await result.getByText('Awaiting supplement').waitFor();
    await screenshot(phone, '17-lookup-phone-en');
    await phone.getByRole('button', { name: 'VI' }).click();

    // The citizen brings the paper to the desk; the specialist's open dossier resumes live.
    await deskPage.goto(`${server.url}${dossierPath}`);
    await deskPage.getByRole('button', { name: 'Nhận hồ sơ bổ sung' }).click();
    await deskPage.getByRole('dialog').getByRole('button', { name: 'Xác nhận đã bổ sung' }).click();
    await deskPage.locator('.page-subtitle').getByText('Chờ bổ sung').waitFor({ state: 'detached' });
    await specialistPage.locator('[data-testid=complete-task]').waitFor();
    await specialistPage.click('[data-testid=complete-task]');
    await specialistPage.locator('[data-testid=current-tasks]').getByText(STEPS[1].name).waitFor();
    await specialistPage.locator('[data-testid=timeline]').getByText('Hoàn thành bước').waitFor();
    await screenshot(specialistPage, '18-dossier-handed-on', { fullPage: true });

    await phone.goto(link);
    await result.waitFor();
    expect(await result.textContent()).toContain('Đang giải quyết');
    expect(await phone.locator('[data-testid=lookup-step]').textContent()).toContain(STEPS[1].name);
    await screenshot(phone, '19-lookup-phone');

    // A wrong secret tells nothing.
    await phone.goto(`${server.url}/tra-cuu?code=${encodeURIComponent(dossierCode)}&secret=wrong`);
    await phone.getByRole('alert').waitFor();
    expect(await phone.locator('[data-testid=lookup-result]').count()).toBe(0);
  });

  it('next morning the overdue step reaches the head’s open inbox and the manager’s open dashboard live', async () => {
    // Wednesday 11 March, 08:30 — a new office day, a new login (tokens last one working day).
    clock.set(new Date('2026-03-11T08:30:00+07:00'));
    await server.context.scheduler!.runNow();
    const head = await login('commune.head');
    await head.waitForURL(/\/viec-can-lam$/);
    await live(head);
    const row = head.locator(`[data-testid=inbox-row][data-code="${dossierCode}"]`);
    await row.waitFor();
    // The head's one day runs out at 09:00: less than four working hours left.
    expect(await row.getAttribute('class')).toContain('row-dueSoon');
    const manager = await login('commune.manager');
    await manager.waitForURL(/\/bao-cao$/);
    await live(manager);
    expect(await manager.locator('[data-testid=overdue-steps]').textContent()).toContain('0 bước quá hạn');

    // Half an hour late. Nobody reloads anything. The step is due at 09:00 plus the seconds
    // the suite has run so far: the clock stands still at exactly thirty minutes past
    // whatever due time the server holds, so the page and the API cannot disagree by a
    // second drifting by.
    const [step] = (await inboxOf('commune.head')).filter((task) => task.dossierCode === dossierCode);
    expect(step.dueAt.slice(0, 16)).toBe('2026-03-11T02:00'); // 09:00 in Kon Tum, to the minute
    clock.freeze(new Date(Date.parse(step.dueAt) + 30 * 60_000));
    await server.context.scheduler!.runNow();
    await head.locator('[data-testid=toast]').filter({ hasText: 'Hồ sơ quá hạn' }).waitFor();
    await expect.poll(() => row.getAttribute('class')).toContain('row-overdue');
    const [late] = (await inboxOf('commune.head')).filter((task) => task.dossierCode === dossierCode);
    expect([late.deadlineState, late.remainingWorkingMinutes]).toEqual(['overdue', -30]);
    await expect.poll(() => row.locator('[data-testid=countdown]').textContent()).toBe('quá 30 phút');
    expect(await row.locator('[data-testid=deadline-badge]').textContent()).toBe('Quá hạn');
    await screenshot(head, '20-inbox-overdue');

    // The outbox delivers at least once: the same escalation sent again raises no second notification.
    const repeat = { ...late, taskId: late.id, escalationLevel: 1, deadlineState: 'overdue' };
    server.context.live!.io.to('role:000.01.23.H40:head').emit('task:overdue', { ...repeat, task: repeat });
    await head.waitForTimeout(500);
    expect(await head.locator('[data-testid=toast]').filter({ hasText: 'Hồ sơ quá hạn' }).count()).toBe(1);

    // The step is late; the dossier itself still has until Friday's appointment.
    await expect.poll(() => manager.locator('[data-testid=overdue-steps]').textContent()).toContain('1 bước quá hạn');
    expect(await manager.locator('[data-testid=overdue-count]').textContent()).toBe('0');
    const overdue = manager.locator('[data-testid=drill-down]').getByText(dossierCode).first();
    await overdue.waitFor();
    await screenshot(manager, '21-dashboard-overdue', { fullPage: true });
    // One click from the overdue list to the dossier, its late step in red.
    await overdue.click();
    await manager.waitForURL(/\/ho-so\//);
    await manager.locator('[data-testid=dossier-diagram] .djs-element.current-overdue').first().waitFor();
    await screenshot(manager, '22-dossier-overdue');
  });

  it('that evening every label agrees: late since closing time, an appointment coming (not passed), one notification per escalation', async () => {
    // Thursday 12 March, 07:30, the office opens: a second dossier; its first step (one
    // working day) is due at 17:00 the same day.
    clock.freeze(new Date('2026-03-12T07:30:00+07:00'));
    const second = await apiAs<{ id: string; code: string }>('commune.reception', '/dossiers', {
      procedureKey: PROCEDURE.key,
      applicant: { name: 'Trần Thị Bình', idNumber: '062090005678', phone: '0987 654 321' },
    });
    const [first] = (await inboxOf('commune.specialist')).filter((task) => task.dossierCode === second.code);
    expect(new Date(first.dueAt).toISOString()).toBe(new Date('2026-03-12T17:00:00+07:00').toISOString());
    const specialist = await login('commune.specialist');
    await specialist.waitForURL(/\/viec-can-lam$/);
    await live(specialist);
    const head = await login('commune.head');
    await head.waitForURL(/\/viec-can-lam$/);
    await live(head);

    // 17:45: the step has been late since 17:00 — by no working minute, the office being
    // closed. The head's step of the first dossier reaches its second rung (leader told).
    clock.freeze(new Date('2026-03-12T17:45:00+07:00'));
    await server.context.scheduler!.runNow();
    const row = specialist.locator(`[data-testid=inbox-row][data-code="${second.code}"]`);
    await expect.poll(() => row.getAttribute('class')).toContain('row-overdue');
    const [late] = (await inboxOf('commune.specialist')).filter((task) => task.dossierCode === second.code);
    expect([late.deadlineState, late.remainingWorkingMinutes]).toEqual(['overdue', 0]);
    expect(await row.locator('[data-testid=deadline-badge]').textContent()).toBe('Quá hạn');
    await expect.poll(() => row.locator('[data-testid=countdown]').textContent()).toBe('quá hạn từ 17:00 12/03/2026');
    expect(await row.textContent()).not.toContain('còn');
    await screenshot(specialist, '22c-inbox-late-since-closing');

    // One notification per task and level: level 2 takes the place of level 1's, and a
    // repeat of the same event adds nothing.
    const headToasts = head.locator('[data-testid=toast]').filter({ hasText: dossierCode });
    await headToasts.filter({ hasText: 'Hồ sơ quá hạn — đã báo lãnh đạo' }).waitFor();
    const [headStep] = (await inboxOf('commune.head')).filter((task) => task.dossierCode === dossierCode);
    expect(headStep.escalationLevel).toBe(2);
    for (const level of [2, 1, 2]) {
      const again = { ...headStep, taskId: headStep.id, escalationLevel: level, deadlineState: 'overdue' };
      server.context.live!.io.to('role:000.01.23.H40:head').emit('task:overdue', { ...again, task: again });
    }
    await head.waitForTimeout(500);
    expect(await headToasts.count()).toBe(1);
    expect(await headToasts.textContent()).toContain('đã báo lãnh đạo');
    await screenshot(head, '22d-inbox-one-notification');

    // The manager's due-soon list: the first dossier's appointment (Friday morning) is
    // coming, not passed; the overdue list holds late steps, no passed appointment.
    const manager = await login('commune.manager');
    await manager.waitForURL(/\/bao-cao$/);
    const dueSoon = manager.locator('[data-testid=drill-down][data-list=dueSoon]');
    const coming = dueSoon.locator('tr').filter({ hasText: dossierCode });
    await coming.waitFor();
    expect(await coming.textContent()).toContain('Sắp đến ngày hẹn trả');
    expect(await dueSoon.textContent()).not.toContain('Quá ngày hẹn trả');
    expect(await manager.locator('[data-testid=drill-down][data-list=overdue]').textContent()).not.toContain('Quá ngày hẹn trả');
    await screenshot(manager, '22e-dashboard-due-soon', { fullPage: true });
  });

  it('offers the apology slip only before the appointment passes; afterwards says plainly the dossier is late', async () => {
    const [dossier] = await apiAs<Array<{ appointmentAt: string }>>('commune.specialist', `/dossiers?q=${encodeURIComponent(dossierCode)}`).then((r) =>
      Array.isArray(r) ? r : (r as unknown as { items: Array<{ appointmentAt: string }> }).items,
    );
    const appointment = Date.parse(dossier.appointmentAt);
    const specialist = await login('commune.specialist');
    clock.freeze(new Date(appointment - 60 * 60_000));
    await specialist.goto(`${server.url}${dossierPath}`);
    await specialist.locator('.side-actions').getByRole('button', { name: 'Xin lỗi, hẹn lại', exact: true }).waitFor();
    expect(await specialist.locator('[data-testid=apology-too-late]').count()).toBe(0);
    clock.freeze(new Date(appointment + 2 * 60 * 60_000));
    await specialist.reload();
    await specialist.locator('[data-testid=apology-too-late]').waitFor();
    expect(await specialist.locator('.side-actions').getByRole('button', { name: 'Xin lỗi, hẹn lại', exact: true }).count()).toBe(0);
    await screenshot(specialist, '22f-dossier-apology-too-late');
  });

  it('opens every procedure shipped in procedures/ in the designer without an error or a warning', async () => {
    const page = await login('admin', ADMIN_PASSWORD);
    const token = await page.evaluate(async (password) => {
      const r = await fetch('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password }) });
      return ((await r.json()) as { token: string }).token;
    }, ADMIN_PASSWORD);
    const listed = await (await fetch(`${server.url}/api/procedures`, { headers: { authorization: `Bearer ${token}` } })).json();
    const keys = ((listed.items ?? listed) as { key: string }[]).map((p) => p.key).filter((k) => k !== PROCEDURE.key);
    expect(keys.sort()).toEqual(['cap_gcn_lan_dau', 'cap_phieu_ly_lich_tu_phap', 'dang_ky_ho_kinh_doanh', 'dang_ky_khai_sinh', 'gpxd_nha_o_rieng_le']);
    for (const key of keys) {
      await page.goto(`${server.url}/quy-trinh/${key}`);
      await page.locator('[data-testid=modeler-canvas][data-import-warnings]').waitFor();
      expect(await page.locator('[data-testid=modeler-canvas]').getAttribute('data-import-warnings'), key).toBe('0');
      expect(await errorCount(page), key).toBe(0);
      expect(await page.locator('[data-testid=warning-count]').textContent(), key).toMatch(/^0\b/);
      if (key === 'cap_gcn_lan_dau') await screenshot(page, '22b-designer-land-certificate');
    }
  });

  it('an admin keeps agencies, users and the working calendar', async () => {
    const page = await login('admin', ADMIN_PASSWORD);
    await page.goto(`${server.url}/quan-tri/co-quan`);
    await page.locator('[data-testid=agency-tree]').getByText('UBND phường Quyết Thắng').waitFor();
    await screenshot(page, '23-admin-agencies');
    await page.goto(`${server.url}/quan-tri/nguoi-dung`);
    await page.getByText('commune.specialist').waitFor();
    await screenshot(page, '24-admin-users');
    await page.goto(`${server.url}/quan-tri/lich`);
    // Tết 2026 (the government's decision): Monday 16 to Friday 20 February off.
    await page.locator('[data-testid=calendar-editor] .month-day.holiday[data-date="2026-02-17"]').waitFor();
    await screenshot(page, '25-admin-calendar');

    // A model from another tool without diagram information opens laid out, ready to edit.
    await page.goto(`${server.url}/quy-trinh/moi`);
    await page.setInputFiles('[data-testid=open-file]', LAND_TRANSFER);
    await shape(page, 'Tax').waitFor();
    await page.locator('[data-testid=toast]').getByText('sắp xếp tự động').waitFor();
    const approve = page.locator('.djs-element.djs-connection[data-element-id="f_approve"]');
    await approve.click({ force: true });
    await expect.poll(() => page.inputValue('#bio-properties-panel-mc-outcome')).toBe('approve');
    await screenshot(page, '26-designer-opened-file');

    // The dashboard, in English.
    await page.goto(`${server.url}/bao-cao`);
    await page.getByRole('button', { name: 'EN' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.locator('[data-testid=received-count]').waitFor();
    await screenshot(page, '27-dashboard-en');
    await page.getByRole('button', { name: 'VI' }).click();
  });
});
