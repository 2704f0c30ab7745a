// One commune's autumn of 2026, driven through the real application service on the
// server's own database: the dossiers the papers, the dashboard and the citizen lookup
// tests read. Every action goes through DossierService with a FixedClock, exactly as the
// REST routes would call it. Dates are Vietnamese wall-clock times.
//
//   code  procedure  received            what happens                                   end of November
//   H     simple     Mon 26 Oct 08:00    returned 27 Oct (early)                         closed in October
//   G     simple     Tue 27 Oct 08:00    claimed, never done (appointment 29 Oct)         carried over, overdue
//   I     simple     Wed 28 Oct 08:00    returned Mon 2 Nov 10:00 (late)                  carried over, resolved late
//   C     simple     Mon 2 Nov 08:00     by post; returned 4 Nov 07:45 (on time)         resolved on time
//   D     simple     Mon 2 Nov 08:30     examined late, result never collected            overdue
//   E     simple     Tue 3 Nov 08:00     rejected                                         rejected
//   F     simple     Tue 3 Nov 09:00     withdrawn 4 Nov                                  withdrawn
//   X     simple     Tue 10 Nov 08:00    at the second commune, untouched                 (another agency)
//   A     land       Thu 12 Nov 09:00    supplement, hop to the tax office (late), early  resolved early
//   B     land       Thu 12 Nov 09:30    online; stuck at the tax office, apology         overdue (apologized)
//   K     simple     Wed 25 Nov 08:00    waiting for the citizen's supplement             in progress (paused)
//   J     simple     Mon 30 Nov 08:00    just received                                    in progress, on time
import { readFileSync } from 'node:fs';
import type { Actor } from '../../engine/index.js';
import { startServer, type RunningServer } from '../../server/app.js';
import { FixedClock } from '../../server/clock.js';
import { TokenService } from '../../server/auth/tokens.js';
import { CITY_TAX, COMMUNE, DEMO_PASSWORD, SECOND_COMMUNE } from '../../server/seed/demoData.js';
import { DossierService } from '../../server/services/dossierService.js';
import { findUserByUsername, listTasks } from '../../server/store/index.js';
import type { TestDatabase } from '../support/databases.js';

/** A Vietnamese wall-clock time: `vn('2026-11-12 09:00')`. */
export const vn = (local: string): Date => new Date(`${local.replace(' ', 'T')}:00+07:00`);

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

const actor = (username: string, agencyCode: string, role: string): Actor => ({ username, agencyCode, roles: [role] });

/** Demo accounts (server/seed/demoData.ts), as the engine sees them. */
export const staff = {
  reception: actor('commune.reception', COMMUNE, 'reception'),
  specialist: actor('commune.specialist', COMMUNE, 'specialist'),
  head: actor('commune.head', COMMUNE, 'head'),
  leader: actor('commune.leader', COMMUNE, 'leader'),
  returnClerk: actor('commune.return', COMMUNE, 'return'),
  taxSpecialist: actor('tax.specialist', CITY_TAX, 'specialist'),
  taxHead: actor('tax.head', CITY_TAX, 'head'),
  // No demo account at the second commune: the engine does not need one.
  secondReception: actor('xa2.tiepnhan', SECOND_COMMUNE, 'reception'),
};

/** The applicant of dossier A: a name with markup, to prove every paper escapes it. */
export const APPLICANT_A = {
  name: 'Nguyễn <script>alert(1)</script> An',
  idNumber: '062090001234',
  phone: '0905123456',
  address: 'Tổ 3, phường Quyết Thắng',
};

export const APOLOGY_REASON = 'Chi cục Thuế cần xác minh thêm giá đất để xác định nghĩa vụ tài chính';
export const REJECTION_REASON = 'Hồ sơ không thuộc thẩm quyền giải quyết của UBND phường';
export const SUPPLEMENT_ITEMS_K = ['Bản chính giấy khai sinh', 'Tờ khai <có chữ ký>'];

export interface ScenarioDossier {
  id: string;
  code: string;
  lookupSecret: string;
}

export interface Scenario {
  running: RunningServer;
  clock: FixedClock;
  service: DossierService;
  dossiers: Record<'A' | 'B' | 'C' | 'D' | 'E' | 'F' | 'G' | 'H' | 'I' | 'J' | 'K' | 'X', ScenarioDossier>;
  /** A bearer token for a demo account, valid at the clock's current time. */
  token(username: string): Promise<string>;
  close(): Promise<void>;
}

/** The clock when the tests look at the result: well after November, so it is all history. */
export const LOOKING_AT = vn('2026-12-10 10:00');

