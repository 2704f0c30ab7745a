// The desk, the register and the team (issue 20, "Reception and the register", "Heads and
// specialists") in a real browser — Debian's Chromium driven by playwright-core — against a
// real server on a fresh SQLite file. A ward's reception clerk receives a dossier (only the
// procedures the ward may receive, documents pre-filled from the procedure, a phone that is
// not one refused) and finds it again in the register; the head gives the draft to a named
// specialist, sends it back with a reason, approves it; the return desk hands it over with
// one action; the register finds a dossier waiting for the citizen, records the supplement,
// exports the period for Excel and prints on A4. Screens go to
// test/.artifacts/screens/desk-and-team/; any uncaught error in a page fails the test.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../server/app.js';
import type { Clock } from '../../server/clock.js';
import { ensureWebBuild } from '../../server/web.js';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];
const FIXTURE = readFileSync(fileURLToPath(new URL('./fixtures/desk-and-team.bpmn', import.meta.url)), 'utf8');
const SCREENS = fileURLToPath(new URL('../.artifacts/screens/desk-and-team/', import.meta.url));
const ADMIN_PASSWORD = 'mat-khau-quan-tri-thu-nghiem';
const DEMO_PASSWORD = 'demo123';
const KEY = 'xac_nhan_cu_tru';
/** The same procedure, as the province's own and received only at its desk: a ward must not offer it. */
const PROVINCE_ONLY = FIXTURE.replace(`id="${KEY}"`, 'id="chi_tinh_tiep_nhan"')
  .replace('name="Xác nhận thông tin về cư trú (thử nghiệm)"', 'name="Thủ tục chỉ cấp tỉnh tiếp nhận"')
  .replace('mc:level="commune" mc:intake="province"', 'mc:level="province" mc:intake="competent"');
/** Tuesday 10 March 2026, 09:00: an ordinary working morning. */
const START = new Date('2026-03-10T09:00:00+07:00');

/** Business time from START at the wall clock's pace. */
class OfficeClock implements Clock {
  private readonly began = Date.now();
  now(): Date {
    return new Date(START.getTime() + (Date.now() - this.began));
  }
}

const available = existsSync(CHROMIUM);
if (!available) {
  console.warn(
    `\n${'!'.repeat(78)}\n!! BROWSER TESTS SKIPPED: ${CHROMIUM} is missing.\n!! Install Debian's Chromium (apt-get install -y chromium fonts-noto-core);\n!! .ci/run does this on CI. No browser is ever downloaded.\n${'!'.repeat(78)}\n`,
  );
}

