// The 2025 reform in the engine (DOMAIN.md "Since 1 July 2025"; Decree 118/2025/NĐ-CP):
// the center that receives, the agency competent to decide and the place of return are
// three things; agencies merge while dossiers run. Real dates on the real calendar.
import { describe, expect, it } from 'vitest';
import { loadProcedure } from '../../../engine/bpmn/index.js';
import { WorkingCalendar } from '../../../engine/calendar/index.js';
import { AgencyDirectory, type AgencyInfo } from '../../../engine/dossier/agencies.js';
import {
  completeTask,
  mergeAgency,
  receiveDossier,
  rejectDossier,
  returnResult,
  touchedByMerge,
  transferTask,
  type EngineContext,
} from '../../../engine/dossier/lifecycle.js';
import { checkIntake, returnDeskOf } from '../../../engine/dossier/places.js';
import { DOSSIER_STATUSES, type DossierState } from '../../../engine/dossier/types.js';
import { nationalStatusOf } from '../../../engine/dossier/nationalStatus.js';
import { DomainError } from '../../../engine/errors.js';
import { parseAgencySelector, formatAgencySelector } from '../../../engine/model/agencySelector.js';
import { actor, fixture, local, vn } from './support.js';

// Quảng Ngãi after 1 July 2025 (two tiers): the provincial People's Committee, its land
// office and tax office, three wards; and a commune of another province.
const PROVINCE = '000.00.00.H55';
const TAX = '000.00.51.H55';
const WARD_A = '000.00.01.H55';
const WARD_B = '000.00.02.H55';
const WARD_C = '000.00.03.H55';
const OTHER_PROVINCE = '000.00.00.H40';
const OTHER_COMMUNE = '000.00.09.H40';

const tree = (merged: Record<string, string> = {}): AgencyInfo[] =>
  [
    { code: PROVINCE, name: 'UBND tỉnh Quảng Ngãi', level: 'province' as const, kind: 'people-committee', parentCode: null },
    { code: TAX, name: 'Thuế tỉnh Quảng Ngãi', level: 'province' as const, kind: 'tax', parentCode: PROVINCE },
    { code: WARD_A, name: 'UBND phường Cẩm Thành', level: 'commune' as const, kind: 'people-committee', parentCode: PROVINCE },
    { code: WARD_B, name: 'UBND phường Nghĩa Lộ', level: 'commune' as const, kind: 'people-committee', parentCode: PROVINCE },
    { code: WARD_C, name: 'UBND phường Trương Quang Trọng', level: 'commune' as const, kind: 'people-committee', parentCode: PROVINCE },
    { code: OTHER_PROVINCE, name: 'UBND tỉnh khác', level: 'province' as const, kind: 'people-committee', parentCode: null },
    { code: OTHER_COMMUNE, name: 'UBND xã khác', level: 'commune' as const, kind: 'people-committee', parentCode: OTHER_PROVINCE },
  ].map((a) => ({ ...a, mergedInto: merged[a.code] ?? null }));

const context = (merged: Record<string, string> = {}): EngineContext => ({
  calendar: new WorkingCalendar(),
  agencies: new AgencyDirectory(tree(merged)),
});

const deskA = actor('a.tiepnhan', WARD_A, 'reception', 'return');
const specialistA = actor('a.chuyenvien', WARD_A, 'specialist');
const specialistB = actor('b.chuyenvien', WARD_B, 'specialist');
const leaderB = actor('b.chutich', WARD_B, 'leader');
const deskC = actor('c.trakq', WARD_C, 'return', 'reception');

const open = (s: DossierState) => s.tasks.filter((t) => t.state === 'open');

async function receivedAtA(ctx: EngineContext, choice: { competentAgency?: string; returnAt?: string } = { competentAgency: WARD_B }) {
  const procedure = await fixture('commune-province-wide.bpmn');
  const received = receiveDossier(
    ctx,
    procedure,
    { id: 'd1', code: `${WARD_A}-261112-0001`, receivingAgency: WARD_A, actor: deskA, ...choice },
    vn('2026-11-12 09:00'),
  );
  return { procedure, state: received.state, received };
}