export async function buildScenario(db: TestDatabase): Promise<Scenario> {
  const clock = new FixedClock(vn('2026-10-01 08:00'));
  const running = await startServer({ port: 0, host: '127.0.0.1', databaseUrl: db.url, database: db.options, clock });
  const service = new DossierService(running.knex, clock);
  await service.deploy(fixture('reporting-land.bpmn'), 'admin');
  await service.deploy(fixture('reporting-simple.bpmn'), 'admin');

  const at = (local: string) => clock.set(vn(local));
  const openTask = async (dossierId: string, stepId: string) => {
    const task = (await listTasks(running.knex, { dossierId, state: 'open' })).find((t) => t.stepId === stepId);
    if (!task) throw new Error(`no open ${stepId} in ${dossierId}`);
    return task.id;
  };
  const complete = async (dossierId: string, stepId: string, by: Actor, outcome?: string) =>
    service.complete(dossierId, { taskId: await openTask(dossierId, stepId), actor: by, outcome });
  let n = 0;
  const receive = async (
    procedureKey: 'reporting_land' | 'reporting_simple',
    options: { agency?: string; by?: Actor; channel?: 'desk' | 'online' | 'post'; applicant?: typeof APPLICANT_A; data?: Record<string, unknown> } = {},
  ): Promise<ScenarioDossier> => {
    n += 1;
    const r = await service.receive({
      procedureKey,
      receivingAgency: options.agency ?? COMMUNE,
      applicant: options.applicant ?? { name: `Công dân số ${n}`, idNumber: `0620900000${String(n).padStart(2, '0')}`, phone: '0905000000' },
      channel: options.channel,
      data: options.data,
      actor: options.by ?? staff.reception,
    });
    return { id: r.id, code: r.code, lookupSecret: r.lookupSecret };
  };

  // ── October ──
  at('2026-10-26 08:00');
  const H = await receive('reporting_simple');
  at('2026-10-26 10:00');
  await complete(H.id, 'Examine', staff.specialist);
  at('2026-10-27 08:00');
  const G = await receive('reporting_simple');
  at('2026-10-27 09:00');
  await service.claim(G.id, { taskId: await openTask(G.id, 'Examine'), actor: staff.specialist });
  at('2026-10-27 10:00');
  await service.returnResult(H.id, { actor: staff.returnClerk });
  at('2026-10-28 08:00');
  const I = await receive('reporting_simple');
  at('2026-10-29 09:00');
  await complete(I.id, 'Examine', staff.specialist);

  // ── November ──
  at('2026-11-02 08:00');
  const C = await receive('reporting_simple', { channel: 'post' });
  at('2026-11-02 08:30');
  const D = await receive('reporting_simple');
  at('2026-11-02 10:00');
  await service.returnResult(I.id, { actor: staff.returnClerk });
  at('2026-11-02 14:00');
  await complete(C.id, 'Examine', staff.specialist);
  at('2026-11-03 08:00');
  const E = await receive('reporting_simple');
  at('2026-11-03 09:00');
  const F = await receive('reporting_simple');
  at('2026-11-03 10:00');
  await service.reject(E.id, { actor: staff.specialist, reason: REJECTION_REASON });
  at('2026-11-04 07:45');
  await service.returnResult(C.id, { actor: staff.returnClerk });
  at('2026-11-04 09:00');
  await service.withdraw(F.id, { actor: staff.reception, reason: 'Công dân xin rút hồ sơ' });
  at('2026-11-04 10:00');
  await complete(D.id, 'Examine', staff.specialist);
  at('2026-11-10 08:00');
  const X = await receive('reporting_simple', { agency: SECOND_COMMUNE, by: staff.secondReception });

  at('2026-11-12 09:00');
  const A = await receive('reporting_land', {
    applicant: APPLICANT_A,
    data: {
      documents: [
        { name: 'Đơn đăng ký biến động đất đai (Mẫu 09/ĐK)', originals: 1, copies: 0 },
        { name: 'Giấy chứng nhận quyền sử dụng đất', originals: 1, copies: 0 },
        'Hợp đồng chuyển nhượng có công chứng',
      ],
    },
  });
  at('2026-11-12 09:30');
  const B = await receive('reporting_land', { channel: 'online' });
  at('2026-11-12 10:00');
  await complete(A.id, 'Receive', staff.reception);
  at('2026-11-12 10:30');
  await complete(B.id, 'Receive', staff.reception);
  at('2026-11-13 09:00');
  await complete(B.id, 'Examine', staff.specialist);
  at('2026-11-13 10:00');
  await service.claim(B.id, { taskId: await openTask(B.id, 'Tax'), actor: staff.taxSpecialist });
  at('2026-11-13 14:00');
  await service.requestSupplement(A.id, { actor: staff.specialist, reason: 'Thiếu sổ hộ khẩu để đối chiếu', items: ['Sổ hộ khẩu'] });
  at('2026-11-17 14:00');
  await service.supplement(A.id, { actor: staff.reception, items: ['Sổ hộ khẩu'] });
  at('2026-11-18 09:00');
  await complete(A.id, 'Examine', staff.specialist);
  at('2026-11-24 10:00');
  await complete(A.id, 'Tax', staff.taxSpecialist);
  at('2026-11-24 15:00');
  await complete(A.id, 'Review', staff.head, 'approve');
  at('2026-11-25 08:00');
  const K = await receive('reporting_simple');
  at('2026-11-25 09:00');
  await complete(A.id, 'Sign', staff.leader);
  await service.requestSupplement(K.id, { actor: staff.specialist, reason: 'Thiếu bản chính để đối chiếu', items: SUPPLEMENT_ITEMS_K });
  at('2026-11-25 16:00');
  await service.apologize(B.id, { actor: staff.taxHead, reason: APOLOGY_REASON, newAppointmentAt: vn('2026-12-03 09:00').toISOString() });
  at('2026-11-26 10:00');
  await service.returnResult(A.id, { actor: staff.returnClerk });
  at('2026-11-30 08:00');
  const J = await receive('reporting_simple');

  clock.set(LOOKING_AT);
  const tokens = await TokenService.create(running.knex);
  return {
    running,
    clock,
    service,
    dossiers: { A, B, C, D, E, F, G, H, I, J, K, X },
    async token(username: string) {
      // The real login when the auth routes are there; otherwise a token signed with the
      // server's own secret (kept in the settings table, shared by every TokenService).
      const res = await fetch(`${running.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: DEMO_PASSWORD }),
      });
      if (res.ok) return ((await res.json()) as { token: string }).token;
      if (res.status !== 404) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
      const user = await findUserByUsername(running.knex, username);
      if (!user) throw new Error(`no demo user ${username}`);
      return (await tokens.sign(user, new Date()))!.token;
    },
    close: () => running.close(),
  };
}

export const get = (s: Scenario, path: string, token?: string) =>
  fetch(`${s.running.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
