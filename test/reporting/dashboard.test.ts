// The reporting form (DOMAIN.md, "What managers watch") for November 2026, computed by
// the real server from the dossiers of scenario.ts, checked against figures worked out
// by hand from the scenario's table.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Counters, Dashboard } from '../../server/services/dashboard.js';
import { CITY_TAX, COMMUNE, SECOND_COMMUNE } from '../../server/seed/demoData.js';
import { databaseTargets, type TestDatabase } from '../support/databases.js';
import { buildScenario, get, type Scenario } from './scenario.js';

const NOVEMBER = '/api/dashboard?from=2026-11-01&to=2026-11-30';

/** Only the counters, with zeros left out: what a reader of the form looks at. */
const nonZero = (c: Counters) => Object.fromEntries(Object.entries(c).filter(([, v]) => v !== 0 && v !== null));
const counters = <T extends Counters>(row: T): Counters => {
  const { carriedOver, received, receivedOnline, receivedDesk, receivedPost, total, resolved, resolvedEarly, resolvedOnTime, resolvedLate } = row;
  const { inProgress, inProgressOnTime, inProgressOverdue, awaitingSupplement, withdrawn, rejected, onTimeRate } = row;
  return {
    carriedOver,
    received,
    receivedOnline,
    receivedDesk,
    receivedPost,
    total,
    resolved,
    resolvedEarly,
    resolvedOnTime,
    resolvedLate,
    inProgress,
    inProgressOnTime,
    inProgressOverdue,
    awaitingSupplement,
    withdrawn,
    rejected,
    onTimeRate,
  };
};

