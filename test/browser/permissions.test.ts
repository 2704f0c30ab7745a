// The web app shows and hides by the permissions GET /api/auth/me sends — the server's
// one table (server/auth/permissions.ts) applied to the account's roles as the database
// holds them — never by role lists of its own. In Chromium against a real server on a
// fresh SQLite file: a specialist has no desk and a reception clerk has one, exactly as
// their /auth/me says; an account an admin makes with a role of their own gets what the
// table gives any staff; when the admin gives it the reception role, the same page, the
// same build, shows the desk after a reload, and the desk works. Screens are saved to
// test/.artifacts/screens/ as permissions-*.png.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page, type Response } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Action, MeView } from '../../contract/index.js';
import { startServer, type RunningServer } from '../../server/app.js';
import { FixedClock } from '../../server/clock.js';
import { ensureWebBuild } from '../../server/web.js';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];
const SCREENS = fileURLToPath(new URL('../.artifacts/screens/', import.meta.url));
const ADMIN_PASSWORD = 'mat-khau-quan-tri-quyen';
const DEMO_PASSWORD = 'demo123';
const COMMUNE = '000.01.23.H40';
/** A role of the admin's own for a step (CONTRACT.md §2): no row of the table names it. */
const OWN_ROLE = 'tham-dinh-thuc-dia';
/** Several logins and a receipt in one story: room for a busy machine. */
const STORY = 90_000;

/** The header's links and the action each stands for; the lookup is there for everyone. */
const NAV: { label: string; any: Action[] }[] = [
  { label: 'Việc cần làm', any: ['task.work'] },
  { label: 'Tiếp nhận hồ sơ', any: ['dossier.receive'] },
  { label: 'Sổ theo dõi', any: ['dossier.read'] },
  { label: 'Bảng điều hành', any: ['dashboard.read'] },
  { label: 'Chỉ số 766', any: ['index766.read'] },
  { label: 'Quy trình', any: ['procedure.deploy'] },
  { label: 'Quản trị', any: ['agency.manage', 'user.manage', 'calendar.manage'] },
];
const navFrom = (permissions: readonly string[]) => [...NAV.filter((item) => item.any.some((a) => permissions.includes(a))).map((item) => item.label), 'Tra cứu'];

const available = existsSync(CHROMIUM);
if (!available) {
  console.warn(
    `\n${'!'.repeat(78)}\n!! BROWSER TESTS SKIPPED: ${CHROMIUM} is missing.\n!! Install Debian's Chromium (apt-get install -y chromium fonts-noto-core);\n!! .ci/run does this on CI. No browser is ever downloaded.\n${'!'.repeat(78)}\n`,
  );
}