describe('@competent and mc:intake in the model', () => {
  it('reads @competent as a selector of its own and writes it back', () => {
    expect(parseAgencySelector('@competent')).toEqual({ kind: 'competent' });
    expect(formatAgencySelector({ kind: 'competent' })).toBe('@competent');
  });

  it('reads mc:intake (default province) and refuses any other value at deploy', async () => {
    const xml = (intake: string) =>
      `<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:mc="https://schemas.motcua.org/bpmn/1.0" id="D" targetNamespace="t">
        <bpmn:process id="P" isExecutable="true" mc:timeLimit="P1D" mc:level="commune" ${intake}>
          <bpmn:startEvent id="S"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
          <bpmn:userTask id="T" mc:role="specialist" mc:agency="@competent"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:userTask>
          <bpmn:endEvent id="E"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
          <bpmn:sequenceFlow id="f1" sourceRef="S" targetRef="T"/><bpmn:sequenceFlow id="f2" sourceRef="T" targetRef="E"/>
        </bpmn:process></bpmn:definitions>`;
    const plain = await loadProcedure(xml(''));
    expect(plain.ok).toBe(true);
    expect(plain.model?.intake).toBe('province');
    expect(plain.problems.filter((p) => p.code === 'UNKNOWN_ATTRIBUTE')).toEqual([]);
    expect((await loadProcedure(xml('mc:intake="competent"'))).model?.intake).toBe('competent');
    const bad = await loadProcedure(xml('mc:intake="district"'));
    expect(bad.ok).toBe(false);
    expect(bad.problems.map((p) => p.code)).toContain('INVALID_INTAKE');
  });
});

describe('received at one ward, decided by another (Decree 118/2025, province-wide intake)', () => {
  it('runs @competent steps at the competent ward and returns at the receiving desk', async () => {
    const ctx = context();
    const { procedure, state: received } = await receivedAtA(ctx);
    expect(received.receivingAgency).toBe(WARD_A);
    expect(received.competentAgency).toBe(WARD_B);
    expect(received.returnAt).toBe(WARD_A);
    // P3D from Thursday 12 Nov 2026 09:00: Tuesday 17 Nov, 09:00.
    expect(local(received.appointmentAt)).toBe('2026-11-17 09:00');
    const [check] = open(received);
    expect(check.agencyCode).toBe(WARD_A);

    let s = completeTask(ctx, procedure, received, { taskId: check.id, actor: deskA }, vn('2026-11-12 10:00')).state;
    const [examine] = open(s);
    expect(examine).toMatchObject({ stepId: 'Examine', agencyCode: WARD_B });
    // Working at the competent ward is the dossier's own processing, not an inter-agency hop.
    expect(s.status).toBe('processing');
    expect(s.holdingAgency).toBe(WARD_B);
    // The receiving ward's specialist has no hand in it.
    expect(() => completeTask(ctx, procedure, s, { taskId: examine.id, actor: specialistA }, vn('2026-11-12 11:00'))).toThrow(
      expect.objectContaining({ code: 'WRONG_AGENCY' }),
    );
    s = completeTask(ctx, procedure, s, { taskId: examine.id, actor: specialistB }, vn('2026-11-13 09:00')).state;
    const [sign] = open(s);
    expect(sign).toMatchObject({ stepId: 'Sign', agencyCode: WARD_B });
    s = completeTask(ctx, procedure, s, { taskId: sign.id, actor: leaderB }, vn('2026-11-13 14:00')).state;
    const [ret] = open(s);
    expect(ret).toMatchObject({ stepId: 'Return', agencyCode: WARD_A });
    expect(s.status).toBe('awaitingReturn');
    s = returnResult(ctx, procedure, s, { actor: deskA }, vn('2026-11-16 08:00')).state;
    expect(s.status).toBe('returned');
    expect(s.result).toBe('early');
    // Received, and the record of what was agreed at the desk.
    expect(s.receivingAgency).toBe(WARD_A);
  });

  it('opens the return step at the desk the citizen chose', async () => {
    const ctx = context();
    const { procedure, state } = await receivedAtA(ctx, { competentAgency: WARD_B, returnAt: WARD_C });
    let s = state;
    for (const who of [deskA, specialistB, leaderB]) {
      const [task] = open(s);
      s = completeTask(ctx, procedure, s, { taskId: task.id, actor: who }, vn('2026-11-13 09:00')).state;
    }
    expect(open(s)[0]).toMatchObject({ stepId: 'Return', agencyCode: WARD_C });
    expect(s.holdingAgency).toBe(WARD_C);
    expect(() => returnResult(ctx, procedure, s, { actor: deskA }, vn('2026-11-13 10:00'))).toThrow(DomainError);
    s = returnResult(ctx, procedure, s, { actor: deskC }, vn('2026-11-13 10:00')).state;
    expect(s.status).toBe('returned');
  });

  it('by post, the receiving desk posts the result', async () => {
    const ctx = context();
    const { state } = await receivedAtA(ctx, { competentAgency: WARD_B, returnAt: 'post' });
    expect(state.returnAt).toBe('post');
    expect(returnDeskOf(ctx.agencies, state)).toBe(WARD_A);
  });

  it('without a choice, the receiving ward is competent and returns (the pre-reform dossier)', async () => {
    const ctx = context();
    const { state } = await receivedAtA(ctx, {});
    expect(state.competentAgency).toBe(WARD_A);
    expect(state.returnAt).toBe(WARD_A);
    const old = { ...state } as Partial<DossierState>;
    delete old.competentAgency;
    delete old.returnAt;
    expect(returnDeskOf(ctx.agencies, old as DossierState)).toBe(WARD_A);
  });

  it('lets the competent ward reject; not a third ward', async () => {
    const ctx = context();
    const { procedure, state } = await receivedAtA(ctx);
    const outsider = actor('c.chuyenvien', WARD_C, 'specialist');
    expect(() => rejectDossier(ctx, procedure, state, { actor: outsider, reason: 'x' }, vn('2026-11-12 10:00'))).toThrow(
      expect.objectContaining({ code: 'WRONG_AGENCY' }),
    );
    const rejected = rejectDossier(ctx, procedure, state, { actor: specialistB, reason: 'Không thuộc thẩm quyền' }, vn('2026-11-12 10:00')).state;
    expect(rejected.status).toBe('rejected');
  });
});