describe.each(databaseTargets)('the dashboard on $kind', (target) => {
  let db: TestDatabase;
  let s: Scenario;
  let manager: string;

  beforeAll(async () => {
    db = await target.open();
    s = await buildScenario(db);
    manager = await s.token('commune.manager');
  }, 120_000);
  afterAll(async () => {
    await s?.close();
    await db?.cleanup();
  });

  const dashboard = async (path: string, token = manager): Promise<Dashboard> => {
    const res = await get(s, path, token);
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json()) as Dashboard;
  };

  it("counts the commune's November as the reporting form does, on-time rate 2 of 3", async () => {
    const d = await dashboard(NOVEMBER);
    // November in Asia/Ho_Chi_Minh; judged as of its end, since that has passed.
    expect(d.period).toEqual({ from: '2026-10-31T17:00:00.000Z', to: '2026-11-30T17:00:00.000Z', asOf: '2026-11-30T17:00:00.000Z' });
    expect(d.totals).toEqual({
      carriedOver: 2, // G and I, received in October, open on 1 November
      received: 8, // A B C D E F J K
      receivedOnline: 1, // B
      receivedDesk: 6,
      receivedPost: 1, // C
      total: 10,
      resolved: 3,
      resolvedEarly: 1, // A
      resolvedOnTime: 1, // C, on the appointment day before the appointment hour
      resolvedLate: 1, // I
      inProgress: 5, // B D G J K
      inProgressOnTime: 2, // J, and K waiting for the citizen
      inProgressOverdue: 3, // G, D, and B: apologized, its first appointment passed
      awaitingSupplement: 1, // K
      withdrawn: 1, // F
      rejected: 1, // E
      onTimeRate: 2 / 3,
    });
    // What came in = what went out + what is still there.
    const t = d.totals;
    expect(t.carriedOver + t.received).toBe(t.resolved + t.withdrawn + t.rejected + t.inProgress);
  });

  it('breaks the counters down by procedure and by receiving agency', async () => {
    const d = await dashboard(NOVEMBER);
    const land = d.byProcedure.find((p) => p.procedureKey === 'reporting_land')!;
    const simple = d.byProcedure.find((p) => p.procedureKey === 'reporting_simple')!;
    expect(land.procedureName).toBe('Đăng ký biến động quyền sử dụng đất');
    expect(nonZero(counters(land))).toEqual({
      received: 2,
      receivedOnline: 1,
      receivedDesk: 1,
      total: 2,
      resolved: 1,
      resolvedEarly: 1,
      inProgress: 1,
      inProgressOverdue: 1,
      onTimeRate: 1,
    });
    expect(simple).toMatchObject({ carriedOver: 2, received: 6, resolved: 2, resolvedOnTime: 1, resolvedLate: 1, onTimeRate: 0.5 });
    // A commune manager sees the commune only — not the second commune's dossier X.
    expect(d.byAgency.map((a) => a.agencyCode)).toEqual([COMMUNE]);
    expect(counters(d.byAgency[0])).toEqual(d.totals);
    expect(d.byAgency[0].agencyName).toBe('UBND phường Quyết Thắng');
  });

  it("counts each officer's steps done in the period, the late ones, and their open overdue steps", async () => {
    const d = await dashboard(NOVEMBER);
    const officer = (u: string) => d.byOfficer.find((o) => o.username === u);
    expect(officer('commune.specialist')).toEqual({
      username: 'commune.specialist',
      fullName: 'Trần Văn Hùng',
      agencyCode: COMMUNE,
      stepsDone: 4, // examined A, B, C, D in November
      stepsEarly: 2, // B, C
      stepsOnTime: 1, // A (due moved by the supplement)
      stepsLate: 1, // D
      openOverdue: 1, // G, claimed in October and never done
    });
    expect(officer('commune.return')).toMatchObject({ stepsDone: 3, stepsLate: 3 });
    expect(officer('commune.reception')).toMatchObject({ stepsDone: 2, stepsOnTime: 2, stepsLate: 0 });
    expect(officer('commune.head')).toMatchObject({ stepsDone: 1, stepsEarly: 1 });
    // The tax office's officers are the tax office's business.
    expect(officer('tax.specialist')).toBeUndefined();
  });

  it('lists the overdue dossiers and steps one click away, and what falls due soon', async () => {
    const d = await dashboard(NOVEMBER);
    const { B, D, G, J } = s.dossiers;
    expect(d.overdueTotal).toEqual({ dossiers: 3, steps: 3 });
    const dossiers = d.overdue.filter((i) => i.kind === 'dossier');
    expect(dossiers.map((i) => i.dossierCode)).toEqual([G.code, D.code, B.code]);
    expect(dossiers[2]).toMatchObject({
      dossierId: B.id,
      step: 'Xác định nghĩa vụ tài chính',
      agencyCode: CITY_TAX,
      agencyName: 'Chi cục Thuế thành phố Kon Tum',
      officer: 'tax.specialist',
      officerName: 'Vũ Văn Tài',
      dueAt: '2026-12-03T02:00:00.000Z',
      apologized: true,
    });
    const steps = d.overdue.filter((i) => i.kind === 'step');
    expect(steps.map((i) => [i.dossierCode, i.step, i.officer, i.dueAt])).toEqual([
      [G.code, 'Xem xét, chứng thực', 'commune.specialist', '2026-10-28T01:00:00.000Z'],
      [D.code, 'Trả kết quả', null, '2026-11-05T03:00:00.000Z'],
      // The commune follows its dossier into the tax office.
      [B.code, 'Xác định nghĩa vụ tài chính', 'tax.specialist', '2026-11-18T02:00:00.000Z'],
    ]);
    expect(steps.every((i) => i.taskId?.startsWith(i.dossierId))).toBe(true);
    // K's examination is past due too, but the citizen has the dossier: its clock is stopped.
    expect(d.overdue.some((i) => i.dossierId === s.dossiers.K.id)).toBe(false);
    expect(d.dueSoon.map((i) => [i.kind, i.dossierCode, i.dueAt])).toEqual([['step', J.code, '2026-12-01T01:00:00.000Z']]);
  });

  it('gives a district manager every agency below the district, the tax office officers included', async () => {
    const d = await dashboard(NOVEMBER, await s.token('district.manager'));
    expect(d.totals).toMatchObject({ received: 9, receivedDesk: 7, inProgress: 6, inProgressOverdue: 4, resolved: 3 });
    const second = d.byAgency.find((a) => a.agencyCode === SECOND_COMMUNE)!;
    expect(nonZero(counters(second))).toEqual({ received: 1, receivedDesk: 1, total: 1, inProgress: 1, inProgressOverdue: 1 });
    expect(d.byAgency.find((a) => a.agencyCode === CITY_TAX)).toMatchObject({ received: 0, onTimeRate: null });
    expect(d.byOfficer.find((o) => o.username === 'tax.specialist')).toMatchObject({
      fullName: 'Vũ Văn Tài',
      stepsDone: 1,
      stepsLate: 1,
      openOverdue: 1,
    });
    // Narrowed to one agency and one procedure.
    const narrowed = await dashboard(`${NOVEMBER}&agency=${COMMUNE}&procedure=reporting_land`, await s.token('district.manager'));
    expect(narrowed.totals).toMatchObject({ received: 2, resolved: 1, resolvedEarly: 1, inProgressOverdue: 1, onTimeRate: 1 });
    expect(narrowed.filters).toEqual({ agency: COMMUNE, procedure: 'reporting_land' });
  });

  it("defaults to the current month on the office calendar, judged as of now", async () => {
    const d = await dashboard('/api/dashboard');
    // The clock reads 10 December 2026, 10:00 in Hà Nội.
    expect(d.period).toEqual({ from: '2026-11-30T17:00:00.000Z', to: '2026-12-31T17:00:00.000Z', asOf: '2026-12-10T03:00:00.000Z' });
    expect(nonZero(counters(d.totals))).toEqual({
      carriedOver: 5, // B D G J K, open on 1 December
      total: 5,
      inProgress: 5,
      inProgressOverdue: 4, // J's appointment (2 December) has passed too
      inProgressOnTime: 1,
      awaitingSupplement: 1,
    });
    expect(d.totals.onTimeRate).toBeNull();
  });

  it('takes instants as well as dates: the first week of November only', async () => {
    const d = await dashboard(
      `/api/dashboard?from=${encodeURIComponent('2026-11-01T00:00:00+07:00')}&to=${encodeURIComponent('2026-11-08T00:00:00+07:00')}`,
    );
    expect(d.period.asOf).toBe('2026-11-07T17:00:00.000Z');
    // C D E F received; I and C resolved; at the end of the week A and B were not yet received.
    expect(d.totals).toMatchObject({ carriedOver: 2, received: 4, resolved: 2, resolvedOnTime: 1, resolvedLate: 1, withdrawn: 1, rejected: 1 });
    expect(d.totals).toMatchObject({ inProgress: 2, inProgressOverdue: 2 }); // G, D
  });

  it('is for managers, leaders and admins, each within their agencies; the period must make sense', async () => {
    const clerk = await get(s, NOVEMBER, await s.token('commune.specialist'));
    expect(clerk.status).toBe(403);
    expect(await clerk.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
    expect((await get(s, NOVEMBER)).status).toBe(401);
    const foreign = await get(s, `${NOVEMBER}&agency=${SECOND_COMMUNE}`, manager);
    expect(foreign.status).toBe(403);
    const backwards = await get(s, '/api/dashboard?from=2026-11-30&to=2026-11-01', manager);
    expect(backwards.status).toBe(400);
    expect(await backwards.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED', details: [{ field: 'query.to' }] } });
    const garbage = await get(s, '/api/dashboard?from=last-month', manager);
    expect(garbage.status).toBe(400);
    // An admin sees every agency.
    const admin = await dashboard(NOVEMBER, await adminToken());
    expect(admin.totals.received).toBe(9);
  });

  async function adminToken(): Promise<string> {
    const { TokenService } = await import('../../server/auth/tokens.js');
    const tokens = await TokenService.create(s.running.knex);
    return (await tokens.sign({ id: 1, username: 'admin', fullName: 'Quản trị hệ thống', agencyCode: '000.00.00.H40', roles: ['admin'] }, s.running.context.sessionClock.now()))!
      .token;
  }
});
