// Tried as a new user would after `npm start` (issue 15): the demo province after the 2025
// reform (server/seed/quangNgai2025.ts) with the procedures of procedures/. Every account
// the README lists logs in, and a ward's desk receives a dossier of another ward's
// procedure, which that ward's staff decide and the receiving desk returns.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../server/app.js';
import { FixedClock } from '../../server/clock.js';
import { DEMO_PASSWORD } from '../../server/seed/demoData.js';
import { QN_CAM_THANH, QN_KON_TUM, QN_USERS } from '../../server/seed/quangNgai2025.js';
import { databaseTargets, type TestDatabase } from '../support/databases.js';
import { ADMIN_PASSWORD, APPLICANT, Caller, local, login, vn } from './support.js';

describe.each(databaseTargets)('the province after the reform on $kind', (target) => {
  let db: TestDatabase;
  let running: RunningServer;
  let url: string;
  const clock = new FixedClock(vn('2026-11-12 08:00'));
  const as = async (username: string): Promise<Caller> => {
    const reply = await login(url, username, username === 'admin' ? ADMIN_PASSWORD : DEMO_PASSWORD);
    expect(reply.status, username).toBe(200);
    return new Caller(url, reply.body.token, username);
  };

  beforeAll(async () => {
    db = await target.open();
    running = await startServer({
      port: 0,
      host: '127.0.0.1',
      databaseUrl: db.url,
      database: db.options,
      clock,
      sessionClock: clock,
      adminPassword: ADMIN_PASSWORD,
      demoProvince: 'quang-ngai-2025',
    });
    url = `http://127.0.0.1:${running.port}`;
  });
  afterAll(async () => {
    await running?.close();
    await db?.cleanup();
  });

  it('lets every account of the README’s table log in, and only those', async () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const start = readme.indexOf('**Tỉnh mẫu sau cải cách');
    const section = readme.slice(start, readme.indexOf('### The pre-reform fixture', start));
    const listed = [...section.matchAll(/`([a-z]+\.(?:reception|specialist|head|leader|return|manager))`/g)].map((m) => m[1]);
    expect(new Set(listed)).toEqual(new Set(QN_USERS.map((u) => u.username)));
    for (const username of ['admin', ...listed]) await as(username);
    // The pre-reform fixture's accounts are not in this province.
    expect((await login(url, 'commune.reception', DEMO_PASSWORD)).status).toBe(401);
  });

  it('deploys the procedures in force: commune level, province-wide intake, no placeholder code', async () => {
    const list = (await (await as('kontum.reception')).get('/procedures')).body;
    const items: Array<{ key: string; code: string | null; level: string }> = Array.isArray(list) ? list : list.items;
    const byKey = new Map(items.map((p) => [p.key, p]));
    for (const key of ['dang_ky_khai_sinh', 'dang_ky_khai_tu', 'dang_ky_ket_hon', 'chung_thuc_ban_sao', 'dang_ky_ho_kinh_doanh', 'gpxd_nha_o_rieng_le', 'cap_gcn_lan_dau']) {
      expect(byKey.get(key)?.level, key).toBe('commune');
    }
    expect(byKey.get('cap_phieu_ly_lich_tu_phap')?.level).toBe('province');
    for (const p of items) expect(String(p.code ?? ''), p.key).not.toMatch(/TODO/);
  });

  it('has phường Kon Tum’s desk receive a death registration of phường Cẩm Thành, decided by Cẩm Thành and returned at Kon Tum', async () => {
    const desk = await as('kontum.reception');
    // Thursday 12 Nov 2026, 09:00: the family lives in Cẩm Thành and files in Kon Tum.
    clock.set(vn('2026-11-12 09:00'));
    const received = await desk.post('/dossiers', {
      procedureKey: 'dang_ky_khai_tu',
      applicant: APPLICANT,
      // CONTRACT §6.3: the ward that decides (the family's), chosen at the desk.
      competentAgency: QN_CAM_THANH,
      // The deceased (`<mc:field>` of the procedure, both required).
      data: { fields: { ho_ten_nguoi_chet: 'Nguyễn Văn Bảy', ngay_chet: '2026-11-10' } },
    });
    expect(received.status, JSON.stringify(received.body)).toBe(201);
    expect(received.body.code).toMatch(/^000\.00\.33\.H48-261112-\d{4}$/);
    expect(local(received.body.appointmentAt)).toBe('2026-11-12 17:00');
    const id = received.body.id;

    const openTask = async (caller: Caller) => {
      const tasks = (await caller.get('/tasks')).body;
      const items: Array<{ id: string; dossierId: string; stepId: string; agencyCode: string }> = Array.isArray(tasks) ? tasks : tasks.items;
      return items.find((t) => t.dossierId === id);
    };
    const step = async (username: string, stepId: string, outcome?: string) => {
      const caller = await as(username);
      const task = await openTask(caller);
      expect(task?.stepId, `${username} sees ${stepId}`).toBe(stepId);
      if (task!.stepId === 'Receive') expect(task!.agencyCode).toBe(QN_KON_TUM);
      expect((await caller.post(`/tasks/${task!.id}/claim`)).status).toBe(200);
      const done = await caller.post(`/tasks/${task!.id}/complete`, { outcome, comment: 'Đúng quy định' });
      expect(done.status, JSON.stringify(done.body)).toBe(200);
    };

    // The desk step, unless the reception already completed it with the receipt.
    const deskTask = await openTask(desk);
    if (deskTask?.stepId === 'Receive') await step('kontum.reception', 'Receive');
    // The competent ward's staff decide; Kon Tum's specialist has nothing to do.
    expect(await openTask(await as('kontum.specialist'))).toBeUndefined();
    await step('camthanh.specialist', 'Examine', 'register');
    await step('camthanh.leader', 'Sign', 'sign');
    // The result goes back to the desk that received it.
    expect(await openTask(await as('camthanh.return'))).toBeUndefined();
    await step('kontum.return', 'Return');
    const dossier = (await desk.get(`/dossiers/${id}`)).body;
    expect(dossier.status).toBe('returned');
    // Another ward's desk sees nothing of it.
    expect((await (await as('dakcam.reception')).get(`/dossiers/${id}`)).status).toBe(404);
  });
});
