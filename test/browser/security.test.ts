// Issue 13 in Chromium: the headers every answer carries (CSP, frame-ancestors, nosniff,
// Referrer-Policy), the built web app and the bpmn-js designer working under that CSP
// without a single violation, Swagger UI under its own, papers in a sandboxed frame that
// still prints, a clerk changing her password (the page and its live feed carry on with
// the new token), and an admin disabling an account on the users page.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../server/app.js';
import { DEMO_PASSWORD } from '../../server/seed/demoData.js';
import { ensureWebBuild } from '../../server/web.js';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];
const ADMIN_PASSWORD = 'mat-khau-quan-tri-bao-mat';

describe.skipIf(!existsSync(CHROMIUM))('security headers and accounts in Chromium', () => {
  let tmp: string;
  let server: RunningServer;
  let browser: Browser;
  /** Every CSP violation and console complaint of every page, with the page's path. */
  const violations: string[] = [];

  beforeAll(async () => {
    await ensureWebBuild({ quiet: true });
    tmp = mkdtempSync(path.join(tmpdir(), 'motcua-security-'));
    server = await startServer({ port: 0, host: '127.0.0.1', databaseUrl: path.join(tmp, 'motcua.db'), adminPassword: ADMIN_PASSWORD });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  async function open(): Promise<Page> {
    const page = await (await browser.newContext()).newPage();
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => {
        (window as unknown as { __csp: string[] }).__csp ??= [];
        (window as unknown as { __csp: string[] }).__csp.push(`${event.violatedDirective} ${event.blockedURI}`);
        console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}:${event.columnNumber}`);
      });
    });
    page.on('console', (message) => {
      const text = message.text();
      if (/Content Security Policy|CSP violation|Refused to|sandboxed/i.test(text)) violations.push(`${new URL(page.url()).pathname}: ${text}`);
    });
    page.on('pageerror', (error) => violations.push(`${page.url()}: ${error.message}`));
    return page;
  }

  async function signIn(username: string, password = DEMO_PASSWORD): Promise<Page> {
    const page = await open();
    await page.goto(`${server.url}/dang-nhap`);
    await page.fill('input[name=username]', username);
    await page.fill('input[name=password]', password);
    await page.click('button[type=submit]');
    await page.waitForURL((url) => !url.pathname.startsWith('/dang-nhap'));
    return page;
  }

  it('sends CSP, frame-ancestors, nosniff and Referrer-Policy on the app, the API and the papers', async () => {
    for (const route of ['/', '/api/health', '/favicon.svg', '/dang-nhap']) {
      const res = await fetch(`${server.url}${route}`);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, route).toContain("script-src 'self'");
      expect(csp, route).toContain("frame-ancestors 'none'");
      expect(csp, route).toContain("object-src 'none'");
      expect(res.headers.get('x-content-type-options'), route).toBe('nosniff');
      expect(res.headers.get('referrer-policy'), route).toBe('no-referrer');
      expect(res.headers.get('x-frame-options'), route).toBe('DENY');
    }
  });

  it('loads the web app, the designer (bpmn-js), the dashboard and the admin pages without a CSP violation', async () => {
    const admin = await signIn('admin', ADMIN_PASSWORD);
    const procedures = (await admin.evaluate(async () => {
      const token = (JSON.parse(localStorage.getItem('motcua.session') ?? '{}') as { token: string }).token;
      const res = await fetch('/api/procedures', { headers: { authorization: `Bearer ${token}` } });
      return ((await res.json()) as { items: Array<{ key: string }> }).items.map((p) => p.key);
    })) as string[];
    expect(procedures.length).toBeGreaterThan(0);
    for (const route of [`/quy-trinh/${procedures[0]}`, '/quy-trinh', '/bao-cao', '/quan-tri/nguoi-dung', '/quan-tri/lich', '/mat-khau']) {
      await admin.goto(`${server.url}${route}`);
      if (route.startsWith('/quy-trinh/')) await admin.locator('.djs-container svg').first().waitFor({ timeout: 15_000 });
      else await admin.locator('main.content h1:visible').first().waitFor({ timeout: 15_000 });
    }
    // Swagger UI runs its inline scripts by their hashes only.
    await admin.goto(`${server.url}/api/docs`);
    await admin.locator('.swagger-ui .info').waitFor();
    expect(await admin.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? [])).toEqual([]);
    expect(violations).toEqual([]);
  });

  it('shows a paper in a sandboxed frame where no script runs, and still prints it', async () => {
    const desk = await signIn('commune.reception');
    await desk.goto(`${server.url}/tiep-nhan`);
    const procedure = await desk.locator('select[name=procedure] option').nth(1).getAttribute('value');
    await desk.selectOption('select[name=procedure]', procedure!);
    // A procedure of another level asks the desk for the competent agency (Decree 118/2025).
    const competent = desk.locator('select[name=competentAgency]');
    if (await competent.count()) await competent.selectOption({ index: 1 });
    // A name that is markup: shown as text, never run.
    await desk.fill('input[name=applicantName]', 'Nguyễn <img src=x onerror="window.top.__pwned=1"> An');
    await desk.fill('input[name=idNumber]', '062090001234');
    await desk.fill('input[name=phone]', '0912 345 678');
    await desk.click('[data-testid=receive]');
    await desk.locator('[data-testid=dossier-code]').waitFor();
    await desk.click('[data-testid=print-receipt]');
    const frame = desk.locator('.paper-frame');
    await frame.waitFor();
    expect(await frame.getAttribute('sandbox')).toBe('allow-same-origin allow-modals');
    await desk.frameLocator('.paper-frame').locator('body').getByText('Nguyễn').first().waitFor();
    // Scripts in the frame do not run: neither an injected handler nor one put there on purpose.
    const ran = await desk.evaluate(() => {
      const doc = (document.querySelector('.paper-frame') as HTMLIFrameElement).contentDocument!;
      const script = doc.createElement('script');
      script.textContent = 'window.top.__ranInPaper = 1';
      doc.body.appendChild(script);
      return (window as unknown as { __ranInPaper?: number; __pwned?: number }).__ranInPaper ?? (window as unknown as { __pwned?: number }).__pwned ?? 0;
    });
    expect(ran).toBe(0);
    // Printing from the frame is allowed (no "sandboxed … allow-modals" complaint).
    await desk.evaluate(() => {
      const win = (document.querySelector('.paper-frame') as HTMLIFrameElement).contentWindow!;
      (win as unknown as { print: () => void }).print = () => ((window as unknown as { __printed: number }).__printed = 1);
    });
    await desk.click('[data-testid=print-paper]');
    expect(await desk.evaluate(() => (window as unknown as { __printed?: number }).__printed ?? 0)).toBe(1);
    // The paper as the API serves it carries its own sandboxing policy.
    const token = await desk.evaluate(() => (JSON.parse(localStorage.getItem('motcua.session') ?? '{}') as { token: string }).token);
    const dossierId = await desk.evaluate(() => location.pathname);
    expect(dossierId).toBeTruthy();
    const list = (await (await fetch(`${server.url}/api/dossiers?limit=1`, { headers: { authorization: `Bearer ${token}` } })).json()) as { items: Array<{ id: string }> };
    const paper = await fetch(`${server.url}/api/dossiers/${list.items[0].id}/forms/receipt`, { headers: { authorization: `Bearer ${token}` } });
    expect(paper.status).toBe(200);
    expect(paper.headers.get('content-security-policy')).toMatch(/sandbox/);
    expect(paper.headers.get('content-security-policy')).toContain("default-src 'none'");
    // What this test itself tried to run in the frame is refused (and said so); nothing else is.
    const blockedOnPurpose = /CSP violation: script-src|inline script|Refused to execute inline|Blocked script execution in 'about:srcdoc'/i;
    expect(violations.filter((v) => !blockedOnPurpose.test(v))).toEqual([]);
    violations.length = 0;
  });

  it('lets a clerk change her password: the page and its live feed go on, her other sessions end', async () => {
    const other = await signIn('commune.head');
    const page = await signIn('commune.head');
    await page.locator('[data-testid=live-status][data-status=online]').waitFor({ timeout: 10_000 });
    await page.click('[data-testid=change-password-link]');
    await page.waitForURL(/\/mat-khau$/);
    const form = page.locator('[data-testid=change-password]');
    await form.locator('input[name=current]').fill(DEMO_PASSWORD);
    await form.locator('input[name=next]').fill('12345678');
    await form.locator('input[name=confirm]').fill('12345678');
    await form.locator('button[type=submit]').click();
    // Refused before sending: too weak (Vietnamese first).
    await expect.poll(() => form.locator('[role=alert]').first().textContent()).toContain('Mật khẩu mới quá yếu');
    await form.locator('input[name=current]').fill('sai-mat-khau');
    await form.locator('input[name=next]').fill('mot-mat-khau-moi-2026');
    await form.locator('input[name=confirm]').fill('mot-mat-khau-moi-2026');
    await form.locator('button[type=submit]').click();
    await expect.poll(() => form.locator('[role=alert]').first().textContent()).toContain('Mật khẩu hiện tại không đúng');
    await form.locator('input[name=current]').fill(DEMO_PASSWORD);
    await form.locator('button[type=submit]').click();
    await page.getByText('Đã đổi mật khẩu').first().waitFor();
    // This page works on with the new token, its live feed too.
    await page.goto(`${server.url}/viec-can-lam`);
    await page.waitForURL(/\/viec-can-lam$/);
    await page.locator('[data-testid=live-status][data-status=online]').waitFor({ timeout: 10_000 });
    // The other session is dropped back to the login within seconds.
    await other.goto(`${server.url}/viec-can-lam`);
    await other.waitForURL(/\/dang-nhap/, { timeout: 10_000 });
    const again = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'commune.head', password: 'mot-mat-khau-moi-2026' }),
    });
    expect(again.status).toBe(200);
  });

  it('lets an admin disable an account and reset a password on the users page, in English too', async () => {
    const clerk = await signIn('commune.leader');
    const admin = await signIn('admin', ADMIN_PASSWORD);
    await admin.goto(`${server.url}/quan-tri/nguoi-dung`);
    await admin.click('[data-testid="edit-user-commune.leader"]');
    const dialog = admin.locator('[data-testid=edit-user]');
    await dialog.locator('input[name=active]').uncheck();
    await dialog.locator('input[name=password]').fill('mat-khau-dat-lai-2026');
    await admin.click('[data-testid=save-user]');
    await expect.poll(() => admin.locator('[data-testid="user-status-commune.leader"]').textContent()).toContain('Đã khoá');
    // Her open page is dropped within seconds.
    await clerk.goto(`${server.url}/viec-can-lam`);
    await clerk.waitForURL(/\/dang-nhap/, { timeout: 10_000 });
    // Enabled again, in English.
    await admin.evaluate(() => localStorage.setItem('motcua.lang', 'en'));
    await admin.reload();
    await admin.click('[data-testid="edit-user-commune.leader"]');
    await admin.locator('[data-testid=edit-user] input[name=active]').check();
    await admin.click('[data-testid=save-user]');
    await expect.poll(() => admin.locator('[data-testid="user-status-commune.leader"]').textContent()).toContain('Active');
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'commune.leader', password: 'mat-khau-dat-lai-2026' }),
    });
    expect(login.status).toBe(200);
    expect(violations).toEqual([]);
  });
});
