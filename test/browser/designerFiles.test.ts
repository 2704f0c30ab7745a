// The designer with files from other tools, in Chromium against a real server on a fresh
// SQLite file: a model without diagram information whose flow nodes carry no
// <bpmn:incoming>/<bpmn:outgoing> children opens laid out with every flow drawn; what a
// layout cannot draw is named on screen in both languages; the return step is ticked
// in the MộtCửa panel and reaches the deployed XML as mc:returns="true". Screens are
// saved to test/.artifacts/screens/ as designer-files-*.png.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../server/app.js';
import { ensureWebBuild } from '../../server/web.js';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];
/** Five tasks, a gateway, eight flows; no bpmndi, no incoming/outgoing children. */
const NO_LINKS = fileURLToPath(new URL('./fixtures/no-diagram-no-links.bpmn', import.meta.url));
const SCREENS = fileURLToPath(new URL('../.artifacts/screens/', import.meta.url));
const ADMIN_PASSWORD = 'mat-khau-quan-tri-thu-nghiem';
const NODES = ['Start', 'Receive', 'Examine', 'Review', 'ReviewDecision', 'Sign', 'Return', 'End'];
const FLOWS = ['f1', 'f2', 'f3', 'f4', 'f_approve', 'f_rework', 'f5', 'f6'];

/** Two processes: bpmn-auto-layout lays out the first only. */
const TWO_PROCESSES = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:mc="https://schemas.motcua.org/bpmn/1.0" id="D" targetNamespace="t">
  <bpmn:process id="hai_quy_trinh" name="Hai quy trình" isExecutable="true" mc:timeLimit="P1D">
    <bpmn:startEvent id="S1" /><bpmn:userTask id="T1" name="Xử lý" mc:role="specialist" mc:duration="P1D" /><bpmn:endEvent id="E1" />
    <bpmn:sequenceFlow id="a1" sourceRef="S1" targetRef="T1" /><bpmn:sequenceFlow id="a2" sourceRef="T1" targetRef="E1" />
  </bpmn:process>
  <bpmn:process id="khac" isExecutable="false">
    <bpmn:startEvent id="S2" name="Bắt đầu khác" /><bpmn:endEvent id="E2" />
    <bpmn:sequenceFlow id="b1" name="Luồng khác" sourceRef="S2" targetRef="E2" />
  </bpmn:process>
</bpmn:definitions>`;

const available = existsSync(CHROMIUM);
if (!available) {
  console.warn(
    `\n${'!'.repeat(78)}\n!! BROWSER TESTS SKIPPED: ${CHROMIUM} is missing.\n!! Install Debian's Chromium (apt-get install -y chromium fonts-noto-core);\n!! .ci/run does this on CI. No browser is ever downloaded.\n${'!'.repeat(78)}\n`,
  );
}