describe.skipIf(!available)('the desk, the register and the team in Chromium', () => {
  let tmp: string;
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  let dossierId = '';
  let dossierCode = '';
  const fullName: Record<string, string> = {};

  beforeAll(async () => {
    await ensureWebBuild({ quiet: true });
    mkdirSync(SCREENS, { recursive: true });
    for (const file of readdirSync(SCREENS)) rmSync(path.join(SCREENS, file), { force: true });
    tmp = mkdtempSync(path.join(tmpdir(), 'motcua-desk-team-'));
    server = await startServer({ port: 0, host: '127.0.0.1', databaseUrl: path.join(tmp, 'motcua.db'), clock: new OfficeClock(), adminPassword: ADMIN_PASSWORD });
    for (const xml of [FIXTURE, PROVINCE_ONLY]) {
      const res = await fetch(`${server.url}/api/procedures`, { method: 'POST', headers: { authorization: `Bearer ${await token('admin', ADMIN_PASSWORD)}`, 'content-type': 'application/xml' }, body: xml });
      expect(res.status, await res.text()).toBe(201);
    }
    for (const who of ['commune.reception', 'commune.specialist', 'commune.head', 'commune.return']) {
      const me = (await (await fetch(`${server.url}/api/auth/me`, { headers: { authorization: `Bearer ${await token(who)}` } })).json()) as { fullName: string };
      fullName[who] = me.fullName;
    }
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  }, 240_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') {
      let n = 0;
      for (const context of contexts) for (const page of context.pages()) await page.screenshot({ path: path.join(SCREENS, `failed-${++n}.png`) }).catch(() => undefined);
    }
    expect(pageErrors.splice(0), 'uncaught errors in the page').toEqual([]);
  });

  async function token(username: string, password = DEMO_PASSWORD): Promise<string> {
    const res = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
    return ((await res.json()) as { token: string }).token;
  }

  async function login(username: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN', acceptDownloads: true });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.stack ?? error.message}`));
    await page.goto(`${server.url}/dang-nhap`);
    await page.fill('input[name=username]', username);
    await page.fill('input[name=password]', DEMO_PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL((url) => !url.pathname.startsWith('/dang-nhap'));
    return page;
  }

  const shot = (page: Page, name: string, fullPage = false) => page.screenshot({ path: path.join(SCREENS, `${name}.png`), fullPage });

  /** Nothing is drawn over the element's centre (a toast over a button would be). */
  async function uncovered(page: Page, selector: string): Promise<boolean> {
    return page.locator(selector).evaluate((el) => {
      const box = el.getBoundingClientRect();
      const top = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
      return !!top && (top === el || el.contains(top));
    });
  }

  /** No visible button of the page lies under a toast shown now (issue 20: a toast covered the submit button). */
  async function toastsCoverNoButton(page: Page): Promise<void> {
    await page.locator('[data-testid=toast]').first().waitFor();
    const covered = await page.evaluate(() => {
      const toasts = [...document.querySelectorAll('[data-testid=toast]')].map((t) => t.getBoundingClientRect());
      const hits: string[] = [];
      for (const el of document.querySelectorAll<HTMLElement>('button, a.btn')) {
        if (el.closest('.toasts') || el.closest('.topbar')) continue;
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0) continue;
        if (toasts.some((t) => t.left < r.right && r.left < t.right && t.top < r.bottom && r.top < t.bottom)) hits.push(el.textContent ?? '');
      }
      return hits;
    });
    expect(covered, 'buttons under a toast').toEqual([]);
  }

  let desk: Page;

  it('the ward desk offers only what it may receive, fills the documents from the procedure, refuses a phone that is not one, and its toast covers no button', async () => {
    desk = await login('commune.reception');
    await desk.waitForURL(/\/tiep-nhan$/);
    await desk.locator(`select[name=procedure] option[value=${KEY}]`).waitFor({ state: 'attached' });
    // The province's competent-only procedure is not the ward's to receive.
    await expect.poll(() => desk.locator('select[name=procedure] option[value=chi_tinh_tiep_nhan]').count()).toBe(0);
    // A province's procedure received province-wide (the judicial record): the ward names the competent agency, of the province.
    await desk.selectOption('select[name=procedure]', 'cap_phieu_ly_lich_tu_phap');
    const competent = desk.locator('select[name=competentAgency]');
    await competent.waitFor();
    const agencies = await competent.locator('option').allTextContents();
    expect(agencies.some((a) => a.includes('Công an tỉnh'))).toBe(true);
    expect(agencies.some((a) => a.includes('phường'))).toBe(false);
    await shot(desk, '00-reception-competent-agency');
    await desk.selectOption('select[name=procedure]', KEY);
    // The procedure's components are its checklist, with original or copy and how many; the free list holds other papers only.
    const checklist = desk.locator('[data-testid=intake-scans]');
    await desk.locator('[data-testid=tick-to-khai]').waitFor();
    expect(await checklist.textContent()).toContain('Tờ khai thay đổi thông tin cư trú (CT01)');
    expect(await checklist.textContent()).toContain('Bản sao chứng thực');
    expect(await desk.locator('.doc-row').count()).toBe(0);
    await desk.check('[data-testid=tick-to-khai]');
    await desk.check('[data-testid=tick-giay-to-nha]');
    await desk.fill('input[name=applicantName]', 'Nguyễn Văn An');
    await desk.fill('input[name=idNumber]', '062090001234');
    await desk.fill('input[name=phone]', 'không có');
    await desk.fill('input[name=address]', '25 Trần Hưng Đạo, phường Quyết Thắng');
    await desk.click('[data-testid=receive]');
    await desk.locator('[data-testid=phone-problem]').waitFor();
    expect(await desk.locator('[data-testid=receipt]').count()).toBe(0);
    await shot(desk, '01-reception-phone-refused');
    await desk.fill('input[name=phone]', '0905 123 456');
    await desk.click('[data-testid=receive]');
    dossierCode = ((await desk.locator('[data-testid=dossier-code]').textContent()) ?? '').trim();
    expect(dossierCode).toMatch(/^000\.01\.23\.H40-260310-\d{4}$/);
    await toastsCoverNoButton(desk);
    expect(await uncovered(desk, '[data-testid=print-receipt]')).toBe(true);
    await shot(desk, '02-reception-receipt-toast');
    await desk.click('[data-testid=print-receipt]');
    const paper = desk.frameLocator('.paper-frame').locator('body');
    await paper.getByText(dossierCode).first().waitFor();
    await shot(desk, '03-receipt-paper');
    await desk.keyboard.press('Escape');
  });

  it('the receipt is the desk’s step: the dossier is at the specialist’s draft, nothing left to claim, no due-soon noise', async () => {
    await desk.goto(`${server.url}/so-theo-doi?q=${encodeURIComponent('nguyen van an')}`);
    const row = desk.locator(`[data-testid=register-row][data-code="${dossierCode}"]`);
    await row.waitFor();
    await shot(desk, '04-register-search-without-accents');
    await row.getByRole('link', { name: dossierCode }).click();
    await desk.waitForURL(/\/ho-so\//);
    dossierId = decodeURIComponent(new URL(desk.url()).pathname.split('/').pop()!);
    const card = desk.locator('[data-testid=task-card]');
    await card.first().waitFor();
    expect(await card.count()).toBe(1);
    expect(await card.textContent()).toContain('Chuyên viên thẩm tra, dự thảo');
    expect(await card.locator('[data-testid=deadline-badge]').getAttribute('data-state')).toBe('onTime');
    // History: the receipt and the desk's step, by the clerk's full name.
    const timeline = desk.locator('[data-testid=timeline]');
    expect(await timeline.textContent()).toContain(fullName['commune.reception']);
    expect(await timeline.textContent()).not.toContain('commune.reception');
    await shot(desk, '05-dossier-after-receipt', true);
  });

  it('the head sees the team’s open work and gives the draft to a named specialist', async () => {
    const head = await login('commune.head');
    await head.goto(`${server.url}/viec-can-lam`);
    await head.click('[data-testid=scope-team]');
    const row = head.locator(`[data-testid=inbox-row][data-code="${dossierCode}"]`);
    await row.waitFor();
    // The row names the applicant and the procedure, not just the code and the step.
    expect(await row.textContent()).toContain('Nguyễn Văn An');
    expect(await row.textContent()).toContain('Xác nhận thông tin về cư trú');
    await row.locator('[data-testid=inbox-assign]').click();
    const dialog = head.getByRole('dialog');
    await dialog.locator('[data-testid=assign-who] option', { hasText: fullName['commune.specialist'] }).waitFor({ state: 'attached' });
    await dialog.locator('[data-testid=assign-who]').selectOption('commune.specialist');
    await shot(head, '06-head-assigns');
    await dialog.locator('[data-testid=assign-submit]').click();
    await toastsCoverNoButton(head);
    await expect.poll(() => row.locator('[data-testid=inbox-assignee]').textContent()).toContain(fullName['commune.specialist']);
    await shot(head, '07-head-team-view');
  });

  it('the specialist finds it in the inbox with procedure and applicant, drafts it; the head’s send-back needs a reason and looks apart from approving', async () => {
    const specialist = await login('commune.specialist');
    await specialist.goto(`${server.url}/viec-can-lam`);
    const row = specialist.locator(`[data-testid=inbox-row][data-code="${dossierCode}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain('Nguyễn Văn An');
    expect(await row.textContent()).toContain('Xác nhận thông tin về cư trú');
    await shot(specialist, '08-specialist-inbox');
    await specialist.goto(`${server.url}/ho-so/${encodeURIComponent(dossierId)}`);
    await specialist.locator('[data-testid=complete-task]').click();
    await specialist.locator('[data-testid=task-card]').filter({ hasText: 'Trưởng phòng xem xét' }).waitFor();

    const head = await login('commune.head');
    await head.goto(`${server.url}/ho-so/${encodeURIComponent(dossierId)}`);
    await head.getByRole('button', { name: 'Nhận xử lý' }).click();
    const back = head.locator('[data-outcome=tra_lai]');
    const approve = head.locator('[data-outcome=dong_y]');
    await back.waitFor();
    expect(await back.getAttribute('class')).toContain('btn-sendback');
    expect(await approve.getAttribute('class')).toContain('btn-primary');
    expect(await back.textContent()).toContain('Trả lại chuyên viên');
    await back.click();
    await head.locator('[data-testid=reason-needed]').waitFor();
    await shot(head, '09-send-back-needs-a-reason');
    await head.fill('#task-comment', 'Thiếu xác nhận của tổ dân phố');
    await back.click();
    await head.locator('[data-testid=task-card]').filter({ hasText: 'Chuyên viên thẩm tra, dự thảo' }).waitFor();
    await toastsCoverNoButton(head);
    // Back to the same specialist, by name; the history says the outcome's label, not its key.
    expect(await head.locator('[data-testid=task-assignee]').textContent()).toContain(fullName['commune.specialist']);
    const timeline = head.locator('[data-testid=timeline]');
    await expect.poll(() => timeline.textContent()).toContain('Trả lại chuyên viên');
    expect(await timeline.textContent()).not.toContain('tra_lai');
    expect(await timeline.textContent()).toContain('Thiếu xác nhận của tổ dân phố');
    expect(await timeline.textContent()).toContain(`giao cho ${fullName['commune.specialist']}`);
    await shot(head, '10-sent-back-to-the-same-specialist', true);
  });

  it('a dossier waiting for the citizen is found from the register, and the desk records the supplement there', async () => {
    const specialist = await login('commune.specialist');
    await specialist.goto(`${server.url}/ho-so/${encodeURIComponent(dossierId)}`);
    await specialist.getByRole('button', { name: 'Yêu cầu bổ sung', exact: true }).click();
    const dialog = specialist.getByRole('dialog');
    await dialog.locator('textarea').first().fill('Xác nhận của tổ dân phố');
    await dialog.locator('textarea').last().fill('Thiếu xác nhận của tổ dân phố về nơi ở.');
    await dialog.getByRole('button', { name: 'Gửi yêu cầu bổ sung' }).click();
    await specialist.locator('.page-subtitle').getByText('Chờ bổ sung').waitFor();

    await desk.goto(`${server.url}/so-theo-doi`);
    await desk.click('[data-testid=register-awaiting-supplement]');
    const row = desk.locator(`[data-testid=register-row][data-code="${dossierCode}"]`);
    await row.waitFor();
    expect(await desk.locator('[data-testid=register-row]').count()).toBe(1);
    await shot(desk, '11-register-awaiting-supplement');
    await row.getByRole('link', { name: dossierCode }).click();
    await desk.getByRole('button', { name: 'Nhận hồ sơ bổ sung' }).click();
    await desk.getByRole('dialog').getByRole('button', { name: 'Xác nhận đã bổ sung' }).click();
    await desk.locator('.page-subtitle').getByText('Đang giải quyết').waitFor();
    await toastsCoverNoButton(desk);
    await shot(desk, '12-supplement-recorded');
  });

  it('the head approves, and the return desk hands the result over with one action', async () => {
    const specialist = await login('commune.specialist');
    await specialist.goto(`${server.url}/ho-so/${encodeURIComponent(dossierId)}`);
    await specialist.locator('[data-testid=complete-task]').click();
    await specialist.locator('[data-testid=task-card]').filter({ hasText: 'Trưởng phòng xem xét' }).waitFor();
    const head = await login('commune.head');
    await head.goto(`${server.url}/ho-so/${encodeURIComponent(dossierId)}`);
    // The review opened again goes back to the head who did it: no claim this time.
    await head.locator('[data-outcome=dong_y]').click();
    await head.locator('.page-subtitle').getByText('Chờ trả kết quả').waitFor();

    const clerk = await login('commune.return');
    await clerk.goto(`${server.url}/ho-so/${encodeURIComponent(dossierId)}`);
    const current = clerk.locator('[data-testid=current-tasks]');
    await current.locator('[data-testid=return-result]').waitFor();
    // One action: no claim, no separate completion of the hand-over step.
    expect(await current.getByRole('button', { name: 'Nhận xử lý' }).count()).toBe(0);
    expect(await current.locator('[data-testid=complete-task]').count()).toBe(0);
    await shot(clerk, '13-return-one-action');
    await current.locator('[data-testid=return-result]').click();
    await clerk.locator('.page-subtitle').getByText('Đã trả kết quả').waitFor();
    await shot(clerk, '14-returned', true);
  });

  it('the register exports the period for Excel in vi-VN and prints on A4', async () => {
    await desk.goto(`${server.url}/so-theo-doi?from=2026-03-01&to=2026-03-31`);
    await desk.locator(`[data-testid=register-row][data-code="${dossierCode}"]`).waitFor();
    const [download] = await Promise.all([desk.waitForEvent('download'), desk.click('[data-testid=register-csv]')]);
    expect(download.suggestedFilename()).toBe('so-theo-doi-ho-so_2026-03-01_2026-03-31.csv');
    const file = path.join(tmp, 'register.csv');
    await download.saveAs(file);
    const bytes = readFileSync(file);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').slice(1);
    const line = text.split('\r\n').find((l) => l.includes(dossierCode))!;
    expect(line.split(';')).toEqual(expect.arrayContaining([dossierCode, 'Nguyễn Văn An', 'Đã trả kết quả']));
    // Local wall-clock dates, day first: received Tuesday 10 March 2026.
    expect(line).toMatch(/;10\/03\/2026 \d{2}:\d{2};/);

    // The browser's print dialog is the person's; here Chromium prints the same page to PDF.
    await desk.evaluate(() => {
      window.print = () => undefined;
    });
    await desk.click('[data-testid=register-print]');
    await desk.locator('[data-testid=printed-register]').waitFor({ state: 'attached' });
    await desk.emulateMedia({ media: 'print' });
    await shot(desk, '15-register-printed', true);
    const pdf = await desk.pdf({ preferCSSPageSize: true, printBackground: true });
    // A4 landscape: 842 × 595 points.
    const box = /\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/.exec(pdf.toString('latin1'));
    expect(box, 'a page size in the PDF').not.toBeNull();
    expect([Math.round(Number(box![1])), Math.round(Number(box![2]))]).toEqual([842, 595]);
    writeFileSync(path.join(SCREENS, '16-register-A4.pdf'), pdf);
    await desk.emulateMedia({ media: 'screen' });
  });
});
