// Issue 17 in Chromium, the people's side: a citizen on a phone files a birth
// registration online (/nop-ho-so) — the phone and ID checks speak up, the honeypot stays
// out of sight — and gets the code and the secret; the commune's desk finds the filing
// on the reception page and accepts it, and refuses another with a reason the citizen
// then reads on the lookup page; a fee waits online and the desk records it in cash with
// a printable receipt; the dossier is driven to returned through the API and the citizen
// rates it once — a second rating, from a page opened before the first, is refused.
// Business time stands still (FixedClock): nothing here depends on the wall clock.
// Any page error or CSP violation fails the test. Screens in
// test/.artifacts/screens/citizens-*.png.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, devices, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../server/app.js';
import { FixedClock } from '../../server/clock.js';
import { DEMO_PASSWORD } from '../../server/seed/demoData.js';
import { ensureWebBuild } from '../../server/web.js';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];
const ADMIN_PASSWORD = 'mat-khau-quan-tri-cong-dan';
const SCREENS = fileURLToPath(new URL('../.artifacts/screens/', import.meta.url));
const PHONE = devices['Pixel 7'];
/** Monday 16 November 2026, 09:00 in the office. */
const MONDAY_MORNING = '2026-11-16T09:00:00+07:00';
const BIRTH = 'dang_ky_khai_sinh';
const COMMUNE = '000.01.23.H40';
/** Failed loads the browser logs that are the answers this test asks for. */
const EXPECTED_REFUSALS: Array<[RegExp, number]> = [
  [/\/api\/public\/dossiers\/[^/]+\/rating\?/, 409],
  [/\/api\/public\/dossiers\/[^/]+\/result\?/, 404],
];
const REFUSAL = 'Trẻ không cư trú tại xã; đề nghị nộp tại nơi cư trú của cha hoặc mẹ';

if (!existsSync(CHROMIUM)) {
  console.warn(`\n${'!'.repeat(78)}\n!! BROWSER TESTS SKIPPED: ${CHROMIUM} is missing (apt-get install -y chromium fonts-noto-core).\n${'!'.repeat(78)}\n`);
}