describe.skipIf(!available)('the designer with files from other tools, in Chromium', () => {
  let tmp: string;
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    await ensureWebBuild({ quiet: true });
    mkdirSync(SCREENS, { recursive: true });
    tmp = mkdtempSync(path.join(tmpdir(), 'motcua-browser-files-'));
    server = await startServer({
      port: 0,
      host: '127.0.0.1',
      databaseUrl: path.join(tmp, 'motcua.db'),
      // Tuesday 10 March 2026, 09:00 in Kon Tum.
      clock: { now: () => new Date('2026-03-10T09:00:00+07:00') },
      adminPassword: ADMIN_PASSWORD,
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN' });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.stack ?? error.message}`));
    await page.goto(`${server.url}/dang-nhap`);
    await page.fill('input[name=username]', 'admin');
    await page.fill('input[name=password]', ADMIN_PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL((url) => !url.pathname.startsWith('/dang-nhap'));
  }, 180_000);

  afterAll(async () => {
    await context?.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') await screenshot(`failed-${ctx.task.name.slice(0, 24).replace(/\W+/g, '-')}`).catch(() => undefined);
    const errors = pageErrors.splice(0);
    expect(errors, 'uncaught errors in the page').toEqual([]);
  });

  const screenshot = (name: string) => page.screenshot({ path: path.join(SCREENS, `designer-files-${name}.png`) });
  const shape = (id: string): Locator => page.locator(`.djs-element.djs-shape[data-element-id="${id}"]`);
  const connectionIds = () => page.locator('.djs-element.djs-connection').evaluateAll((els) => els.map((el) => el.getAttribute('data-element-id')));
  const validated = () => page.locator('[data-testid=problem-list]').getByText('đang kiểm tra…').waitFor({ state: 'detached' });

  async function openFile(file: string | { name: string; mimeType: string; buffer: Buffer }): Promise<void> {
    await page.goto(`${server.url}/quy-trinh/moi`);
    await page.setInputFiles('[data-testid=open-file]', file);
    await page.locator('[data-testid=toast]').getByText('sắp xếp tự động').first().waitFor();
    await page.locator('[data-testid=modeler-canvas][data-import-warnings]').waitFor();
  }

  /** Drawn with a real path: at least two waypoints, a box of some size. */
  async function expectDrawn(ids: string[]): Promise<void> {
    for (const id of ids) {
      const box = await page.locator(`.djs-element[data-element-id="${id}"] .djs-visual`).first().boundingBox();
      expect(box, id).not.toBeNull();
      expect(box!.width + box!.height, id).toBeGreaterThan(10);
    }
  }

  /** The file "Lưu tệp .bpmn" downloads. */
  async function savedXml(): Promise<string> {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Lưu tệp .bpmn' }).click()]);
    return readFileSync((await download.path())!, 'utf8');
  }

  it('lays out a file whose flow nodes name no incoming/outgoing flows: every node a shape, all eight flows drawn', async () => {
    const written = readFileSync(NO_LINKS, 'utf8').replace(/<!--[\s\S]*?-->/g, '');
    expect(written).not.toMatch(/bpmndi|<bpmn:incoming|<bpmn:outgoing/);
    await openFile(NO_LINKS);
    for (const id of NODES) await shape(id).waitFor();
    await expect.poll(connectionIds).toEqual(expect.arrayContaining(FLOWS));
    expect((await connectionIds()).sort()).toEqual([...FLOWS].sort());
    await expectDrawn([...NODES, ...FLOWS]);
    expect(await page.locator('[data-testid=layout-gaps]').count()).toBe(0);
    await validated();
    expect(await page.locator('[data-testid=error-count]').textContent()).toMatch(/^0\b/);
    await screenshot('01-no-links-laid-out');

    // "Sắp xếp tự động" on the open diagram keeps every flow too.
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Sắp xếp tự động' }).click();
    await validated();
    expect((await connectionIds()).sort()).toEqual([...FLOWS].sort());
    expect(await page.locator('[data-testid=layout-gaps]').count()).toBe(0);
  });

  it('names, in Vietnamese and in English, what the layout could not draw', async () => {
    await openFile({ name: 'hai-quy-trinh.bpmn', mimeType: 'application/xml', buffer: Buffer.from(TWO_PROCESSES) });
    await shape('T1').waitFor();
    const gaps = page.locator('[data-testid=layout-gaps]');
    await gaps.waitFor();
    expect(await gaps.locator('li').evaluateAll((els) => els.map((el) => el.getAttribute('data-element-id')))).toEqual(['S2', 'E2', 'b1']);
    expect(await gaps.textContent()).toContain('Sắp xếp tự động không vẽ được 3 phần tử');
    expect(await gaps.locator('li[data-element-id="S2"]').textContent()).toBe('S2 — Bắt đầu khác: không có hình trên sơ đồ');
    expect(await gaps.locator('li[data-element-id="b1"]').textContent()).toBe('b1 — Luồng khác: luồng không được vẽ');
    await screenshot('02-layout-gaps-vi');
    await page.getByRole('button', { name: 'EN' }).click();
    await gaps.getByText('The automatic layout could not draw 3 elements').waitFor();
    expect(await gaps.locator('li[data-element-id="E2"]').textContent()).toBe('E2: no shape on the diagram');
    await screenshot('03-layout-gaps-en');
    await page.getByRole('button', { name: 'VI' }).click();
    await gaps.getByText('Sắp xếp tự động không vẽ được 3 phần tử').waitFor();
    await gaps.getByRole('button', { name: 'Đóng' }).click();
    expect(await gaps.count()).toBe(0);
  });

  it('marks the return step in the MộtCửa panel: implicit by the rule, ticked into mc:returns, deployed', async () => {
    await openFile(NO_LINKS);
    await validated();
    const returns = page.locator('#bio-properties-panel-mc-returns');
    const description = page.locator('[data-entry-id="mc-returns"] .bio-properties-panel-description');

    // The return-role task whose one flow ends the process is the return step already.
    await shape('Return').click({ position: { x: 24, y: 22 } });
    expect(await returns.isChecked()).toBe(false);
    await expect.poll(() => description.textContent()).toContain('Đây đã là bước trả kết quả dù chưa đánh dấu');
    await returns.scrollIntoViewIfNeeded();
    await screenshot('04-return-step-implicit');
    // Any other user task is not.
    await shape('Sign').click({ position: { x: 24, y: 22 } });
    expect(await returns.isChecked()).toBe(false);
    await expect.poll(() => description.textContent()).toContain('Hoàn thành bước này là đã trả kết quả cho công dân');
    expect(await page.locator('[data-entry-id="mc-returns"] label').textContent()).toBe('Bước trả kết quả (trả cho công dân khi hoàn thành)');

    // Ticked: written; unticked: the attribute is gone.
    await shape('Return').click({ position: { x: 24, y: 22 } });
    await returns.check();
    await validated();
    await expect.poll(() => description.textContent()).not.toContain('dù chưa đánh dấu');
    expect(await savedXml()).toMatch(/<bpmn:userTask id="Return"[^>]*mc:returns="true"/);
    await returns.uncheck();
    await validated();
    expect(await savedXml()).not.toContain('mc:returns');
    await returns.check();
    await validated();
    expect(await returns.isChecked()).toBe(true);
    await screenshot('05-return-step-ticked');

    // Deployed as ticked.
    await page.click('[data-testid=deploy]');
    // Deploying asks for the change note and the approving decision (issue 20).
    await page.getByRole('dialog').locator('textarea[name=note]').fill('Đánh dấu bước trả kết quả');
    await page.getByRole('dialog').locator('input[name=decision]').fill('103/QĐ-UBND');
    await page.getByRole('dialog').getByTestId('confirm-deploy').click();
    await page.waitForURL(/\/quy-trinh\/no_links_test$/);
    await page.getByText('Đang áp dụng: phiên bản 1').waitFor();
    const deployed = await page.evaluate(async (password) => {
      const login = await fetch('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password }) });
      const { token } = (await login.json()) as { token: string };
      const found = await fetch('/api/procedures/no_links_test', { headers: { authorization: `Bearer ${token}` } });
      return ((await found.json()) as { xml: string }).xml;
    }, ADMIN_PASSWORD);
    expect(deployed).toMatch(/<bpmn:userTask id="Return"[^>]*mc:returns="true"/);
    expect(deployed.match(/mc:returns=/g)).toHaveLength(1);
    // The deployed diagram opens with the box ticked.
    await shape('Return').click({ position: { x: 24, y: 22 } });
    await expect.poll(() => returns.isChecked()).toBe(true);
  });
});