describe('what intake may choose', () => {
  const ctx = context();
  const model = { level: 'commune' as const, intake: 'province' as const };

  it('a competent agency of the procedure’s level, in the receiving center’s province', () => {
    expect(checkIntake(ctx.agencies, model, { receivingAgency: WARD_A, competentAgency: WARD_B })).toEqual({ competentAgency: WARD_B, returnAt: WARD_A });
    // Left out, the receiving agency as before the reform, whatever its level.
    expect(checkIntake(ctx.agencies, model, { receivingAgency: TAX }).competentAgency).toBe(TAX);
    expect(() => checkIntake(ctx.agencies, model, { receivingAgency: WARD_A, competentAgency: TAX })).toThrow(
      expect.objectContaining({ messageKey: 'AGENCY_NOT_ELIGIBLE.level' }),
    );
    expect(() => checkIntake(ctx.agencies, model, { receivingAgency: WARD_A, competentAgency: OTHER_COMMUNE })).toThrow(
      expect.objectContaining({ messageKey: 'AGENCY_NOT_ELIGIBLE.province' }),
    );
    expect(() => checkIntake(ctx.agencies, model, { receivingAgency: WARD_A, competentAgency: '000.99.99.H55' })).toThrow(
      expect.objectContaining({ code: 'AGENCY_NOT_FOUND' }),
    );
  });

  it('a return center of the province, or the post', () => {
    expect(checkIntake(ctx.agencies, model, { receivingAgency: WARD_A, returnAt: 'post' }).returnAt).toBe('post');
    expect(checkIntake(ctx.agencies, model, { receivingAgency: WARD_A, returnAt: WARD_C }).returnAt).toBe(WARD_C);
    expect(() => checkIntake(ctx.agencies, model, { receivingAgency: WARD_A, returnAt: OTHER_COMMUNE })).toThrow(
      expect.objectContaining({ messageKey: 'AGENCY_NOT_ELIGIBLE.province' }),
    );
  });

  it('with mc:intake="competent", only the competent agency’s own desk', () => {
    const own = { level: 'commune' as const, intake: 'competent' as const };
    expect(checkIntake(ctx.agencies, own, { receivingAgency: WARD_B, competentAgency: WARD_B }).competentAgency).toBe(WARD_B);
    expect(() => checkIntake(ctx.agencies, own, { receivingAgency: WARD_A, competentAgency: WARD_B })).toThrow(
      expect.objectContaining({ messageKey: 'WRONG_AGENCY.intake' }),
    );
  });

  it('never a merged agency, for any of the three places', () => {
    const merged = context({ [WARD_B]: WARD_C });
    for (const choice of [
      { receivingAgency: WARD_B },
      { receivingAgency: WARD_A, competentAgency: WARD_B },
      { receivingAgency: WARD_A, returnAt: WARD_B },
    ]) {
      expect(() => checkIntake(merged.agencies, model, choice)).toThrow(expect.objectContaining({ code: 'AGENCY_MERGED' }));
    }
  });
});