describe.skipIf(!available)('what the web app shows follows /auth/me, in Chromium', () => {
  let tmp: string;
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    await ensureWebBuild({ quiet: true });
    mkdirSync(SCREENS, { recursive: true });
    tmp = mkdtempSync(path.join(tmpdir(), 'motcua-permissions-'));
    server = await startServer({
      port: 0,
      host: '127.0.0.1',
      databaseUrl: path.join(tmp, 'motcua.db'),
      // Tuesday 10 March 2026, 09:00 in Kon Tum: the desk is open.
      clock: new FixedClock(new Date('2026-03-10T09:00:00+07:00')),
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

  afterEach(() => {
    expect(pageErrors.splice(0), 'uncaught errors in the page').toEqual([]);
  });

  async function open(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN' });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.stack ?? error.message}`));
    return page;
  }

  const isMe = (response: Response) => new URL(response.url()).pathname === '/api/auth/me' && response.request().method() === 'GET';

  /** What the page's own request to /api/auth/me was answered, once `act` has run. */
  async function meOf(page: Page, act: () => Promise<unknown>): Promise<MeView> {
    const answered = page.waitForResponse(isMe);
    await act();
    const response = await answered;
    expect(response.status()).toBe(200);
    return (await response.json()) as MeView;
  }

  async function login(username: string, password = DEMO_PASSWORD): Promise<{ page: Page; me: MeView }> {
    const page = await open();
    await page.goto(`${server.url}/dang-nhap`);
    await page.fill('input[name=username]', username);
    await page.fill('input[name=password]', password);
    const me = await meOf(page, () => page.click('button[type=submit]'));
    await page.waitForURL((url) => !url.pathname.startsWith('/dang-nhap'));
    return { page, me };
  }

  const nav = (page: Page) => page.locator('nav.topnav a');
  async function navLabels(page: Page): Promise<string[]> {
    await nav(page).last().waitFor();
    return (await nav(page).allTextContents()).map((text) => text.trim());
  }

  it('a specialist has no "Tiếp nhận hồ sơ" in the header and a reception clerk has it, as their /auth/me says', async () => {
    const { page: specialist, me: specialistMe } = await login('commune.specialist');
    expect(specialistMe.username).toBe('commune.specialist');
    expect(specialistMe.permissions).not.toContain('dossier.receive');
    expect(await navLabels(specialist)).toEqual(navFrom(specialistMe.permissions));
    expect(await navLabels(specialist)).not.toContain('Tiếp nhận hồ sơ');
    expect(new URL(specialist.url()).pathname).toBe('/viec-can-lam');
    await specialist.screenshot({ path: path.join(SCREENS, 'permissions-specialist.png') });

    const { page: desk, me: deskMe } = await login('commune.reception');
    expect(deskMe.permissions).toContain('dossier.receive');
    expect(await navLabels(desk)).toEqual(navFrom(deskMe.permissions));
    expect(await navLabels(desk)).toContain('Tiếp nhận hồ sơ');
    expect(new URL(desk.url()).pathname).toBe('/tiep-nhan');
    await desk.locator('select[name=procedure]').waitFor();

    // The desk typed in by hand answers with the forbidden page, not the form.
    await specialist.goto(`${server.url}/tiep-nhan`);
    await specialist.locator('[data-testid=forbidden]').waitFor();
    expect(await specialist.locator('select[name=procedure]').count()).toBe(0);
    await specialist.screenshot({ path: path.join(SCREENS, 'permissions-specialist-forbidden.png') });

    // A stored session asks again on start: what the table says now, not what it said at login.
    const again = await meOf(specialist, () => specialist.reload());
    expect(again.permissions).toEqual(specialistMe.permissions);
    expect(await navLabels(specialist)).toEqual(navFrom(again.permissions));
  }, STORY);

  it('an account the admin makes with a role of their own gets what any staff may do; given reception, the same page shows the desk and it works', async () => {
    const { page: admin, me: adminMe } = await login('admin', ADMIN_PASSWORD);
    expect(await navLabels(admin)).toEqual(navFrom(adminMe.permissions));
    await admin.goto(`${server.url}/quan-tri/nguoi-dung`);
    await admin.getByText('commune.specialist').waitFor();
    await admin.getByLabel('Tên đăng nhập').fill('commune.field');
    await admin.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
    await admin.getByLabel('Họ và tên').fill('Lê Thẩm Định');
    await admin.getByLabel('Cơ quan').selectOption(COMMUNE);
    await admin.getByLabel('Vai trò khác').fill(OWN_ROLE);
    await admin.getByRole('button', { name: 'Thêm', exact: true }).click();
    await admin.locator('[data-testid=toast]').getByText('Đã thêm người dùng commune.field').waitFor();

    const { page, me } = await login('commune.field');
    expect(me.roles).toEqual([OWN_ROLE]);
    expect(me.permissions).toContain('task.work');
    expect(me.permissions).not.toContain('dossier.receive');
    expect(await navLabels(page)).toEqual(navFrom(me.permissions));
    expect(await navLabels(page)).toEqual(['Việc cần làm', 'Sổ theo dõi', 'Tra cứu']);
    expect(new URL(page.url()).pathname).toBe('/viec-can-lam');
    await page.goto(`${server.url}/tiep-nhan`);
    await page.locator('[data-testid=forbidden]').waitFor();

    // The admin gives the account the reception role (no screen edits roles yet: the test
    // writes the row such a screen would). No change to the web app, no new login.
    const { id } = (await server.knex('users').where({ username: 'commune.field' }).first('id')) as { id: number };
    await server.knex('user_roles').insert({ user_id: id, role: 'reception' });
    const storedToken = () => page.evaluate(() => (JSON.parse(localStorage.getItem('motcua.session') ?? '{}') as { token?: string }).token ?? null);
    const before = await storedToken();
    const now = await meOf(page, () => page.reload());
    expect(now.roles.sort()).toEqual(['reception', OWN_ROLE].sort());
    expect(now.permissions).toContain('dossier.receive');
    await nav(page).filter({ hasText: 'Tiếp nhận hồ sơ' }).waitFor();
    expect(await navLabels(page)).toEqual(navFrom(now.permissions));
    await page.screenshot({ path: path.join(SCREENS, 'permissions-role-given.png') });

    // The roles changed since the token was signed: the page renews it, so the server's
    // own checks agree with the screen, and the clerk receives a dossier at once.
    await expect.poll(storedToken).not.toBe(before);
    await nav(page).filter({ hasText: 'Tiếp nhận hồ sơ' }).click();
    await page.waitForURL(/\/tiep-nhan$/);
    await page.selectOption('select[name=procedure]', 'dang_ky_khai_sinh');
    await page.fill('input[name=applicantName]', 'Y Bhăm Niê');
    await page.fill('input[name=idNumber]', '062090004321');
    await page.fill('input[name=phone]', '0905 123 456');
    await page.fill('input[name=address]', '12 Phan Chu Trinh, phường Quyết Thắng, TP Kon Tum');
    await page.click('[data-testid=receive]');
    expect(await page.locator('[data-testid=dossier-code]').textContent()).toMatch(/^000\.01\.23\.H40-260310-\d{4}$/);
  }, STORY);
});
