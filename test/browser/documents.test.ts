// Issue 16 in Chromium, from the desk to the citizen's phone: reception ticks the birth
// registration's components and drops and picks real scans; the specialist opens them in
// the dossier page's viewer (an image, a PDF drawn by pdf.js) under the app's CSP; a draft
// result is uploaded and signed with the agency's certificate, its signer and time shown;
// the dossier is returned and the citizen downloads the signed PDF from the lookup page on
// a phone — and Debian's pdfsig (poppler), a tool that owes nothing to MộtCửa, says the
// signature is valid. Screens in test/.artifacts/screens/documents-*.png.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, devices, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../server/app.js';
import { DEMO_PASSWORD } from '../../server/seed/demoData.js';
import { ensureWebBuild } from '../../server/web.js';
import { birthWithComponentsXml, makePdf, scanJpeg } from '../api/fixtures/documents.js';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];
const ADMIN_PASSWORD = 'mat-khau-quan-tri-tai-lieu';
const SCREENS = fileURLToPath(new URL('../.artifacts/screens/', import.meta.url));
const PDFSIG = '/usr/bin/pdfsig';

describe.skipIf(!existsSync(CHROMIUM))('documents from the desk to the citizen in Chromium', () => {
  let tmp: string;
  let server: RunningServer;
  let browser: Browser;
  const problems: string[] = [];
  let dossier: { id: string; code: string; secret: string };

  async function api(username: string, password = DEMO_PASSWORD) {
    const login = await (await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) })).json();
    const headers = { authorization: `Bearer ${login.token}` };
    return {
      get: async (p: string) => (await fetch(`${server.url}/api${p}`, { headers })).json(),
      post: async (p: string, body: unknown) =>
        (await fetch(`${server.url}/api${p}`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) })).json(),
      raw: (p: string, init: RequestInit) => fetch(`${server.url}/api${p}`, { ...init, headers: { ...headers, ...(init.headers ?? {}) } }),
    };
  }

  beforeAll(async () => {
    await ensureWebBuild({ quiet: true });
    mkdirSync(SCREENS, { recursive: true });
    tmp = mkdtempSync(path.join(tmpdir(), 'motcua-documents-'));
    server = await startServer({ port: 0, host: '127.0.0.1', databaseUrl: path.join(tmp, 'motcua.db'), adminPassword: ADMIN_PASSWORD });
    const admin = await api('admin', ADMIN_PASSWORD);
    const deployed = await admin.raw(`/procedures?overLimitReason=${encodeURIComponent('Trong ngày theo Luật Hộ tịch')}`, { method: 'POST', headers: { 'content-type': 'application/xml' }, body: birthWithComponentsXml });
    expect(deployed.status).toBe(201);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    writeFileSync(path.join(tmp, 'to-khai-khai-sinh.jpg'), scanJpeg);
    writeFileSync(path.join(tmp, 'giay-chung-sinh.pdf'), await makePdf('GIAY CHUNG SINH'));
    writeFileSync(path.join(tmp, 'du-thao-giay-khai-sinh.pdf'), await makePdf('GIAY KHAI SINH'));
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  async function open(options: Parameters<Browser['newContext']>[0] = {}): Promise<Page> {
    const page = await (await browser.newContext({ viewport: { width: 1366, height: 768 }, ...options })).newPage();
    page.on('console', (message) => {
      if (message.type() === 'error' || /Content Security Policy|Refused to/i.test(message.text())) problems.push(`${new URL(page.url()).pathname}: ${message.text()}`);
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

  it('reception ticks the components, drops one scan and picks another, and receives', async () => {
    const page = await signIn('commune.reception');
    await page.goto(`${server.url}/tiep-nhan`);
    await page.selectOption('select[name=procedure]', 'dang_ky_khai_sinh');
    await page.locator('[data-testid=tick-to-khai]').waitFor();
    await page.fill('input[name=applicantName]', 'Nguyễn Văn An');
    await page.fill('input[name=idNumber]', '062090001234');
    await page.fill('input[name=phone]', '0905 123 456');
    // A required component left unticked: the choice appears.
    await page.check('[data-testid=tick-to-khai]');
    await expect.poll(() => page.locator('[data-testid=missing-choice]').textContent()).toContain('Giấy chứng sinh');
    await page.check('[data-testid=tick-giay-chung-sinh]');
    await expect.poll(() => page.locator('[data-testid=missing-choice]').count()).toBe(0);
    // Drag and drop: the scanned application form lands on the drop zone…
    const bytes = [...scanJpeg];
    const transfer = await page.evaluateHandle((data) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(data)], 'to-khai-khai-sinh.jpg', { type: 'image/jpeg' }));
      return dt;
    }, bytes);
    await page.dispatchEvent('[data-testid=drop-zone]', 'drop', { dataTransfer: transfer });
    // …and the multi-file picker takes the birth certificate.
    await page.setInputFiles('[data-testid=scan-input]', [path.join(tmp, 'giay-chung-sinh.pdf')]);
    await expect.poll(() => page.locator('[data-testid=scan-list] li').count()).toBe(2);
    expect(await page.locator('[data-testid=scan-component-0]').inputValue()).toBe('to-khai');
    expect(await page.locator('[data-testid=scan-component-1]').inputValue()).toBe('giay-chung-sinh');
    await page.screenshot({ path: path.join(SCREENS, 'documents-1-reception-checklist.png'), fullPage: true });
    await page.click('[data-testid=receive]');
    await page.locator('[data-testid=receipt]').waitFor();
    const code = (await page.locator('[data-testid=dossier-code]').textContent())!.trim();
    const secret = (await page.locator('[data-testid=lookup-secret]').textContent())!.trim();
    const found = await (await api('commune.reception')).get(`/dossiers?q=${encodeURIComponent(code)}`);
    dossier = { id: found.items[0].id, code, secret };
    const files = await (await api('commune.reception')).get(`/dossiers/${dossier.id}/files`);
    expect(files.components.map((c: { key: string; received: boolean; digitised: boolean }) => [c.key, c.received, c.digitised])).toEqual([
      ['to-khai', true, true],
      ['giay-chung-sinh', true, true],
      ['uy-quyen', false, false],
    ]);
    expect(files.files.map((f: { mediaType: string }) => f.mediaType)).toEqual(['image/jpeg', 'application/pdf']);
    await page.close();
  }, 120_000);

  it('the specialist sees the scans in the viewer, uploads the draft result and signs it', async () => {
    const specialist = await api('commune.specialist');
    const view = await specialist.get(`/dossiers/${dossier.id}`);
    const examine = view.tasks.find((t: { stepId: string }) => t.stepId === 'Examine');
    await specialist.post(`/tasks/${examine.id}/claim`, {});
    expect((await specialist.post(`/tasks/${examine.id}/complete`, { outcome: 'register' })).status).not.toBe('error');

    const page = await signIn('commune.specialist');
    await page.goto(`${server.url}/ho-so/${dossier.id}`);
    await page.locator('[data-testid=file-list]').waitFor();
    expect(await page.locator('[data-testid=component-status] tr[data-digitised=true]').count()).toBe(2);
    // The JPEG as an image…
    await page.locator('[data-testid=view-file]').nth(0).click();
    await page.locator('[data-testid=scan-image]').waitFor();
    await expect.poll(() => page.locator('[data-testid=scan-image]').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(620);
    await page.locator('[data-testid=file-viewer]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENS, 'documents-2-viewer-jpeg.png'), fullPage: true });
    // …the PDF drawn by pdf.js on a canvas, with ink on it.
    await page.locator('[data-testid=view-file]').nth(1).click();
    await page.locator('[data-testid=pdf-pages]').waitFor();
    const inked = await page.locator('canvas.pdf-page').first().evaluate((canvas: HTMLCanvasElement) => {
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let dark = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i] < 128 && data[i + 3] > 0) dark++;
      return dark;
    });
    expect(inked).toBeGreaterThan(100);
    await page.locator('[data-testid=file-viewer]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENS, 'documents-3-viewer-pdf.png'), fullPage: true });

    await page.setInputFiles('[data-testid=result-upload]', [path.join(tmp, 'du-thao-giay-khai-sinh.pdf')]);
    await expect.poll(() => page.locator('[data-testid=issue-result]').count()).toBeGreaterThan(0);
    await page.locator('tr', { hasText: 'du-thao-giay-khai-sinh.pdf' }).locator('[data-testid=issue-result]').click();
    await page.locator('[data-testid=result-signature] [data-valid=true]').waitFor();
    expect(await page.locator('[data-testid=signer]').textContent()).toContain('MotCua demo');
    await page.locator('[data-testid=result-signature]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENS, 'documents-4-signed-result.png'), fullPage: true });
    await page.close();
  }, 120_000);

  it('the citizen downloads the signed result on a phone once it is returned, and pdfsig verifies it', async () => {
    const leader = await api('commune.leader');
    const sign = (await leader.get(`/dossiers/${dossier.id}`)).tasks.find((t: { stepId: string; state: string }) => t.stepId === 'Sign' && t.state === 'open');
    await leader.post(`/tasks/${sign.id}/claim`, {});
    await leader.post(`/tasks/${sign.id}/complete`, {});
    const returner = await api('commune.return');
    const handOver = (await returner.get(`/dossiers/${dossier.id}`)).tasks.find((t: { stepId: string; state: string }) => t.stepId === 'Return' && t.state === 'open');
    await returner.post(`/tasks/${handOver.id}/claim`, {});
    await returner.post(`/tasks/${handOver.id}/complete`, {});
    expect((await returner.get(`/dossiers/${dossier.id}`)).status).toBe('returned');

    const phone = await open({ ...devices['Pixel 7'], acceptDownloads: true });
    await phone.goto(`${server.url}/tra-cuu?code=${encodeURIComponent(dossier.code)}&secret=${encodeURIComponent(dossier.secret.toLowerCase())}`);
    await phone.locator('[data-testid=download-result]').waitFor();
    await phone.screenshot({ path: path.join(SCREENS, 'documents-5-citizen-phone.png'), fullPage: true });
    const [download] = await Promise.all([phone.waitForEvent('download'), phone.click('[data-testid=download-result]')]);
    const saved = path.join(tmp, 'ket-qua.pdf');
    await download.saveAs(saved);
    expect(readFileSync(saved).subarray(0, 5).toString()).toBe('%PDF-');
    if (existsSync(PDFSIG)) {
      const report = execFileSync(PDFSIG, [saved], { encoding: 'utf8' });
      expect(report).toContain('Signature is Valid');
      expect(report).toContain('ETSI.CAdES.detached');
      expect(report).toContain('Total document signed');
    } else {
      console.warn('\n!!! pdfsig (poppler-utils) is not installed: the independent signature check is SKIPPED. apt-get install -y poppler-utils\n');
    }
    expect(problems).toEqual([]);
  }, 120_000);
  it('the designer lists the components in the procedure panel, one a line, and the validator judges an edit', async () => {
    const page = await open();
    await page.goto(`${server.url}/dang-nhap`);
    await page.fill('input[name=username]', 'admin');
    await page.fill('input[name=password]', ADMIN_PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL((url) => !url.pathname.startsWith('/dang-nhap'));
    await page.goto(`${server.url}/quy-trinh/dang_ky_khai_sinh`);
    const field = page.locator('#bio-properties-panel-mc-components');
    await field.waitFor();
    await expect.poll(() => field.inputValue()).toContain('to-khai | Tờ khai đăng ký khai sinh | original | 1 | bắt buộc');
    expect(await field.inputValue()).toContain('uy-quyen | Văn bản ủy quyền (nếu có) | certified-copy | 1 | không');
    await field.fill(`${await field.inputValue()}\nban-ve | Bản vẽ | scan | 2 | bắt buộc`);
    await field.press('Tab');
    await expect.poll(() => page.locator('[data-testid=problem-list]').textContent(), { timeout: 10_000 }).toContain('loại "scan" không hợp lệ');
    await field.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENS, 'documents-6-designer-components.png') });
    await page.close();
  }, 120_000);
});