describe('an agency merged while dossiers run', () => {
  it('moves open work to the successor through one history row; codes, deadlines and records stay', async () => {
    const before = context();
    const { procedure, state: received } = await receivedAtA(before);
    const [check] = open(received);
    const atB = completeTask(before, procedure, received, { taskId: check.id, actor: deskA }, vn('2026-11-12 10:00')).state;
    const [examine] = open(atB);
    expect(touchedByMerge(atB, WARD_B)).toBe(true);
    expect(touchedByMerge(atB, WARD_C)).toBe(false);

    // Ward B is merged into ward C on Monday 16 Nov.
    const after = context({ [WARD_B]: WARD_C });
    const admin = actor('admin', PROVINCE, 'admin');
    const merged = mergeAgency(after, procedure, atB, { from: WARD_B, into: WARD_C, actor: admin }, vn('2026-11-16 08:00'));
    const s = merged.state;
    const [moved] = open(s);
    expect(moved).toMatchObject({ id: examine.id, agencyCode: WARD_C, dueAt: examine.dueAt, startedAt: examine.startedAt });
    expect(s.holdingAgency).toBe(WARD_C);
    expect(s.appointmentAt).toBe(atB.appointmentAt);
    expect(s.code).toBe(atB.code);
    // Records stay as they were.
    expect(s.receivingAgency).toBe(WARD_A);
    expect(s.competentAgency).toBe(WARD_B);
    expect(s.tasks.find((t) => t.id === check.id)).toEqual(atB.tasks.find((t) => t.id === check.id));
    expect(merged.events).toEqual([
      expect.objectContaining({ type: 'agencyMerged', actor: 'admin', details: { fromAgency: WARD_B, toAgency: WARD_C, tasks: [examine.id], holding: true } }),
    ]);

    // Ward C's staff finish it; the next @competent step opens at C, not at the merged B.
    const specialistC = actor('c.chuyenvien', WARD_C, 'specialist');
    expect(() => completeTask(after, procedure, s, { taskId: moved.id, actor: specialistB }, vn('2026-11-16 09:00'))).toThrow(DomainError);
    const next = completeTask(after, procedure, s, { taskId: moved.id, actor: specialistC }, vn('2026-11-16 09:00')).state;
    expect(open(next)[0]).toMatchObject({ stepId: 'Sign', agencyCode: WARD_C });
    expect(next.status).toBe('processing');
  });

  it('resolves every selector to the successor and skips merged agencies in kind: searches', () => {
    const directory = new AgencyDirectory(tree({ [WARD_A]: WARD_C }));
    expect(directory.resolve(parseAgencySelector('@receiving'), { receiving: WARD_A, competent: WARD_B })).toBe(WARD_C);
    expect(directory.resolve(parseAgencySelector('@competent'), { receiving: WARD_B, competent: WARD_A })).toBe(WARD_C);
    expect(directory.resolve(parseAgencySelector(WARD_A), WARD_B)).toBe(WARD_C);
    expect(directory.resolve(parseAgencySelector('kind:tax'), { receiving: WARD_A, competent: WARD_A })).toBe(TAX);
    expect(directory.predecessorsOf(WARD_C)).toEqual([WARD_A]);
    expect(directory.isActive(WARD_A)).toBe(false);
    const noTax = new AgencyDirectory(tree({ [TAX]: PROVINCE }).map((a) => (a.code === PROVINCE ? { ...a, kind: null } : a)));
    expect(() => noTax.resolve(parseAgencySelector('kind:tax'), WARD_B)).toThrow(expect.objectContaining({ messageKey: 'AGENCY_NOT_FOUND.kind' }));
  });

  it('refuses a merge into itself, and leaves closed dossiers alone', async () => {
    const ctx = context();
    const { procedure, state } = await receivedAtA(ctx);
    const admin = actor('admin', PROVINCE, 'admin');
    expect(() => mergeAgency(ctx, procedure, state, { from: WARD_A, into: WARD_A, actor: admin }, vn('2026-11-12 10:00'))).toThrow(
      expect.objectContaining({ messageKey: 'SAME_AGENCY.merge' }),
    );
    const rejected = rejectDossier(ctx, procedure, state, { actor: deskA, reason: 'x' }, vn('2026-11-12 10:00')).state;
    expect(touchedByMerge(rejected, WARD_A)).toBe(false);
  });

  it('refuses a transfer to a merged agency', async () => {
    const ctx = context({ [WARD_C]: WARD_B });
    const { procedure, state } = await receivedAtA(ctx);
    const [check] = open(state);
    expect(() => transferTask(ctx, procedure, state, { taskId: check.id, toAgency: WARD_C, actor: deskA }, vn('2026-11-12 10:00'))).toThrow(
      expect.objectContaining({ code: 'AGENCY_MERGED' }),
    );
  });
});

describe('submitted and refused', () => {
  it('are statuses of the lifecycle with their national codes (1 and 3)', () => {
    expect(DOSSIER_STATUSES[0]).toBe('submitted');
    expect(DOSSIER_STATUSES).toContain('refused');
    expect(nationalStatusOf('submitted')).toBe(1);
    expect(nationalStatusOf('refused')).toBe(3);
  });
});