describe.skipIf(!existsSync(CHROMIUM))('citizens file online, the desk decides, the citizen rates (issue 17) in Chromium', () => {
  let tmp: string;
  let server: RunningServer;
  let gateway: Server;
  let browser: Browser;
  const problems: string[] = [];
  const filed: Array<{ code: string; secret: string; id?: string }> = [];

  async function api(username: string, password = DEMO_PASSWORD) {
    const login = await (await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) })).json();
    const headers = { authorization: `Bearer ${login.token}` };
    const call = async (method: string, p: string, body?: unknown) => {
      const res = await fetch(`${server.url}/api${p}`, { method, headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) });
      return { status: res.status, body: await res.json() };
    };
    return { get: (p: string) => call('GET', p), post: (p: string, body: unknown = {}) => call('POST', p, body) };
  }

  beforeAll(async () => {
    await ensureWebBuild({ quiet: true });
    mkdirSync(SCREENS, { recursive: true });
    tmp = mkdtempSync(path.join(tmpdir(), 'motcua-citizens-'));
    // The payment gateway's double: a pay link for every request.
    gateway = createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk) => (raw += chunk));
      req.on('end', () => {
        const { paymentId } = JSON.parse(raw) as { paymentId: string };
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ payUrl: `https://pay.example.vn/checkout/${paymentId}`, reference: `GW-${paymentId.slice(0, 8)}` }));
      });
    });
    await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
    server = await startServer({
      port: 0,
      host: '127.0.0.1',
      databaseUrl: path.join(tmp, 'motcua.db'),
      adminPassword: ADMIN_PASSWORD,
      clock: new FixedClock(MONDAY_MORNING),
      integrations: { payment: { url: `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/payments`, secret: 'gateway-secret-of-the-browser-test' } },
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await new Promise((resolve) => gateway?.close(resolve));
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  async function open(options: Parameters<Browser['newContext']>[0] = {}): Promise<Page> {
    const page = await (await browser.newContext({ viewport: { width: 1366, height: 768 }, ...options })).newPage();
    page.on('console', (message) => {
      // Refusals the test asks for are answers, not faults: the second rating (409) and the
      // lookup's probe for an electronic result none was issued for (404, ResultDownload).
      const url = message.location().url ?? '';
      if (/Failed to load resource/.test(message.text()) && EXPECTED_REFUSALS.some(([pattern, status]) => pattern.test(url) && message.text().includes(`status of ${status}`))) return;
      if (message.type() === 'error' || /Content Security Policy|Refused to/i.test(message.text())) problems.push(`${new URL(page.url()).pathname}: ${message.text()} ${url}`);
    });
    page.on('pageerror', (error) => problems.push(`${page.url()}: ${error.message}`));
    return page;
  }

  async function signIn(username: string): Promise<Page> {
    const page = await open();
    await page.goto(`${server.url}/dang-nhap`);
    await page.fill('input[name=username]', username);
    await page.fill('input[name=password]', DEMO_PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL((url) => !url.pathname.startsWith('/dang-nhap'));
    return page;
  }

  const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENS, `citizens-${name}.png`), fullPage: true });
  const lookupUrl = (d: { code: string; secret: string }) => `${server.url}/tra-cuu?code=${encodeURIComponent(d.code)}&secret=${encodeURIComponent(d.secret)}`;

  /** Fill the filing form as a person does, and file it. */
  async function fileOnline(phone: Page, applicant: { name: string; idNumber: string; phone: string; email?: string }) {
    await phone.goto(`${server.url}/nop-ho-so`);
    await phone.selectOption('select[name=procedure]', BIRTH);
    await phone.selectOption('select[name=competentAgency]', COMMUNE);
    await phone.fill('input[name=applicantName]', applicant.name);
    await phone.fill('input[name=idNumber]', applicant.idNumber);
    await phone.fill('input[name=phone]', applicant.phone);
    if (applicant.email) await phone.fill('input[name=email]', applicant.email);
    await phone.click('[data-testid=filing-submit]');
    await phone.getByTestId('filing-done').waitFor();
    const answer = { code: (await phone.getByTestId('filing-code').innerText()).trim(), secret: (await phone.getByTestId('filing-secret').innerText()).trim() };
    filed.push(answer);
    return answer;
  }

  it('a citizen on a phone files online: the checks speak up, the honeypot is out of sight, the code and secret come back', async () => {
    const phone = await open(PHONE);
    await phone.goto(`${server.url}/nop-ho-so`);
    await phone.selectOption('select[name=procedure]', BIRTH);
    // The procedure says what it needs, and that the papers go to the desk (no public upload route).
    await phone.getByTestId('filing-procedure').waitFor();
    expect(await phone.getByTestId('papers-at-desk').innerText()).toContain('mang bản giấy');
    // Wrong numbers: the page says so before anything is sent.
    await phone.fill('input[name=applicantName]', 'Trần Thị Mai');
    await phone.fill('input[name=idNumber]', '06219000');
    await phone.fill('input[name=phone]', '12345');
    await phone.check('[data-testid=notify-email]');
    await phone.click('[data-testid=filing-submit]');
    expect(await phone.getByTestId('problem-idNumber').innerText()).toContain('12 số');
    expect(await phone.getByTestId('problem-phone').innerText()).toContain('0 hoặc +84');
    expect(await phone.getByTestId('problem-email').innerText()).toContain('thư điện tử');
    expect(await phone.getByTestId('problem-agency').count()).toBe(1);
    expect(await phone.getByTestId('filing-done').count()).toBe(0);
    // A person never sees the honeypot: off the screen, out of the tab order, hidden from readers.
    const trap = phone.locator('input[name=website]');
    const box = (await trap.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(0);
    expect(await trap.getAttribute('tabindex')).toBe('-1');
    expect(await phone.locator('.filing-trap').getAttribute('aria-hidden')).toBe('true');
    // The form fits the phone: nothing wider than the screen.
    expect(await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await shot(phone, '1-filing-checks-phone');

    // English second, complete.
    await phone.getByRole('button', { name: 'EN' }).click();
    expect(await phone.getByTestId('problem-phone').innerText()).toContain('Not a valid phone number');
    expect(await phone.locator('h1').innerText()).toBe('File a dossier online');
    await shot(phone, '2-filing-english-phone');
    await phone.getByRole('button', { name: 'VI' }).click();

    await phone.selectOption('select[name=competentAgency]', COMMUNE);
    await phone.fill('input[name=idNumber]', '062190001111');
    await phone.fill('input[name=phone]', '0905 111 222');
    await phone.fill('input[name=email]', 'mai@example.vn');
    await phone.check('[data-testid=notify-zalo]');
    await phone.click('[data-testid=filing-submit]');
    await phone.getByTestId('filing-done').waitFor();
    const first: { code: string; secret: string; id?: string } = { code: (await phone.getByTestId('filing-code').innerText()).trim(), secret: (await phone.getByTestId('filing-secret').innerText()).trim() };
    expect(first.code).toMatch(/^000\.01\.23\.H40-/);
    expect(await phone.getByTestId('filing-lookup-link').getAttribute('href')).toBe(`/tra-cuu?code=${encodeURIComponent(first.code)}&secret=${encodeURIComponent(first.secret)}`);
    filed.push(first);
    await shot(phone, '3-filed-phone');

    // The desk sees what the citizen chose: the channels were recorded with the applicant.
    const desk = await api('commune.reception');
    const found = await desk.get(`/dossiers?q=${encodeURIComponent(first.code)}`);
    first.id = found.body.items[0].id;
    const dossier = await desk.get(`/dossiers/${first.id}`);
    expect(dossier.body.status).toBe('submitted');
    expect(dossier.body.applicant).toMatchObject({ name: 'Trần Thị Mai', email: 'mai@example.vn', notify: expect.arrayContaining(['sms', 'email', 'zalo']) });

    // Through the lookup link: waiting for the desk.
    await phone.getByTestId('filing-lookup-link').click();
    await phone.getByTestId('lookup-result').waitFor();
    expect(await phone.locator('.lookup-explain').innerText()).toContain('chờ bộ phận một cửa');

    // A second filing, to be refused.
    await fileOnline(phone, { name: 'Lê Văn Bình', idNumber: '062090002222', phone: '+84 912 345 678' });
    await phone.context().close();
  }, 120_000);

  it('the desk sees the filings waiting, accepts one and refuses the other with a reason', async () => {
    const [first, second] = filed;
    const page = await signIn('commune.reception');
    await page.goto(`${server.url}/tiep-nhan`);
    await page.getByTestId('submitted-queue').waitFor();
    expect(await page.getByTestId('submitted-row').allInnerTexts()).toEqual(expect.arrayContaining([first.code, second.code]));
    await shot(page, '4-desk-queue');

    await page.getByTestId('submitted-row').filter({ hasText: first.code }).click();
    await page.getByTestId('filing-decision').waitFor();
    await shot(page, '5-desk-decision');
    await page.getByTestId('accept-filing').click();
    await expect.poll(() => page.getByTestId('filing-decision').count()).toBe(0);
    await expect.poll(() => page.locator('.page-subtitle').innerText()).toContain('Đang giải quyết');

    await page.goto(`${server.url}/tiep-nhan`);
    await page.getByTestId('submitted-row').filter({ hasText: second.code }).click();
    await page.getByTestId('refuse-filing').click();
    // No reason, no refusal.
    await page.getByTestId('confirm-refuse').click();
    await page.getByTestId('reason-needed').waitFor();
    await page.fill('[data-testid=refuse-form] textarea[name=reason]', REFUSAL);
    await shot(page, '6-desk-refuse-reason');
    await page.getByTestId('confirm-refuse').click();
    await expect.poll(() => page.getByTestId('filing-decision').count()).toBe(0);
    await expect.poll(() => page.locator('.page-subtitle').innerText()).toContain('Không được tiếp nhận');
    await page.context().close();
  }, 120_000);

  it('the refused citizen reads why on the lookup page', async () => {
    const phone = await open(PHONE);
    await phone.goto(lookupUrl(filed[1]));
    await phone.getByTestId('lookup-refusal').waitFor();
    expect(await phone.getByTestId('lookup-refusal-reason').innerText()).toBe(REFUSAL);
    expect(await phone.getByTestId('rating-form').count()).toBe(0);
    await shot(phone, '7-refused-lookup-phone');
    await phone.context().close();
  }, 60_000);

  it('a fee waits online; the desk records it in cash with an electronic receipt it can print', async () => {
    const [first] = filed;
    const desk = await api('commune.reception');
    const online = await desk.post(`/dossiers/${first.id}/payments`, { amount: 8000, method: 'online' });
    expect(online.status).toBe(201);

    const phone = await open(PHONE);
    await phone.goto(lookupUrl(first));
    await phone.getByTestId('lookup-payment').waitFor();
    expect(await phone.getByTestId('lookup-payment').innerText()).toContain('8.000');
    expect(await phone.getByTestId('lookup-pay').getAttribute('href')).toBe(online.body.payUrl);
    await shot(phone, '8-fee-due-phone');
    await phone.context().close();

    const page = await signIn('commune.reception');
    await page.goto(`${server.url}/ho-so/${first.id}`);
    await page.getByTestId('payment-pending').waitFor();
    expect(await page.getByTestId('payment-amount').inputValue()).toBe('8000');
    await page.getByTestId('record-cash').click();
    await page.getByTestId('payment-receipt-number').waitFor();
    const receiptNumber = (await page.getByTestId('payment-receipt-number').locator('.mono').innerText()).trim();
    expect(receiptNumber).toMatch(/^BL-20261116-[0-9A-F]{10}$/i);
    await page.getByTestId('print-new-receipt').click();
    const frame = page.frameLocator('[data-testid=receipt-frame]');
    await expect.poll(() => frame.locator('body').innerText()).toContain('BIÊN LAI THU PHÍ');
    expect(await frame.locator('body').innerText()).toContain(receiptNumber);
    await shot(page, '9-desk-cash-receipt');
    await page.context().close();
  }, 120_000);

  it('returned through the API, the citizen rates once; a second rating is refused in the page', async () => {
    const [first] = filed;
    const step = async (username: string, stepId: string, outcome?: string) => {
      const who = await api(username);
      const task = (await who.get(`/dossiers/${first.id}`)).body.tasks.find((t: { stepId: string; state: string }) => t.stepId === stepId && t.state === 'open');
      await who.post(`/tasks/${task.id}/claim`);
      const done = await who.post(`/tasks/${task.id}/complete`, outcome ? { outcome } : {});
      expect(done.status, JSON.stringify(done.body)).toBe(200);
    };
    await step('commune.specialist', 'Examine', 'register');
    await step('commune.leader', 'Sign');
    await step('commune.return', 'Return');
    expect((await (await api('commune.return')).get(`/dossiers/${first.id}`)).body.status).toBe('returned');

    // Two pages of the same dossier, both showing the form.
    const phone = await open(PHONE);
    const stale = await open(PHONE);
    for (const page of [phone, stale]) {
      await page.goto(lookupUrl(first));
      await page.getByTestId('rating-form').waitFor();
    }
    // A score first.
    await phone.getByTestId('rating-submit').click();
    await phone.getByText('Chọn một mức độ hài lòng.').waitFor();
    await phone.locator('label.rating-score-3').click();
    await phone.fill('textarea[name=comment]', 'Cán bộ hướng dẫn tận tình');
    await shot(phone, '10-rating-form-phone');
    await phone.getByTestId('rating-submit').click();
    await phone.getByTestId('rating-done').waitFor();
    expect(await phone.getByTestId('rating-score').getAttribute('data-score')).toBe('3');
    expect(await phone.getByTestId('rating-done').innerText()).toContain('Cảm ơn');
    expect(await phone.getByTestId('rating-done').innerText()).toContain('Cán bộ hướng dẫn tận tình');
    expect(await phone.getByTestId('rating-form').count()).toBe(0);
    await shot(phone, '11-rated-phone');

    // The page opened before: the server refuses, the page says so in the catalogue's words and shows the rating given.
    await stale.locator('label.rating-score-1').click();
    await stale.getByTestId('rating-submit').click();
    await stale.getByTestId('rating-error').waitFor();
    expect(await stale.getByTestId('rating-error').innerText()).toBe('Hồ sơ này đã được đánh giá');
    await stale.getByTestId('rating-done').waitFor();
    expect(await stale.getByTestId('rating-score').getAttribute('data-score')).toBe('3');
    await shot(stale, '12-second-rating-refused-phone');

    // Opened again later: the thanks and the score, no form.
    await phone.reload();
    await phone.getByTestId('rating-done').waitFor();
    expect(await phone.getByTestId('rating-form').count()).toBe(0);
    const report = await (await api('commune.manager')).get('/ratings');
    expect(report.body.total).toBe(1);
    expect(report.body.byScore).toMatchObject({ 1: 0, 3: 1 });
    await phone.context().close();
    await stale.context().close();
    expect(problems).toEqual([]);
  }, 120_000);
});
