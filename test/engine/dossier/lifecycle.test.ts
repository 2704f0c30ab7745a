import { beforeAll, describe, expect, it } from 'vitest';
import {
  apologize,
  checkDeadlines,
  claimTask,
  completeTask,
  fireTimer,
  receiveDossier,
  rejectDossier,
  requestSupplement,
  returnResult,
  supplementDossier,
  transferTask,
  withdrawDossier,
} from '../../../engine/dossier/lifecycle.js';
import type { ActionResult, DossierState, Task } from '../../../engine/dossier/types.js';
import { DomainError } from '../../../engine/errors.js';
import type { CompiledProcedure } from '../../../engine/machine/compile.js';
import { COMMUNE, DISTRICT, TAX, actor, engineContext, fixture, local, staff, vn } from './support.js';

const ctx = engineContext();
const { reception, specialist, head, leader, returnClerk, taxOfficer } = staff;

let land: CompiledProcedure;
let build: CompiledProcedure;

beforeAll(async () => {
  land = await fixture('land-transfer.bpmn');
  build = await fixture('construction-parallel.bpmn');
});

const openTask = (s: DossierState, stepId: string): Task => {
  const task = s.tasks.find((t) => t.stepId === stepId && t.state === 'open');
  if (!task) throw new Error(`no open task for ${stepId}: ${JSON.stringify(s.tasks.map((t) => [t.stepId, t.state]))}`);
  return task;
};

function receiveLand(at = vn('2026-11-12 09:00')): DossierState {
  return receiveDossier(
    ctx,
    land,
    { id: 'd1', code: '000.23.01.H40-261112-0001', receivingAgency: COMMUNE, actor: reception, data: { area: 120 } },
    at,
  ).state;
}

function expectDomainError(fn: () => unknown, code: string): DomainError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    expect((e as DomainError).code).toBe(code);
    return e as DomainError;
  }
  throw new Error(`expected ${code}, nothing was thrown`);
}

describe('a dossier through an inter-agency procedure (commune → district tax office → back)', () => {
  it('runs from receipt to return with a supplement pause, a hop to the tax office and a late step', () => {
    // Thursday 12 Nov 2026, 09:00: received at the commune desk; 10 working days.
    let r: ActionResult = receiveDossier(
      ctx,
      land,
      { id: 'd1', code: '000.23.01.H40-261112-0001', receivingAgency: COMMUNE, actor: reception },
      vn('2026-11-12 09:00'),
    );
    let s = r.state;
    expect(s.status).toBe('received');
    expect(local(s.appointmentAt)).toBe('2026-11-26 09:00');
    expect(local(openTask(s, 'Receive').dueAt)).toBe('2026-11-12 15:00');
    expect(r.events.map((e) => e.type)).toEqual(['received']);

    s = completeTask(ctx, land, s, { taskId: openTask(s, 'Receive').id, actor: reception }, vn('2026-11-12 10:00')).state;
    expect(s.status).toBe('processing');
    const examine = openTask(s, 'Examine');
    expect(examine.agencyCode).toBe(COMMUNE);
    expect(local(examine.dueAt)).toBe('2026-11-16 10:00');

    s = claimTask(ctx, land, s, { taskId: examine.id, actor: specialist }, vn('2026-11-12 10:05')).state;

    // Friday 14:00 the specialist finds a paper missing; the citizen brings it Tuesday 14:00.
    s = requestSupplement(
      ctx,
      land,
      s,
      { actor: specialist, reason: 'Thiếu bản sao sổ hộ khẩu', items: ['Bản sao sổ hộ khẩu'] },
      vn('2026-11-13 14:00'),
    ).state;
    expect(s.status).toBe('awaitingSupplement');
    expectDomainError(
      () => completeTask(ctx, land, s, { taskId: examine.id, actor: specialist }, vn('2026-11-16 08:00')),
      'DOSSIER_PAUSED',
    );
    r = supplementDossier(ctx, land, s, { actor: reception, items: ['Bản sao sổ hộ khẩu'] }, vn('2026-11-17 14:00'));
    s = r.state;
    // Fri 14:00–17:00 + Mon + Tue to 14:00 = 900 working minutes = 2 working days.
    expect(s.pausedMinutes).toBe(900);
    expect(local(s.appointmentAt)).toBe('2026-11-30 09:00');
    expect(local(openTask(s, 'Examine').dueAt)).toBe('2026-11-18 10:00');
    expect(r.events[0]).toMatchObject({ type: 'supplemented' });
    expect(local(r.events[0].appointmentBefore)).toBe('2026-11-26 09:00');
    expect(local(r.events[0].appointmentAfter)).toBe('2026-11-30 09:00');

    // Wednesday 09:00: examined, handed to the district tax office.
    r = completeTask(ctx, land, s, { taskId: examine.id, actor: specialist }, vn('2026-11-18 09:00'));
    s = r.state;
    expect(s.status).toBe('transferred');
    expect(s.holdingAgency).toBe(TAX);
    const tax = openTask(s, 'Tax');
    expect(tax.agencyCode).toBe(TAX);
    expect(local(tax.dueAt)).toBe('2026-11-23 09:00');
    expect(r.effects).toContainEqual({ type: 'handoff', taskId: tax.id, stepId: 'Tax', fromAgency: COMMUNE, toAgency: TAX });
    expect(s.tasks.find((t) => t.id === examine.id)?.verdict).toBe('onTime');

    // The commune cannot act on the tax office's task.
    expectDomainError(() => claimTask(ctx, land, s, { taskId: tax.id, actor: specialist }, vn('2026-11-18 09:30')), 'WRONG_AGENCY');

    // Due soon on Friday 14:00 (20% of 3 days = 270 working minutes before Monday 09:00).
    expect(checkDeadlines(ctx, land, s, vn('2026-11-20 13:59')).effects).toEqual([]);
    r = checkDeadlines(ctx, land, s, vn('2026-11-20 14:00'));
    expect(r.effects.map((e) => e.type)).toEqual(['dueSoon']);
    s = r.state;
    expect(checkDeadlines(ctx, land, s, vn('2026-11-20 15:00')).effects).toEqual([]);

    // Monday 09:00 overdue: assignee and head; one working day later: leader and dashboard.
    r = checkDeadlines(ctx, land, s, vn('2026-11-23 09:00'));
    expect(r.effects).toMatchObject([{ type: 'escalated', level: 1, notify: ['assignee', 'head'] }]);
    s = r.state;
    expect(checkDeadlines(ctx, land, s, vn('2026-11-24 08:59')).effects).toEqual([]);
    r = checkDeadlines(ctx, land, s, vn('2026-11-24 09:00'));
    expect(r.effects).toMatchObject([{ type: 'escalated', level: 2, notify: ['leader', 'dashboard'] }]);
    s = r.state;

    // Tuesday 10:00 the tax office answers, a day late; the dossier comes back to the commune.
    r = completeTask(ctx, land, s, { taskId: tax.id, actor: taxOfficer }, vn('2026-11-24 10:00'));
    s = r.state;
    expect(s.tasks.find((t) => t.id === tax.id)).toMatchObject({ verdict: 'late', completedBy: 'do.thue' });
    expect(s.status).toBe('processing');
    expect(s.holdingAgency).toBe(COMMUNE);
    expect(r.effects).toContainEqual(expect.objectContaining({ type: 'handoff', fromAgency: TAX, toAgency: COMMUNE }));

    s = completeTask(ctx, land, s, { taskId: openTask(s, 'Review').id, actor: head, outcome: 'approve' }, vn('2026-11-24 15:00')).state;
    s = completeTask(ctx, land, s, { taskId: openTask(s, 'Sign').id, actor: leader }, vn('2026-11-25 09:00')).state;
    expect(s.status).toBe('awaitingReturn');
    expect(local(s.resolvedAt)).toBe('2026-11-25 09:00');

    r = returnResult(ctx, land, s, { actor: returnClerk }, vn('2026-11-26 10:00'));
    s = r.state;
    expect(s.status).toBe('returned');
    // Returned Thursday 26 Nov, before the (moved) appointment of Monday 30 Nov.
    expect(s.result).toBe('early');
    expect(s.tasks.every((t) => t.state !== 'open')).toBe(true);
    expect(r.events.map((e) => e.type)).toContain('returned');
  });

  it('returns late when the moved appointment passes', () => {
    let s = receiveLand();
    const done = (stepId: string, who = specialist, at = vn('2026-11-12 10:00'), outcome?: string) =>
      (s = completeTask(ctx, land, s, { taskId: openTask(s, stepId).id, actor: who, outcome }, at).state);
    done('Receive', reception);
    done('Examine', specialist, vn('2026-11-13 09:00'));
    done('Tax', taxOfficer, vn('2026-11-20 09:00'));
    done('Review', head, vn('2026-11-25 09:00'), 'approve');
    done('Sign', leader, vn('2026-11-26 16:00'));
    s = returnResult(ctx, land, s, { actor: returnClerk }, vn('2026-11-27 08:00')).state;
    expect(s.result).toBe('late');
  });

  it('loops back to the specialist when the head sends the dossier for rework', () => {
    let s = receiveLand();
    s = completeTask(ctx, land, s, { taskId: openTask(s, 'Receive').id, actor: reception }, vn('2026-11-12 10:00')).state;
    s = completeTask(ctx, land, s, { taskId: openTask(s, 'Examine').id, actor: specialist }, vn('2026-11-12 11:00')).state;
    s = completeTask(ctx, land, s, { taskId: openTask(s, 'Tax').id, actor: taxOfficer }, vn('2026-11-13 11:00')).state;
    const review = openTask(s, 'Review').id;
    // Sending back says why (issue 20), and the step goes back to the specialist who did it.
    expect(() => completeTask(ctx, land, s, { taskId: review, actor: head, outcome: 'rework' }, vn('2026-11-13 15:00'))).toThrow(
      expect.objectContaining({ messageKey: 'INVALID_OUTCOME.reasonRequired' }),
    );
    s = completeTask(ctx, land, s, { taskId: review, actor: head, outcome: 'rework', comment: 'Thiếu trích đo thửa đất' }, vn('2026-11-13 15:00')).state;
    const again = openTask(s, 'Examine');
    expect(again.assignee).toBe(specialist.username);
    expect(s.tasks.filter((t) => t.stepId === 'Examine')).toHaveLength(2);
    expect(local(again.startedAt)).toBe('2026-11-13 15:00');
    expect(local(again.dueAt)).toBe('2026-11-17 15:00');
  });

  it('refuses an outcome the step does not offer, and changes nothing', () => {
    let s = receiveLand();
    s = completeTask(ctx, land, s, { taskId: openTask(s, 'Receive').id, actor: reception }, vn('2026-11-12 10:00')).state;
    s = completeTask(ctx, land, s, { taskId: openTask(s, 'Examine').id, actor: specialist }, vn('2026-11-12 11:00')).state;
    s = completeTask(ctx, land, s, { taskId: openTask(s, 'Tax').id, actor: taxOfficer }, vn('2026-11-13 11:00')).state;
    const before = structuredClone(s);
    const review = openTask(s, 'Review');
    const err = expectDomainError(
      () => completeTask(ctx, land, s, { taskId: review.id, actor: head, outcome: 'maybe' }, vn('2026-11-13 15:00')),
      'INVALID_OUTCOME',
    );
    expect(err.details).toEqual({ allowed: ['approve', 'rework'] });
    expectDomainError(() => completeTask(ctx, land, s, { taskId: review.id, actor: head }, vn('2026-11-13 15:00')), 'NO_ROUTE');
    expect(s).toEqual(before);
  });
});

describe('who may act', () => {
  it('lets only the assignee complete a claimed task', () => {
    let s = receiveLand();
    const task = openTask(s, 'Receive');
    s = claimTask(ctx, land, s, { taskId: task.id, actor: reception }, vn('2026-11-12 09:10')).state;
    const other = actor('khac.tiepnhan', COMMUNE, 'reception');
    expectDomainError(() => completeTask(ctx, land, s, { taskId: task.id, actor: other }, vn('2026-11-12 09:20')), 'NOT_ASSIGNEE');
    expectDomainError(() => claimTask(ctx, land, s, { taskId: task.id, actor: other }, vn('2026-11-12 09:20')), 'TASK_ALREADY_CLAIMED');
  });

  it('needs the step role to claim', () => {
    const s = receiveLand();
    expectDomainError(
      () => claimTask(ctx, land, s, { taskId: openTask(s, 'Receive').id, actor: specialist }, vn('2026-11-12 09:20')),
      'ROLE_REQUIRED',
    );
  });

  it('refuses to complete a task twice', () => {
    let s = receiveLand();
    const task = openTask(s, 'Receive');
    s = completeTask(ctx, land, s, { taskId: task.id, actor: reception }, vn('2026-11-12 10:00')).state;
    expectDomainError(() => completeTask(ctx, land, s, { taskId: task.id, actor: reception }, vn('2026-11-12 10:01')), 'TASK_NOT_OPEN');
    expectDomainError(() => completeTask(ctx, land, s, { taskId: 'd1.999', actor: reception }, vn('2026-11-12 10:01')), 'TASK_NOT_FOUND');
  });

  it('refuses a supplement request from an agency that does not hold the dossier', () => {
    const s = receiveLand();
    expectDomainError(
      () => requestSupplement(ctx, land, s, { actor: taxOfficer, reason: 'x', items: ['y'] }, vn('2026-11-12 10:00')),
      'WRONG_AGENCY',
    );
  });

  it('does not mutate the state it is given', () => {
    const s = receiveLand();
    const frozen = JSON.stringify(s);
    completeTask(ctx, land, s, { taskId: openTask(s, 'Receive').id, actor: reception }, vn('2026-11-12 10:00'));
    expect(JSON.stringify(s)).toBe(frozen);
  });
});

describe('side exits', () => {
  it('rejects a dossier: open tasks are cancelled and it is closed without a verdict', () => {
    const s = receiveLand();
    const r = rejectDossier(ctx, land, s, { actor: reception, reason: 'Không thuộc thẩm quyền' }, vn('2026-11-12 10:00'));
    expect(r.state).toMatchObject({ status: 'rejected', result: null, rejection: { reason: 'Không thuộc thẩm quyền' } });
    expect(r.state.tasks.every((t) => t.state === 'cancelled')).toBe(true);
    expectDomainError(() => withdrawDossier(ctx, land, r.state, { actor: reception }, vn('2026-11-12 11:00')), 'DOSSIER_CLOSED');
  });

  it('lets the citizen withdraw a dossier waiting for a supplement', () => {
    let s = receiveLand();
    s = requestSupplement(ctx, land, s, { actor: reception, reason: 'Thiếu giấy tờ', items: ['CCCD'] }, vn('2026-11-12 10:00')).state;
    s = withdrawDossier(ctx, land, s, { actor: reception, reason: 'Công dân rút hồ sơ' }, vn('2026-11-13 10:00')).state;
    expect(s.status).toBe('withdrawn');
    expect(local(s.closedAt)).toBe('2026-11-13 10:00');
  });

  it('refuses a supplement when nothing was requested', () => {
    const s = receiveLand();
    expectDomainError(() => supplementDossier(ctx, land, s, { actor: reception, items: [] }, vn('2026-11-12 10:00')), 'DOSSIER_NOT_PAUSED');
  });

  it('transfers a misrouted task to another agency and back', () => {
    let s = receiveLand();
    const task = openTask(s, 'Receive');
    const r = transferTask(ctx, land, s, { taskId: task.id, toAgency: DISTRICT, actor: reception, reason: 'Thuộc cấp huyện' }, vn('2026-11-12 09:30'));
    s = r.state;
    expect(s.status).toBe('transferred');
    expect(openTask(s, 'Receive')).toMatchObject({ agencyCode: DISTRICT, assignee: null });
    expect(r.events[0]).toMatchObject({ type: 'transferred', details: { fromAgency: COMMUNE, toAgency: DISTRICT, automatic: false } });
    expectDomainError(
      () => transferTask(ctx, land, s, { taskId: task.id, toAgency: DISTRICT, actor: actor('x', DISTRICT, 'reception') }, vn('2026-11-12 09:40')),
      'SAME_AGENCY',
    );
    expectDomainError(
      () => transferTask(ctx, land, s, { taskId: task.id, toAgency: 'nope', actor: reception }, vn('2026-11-12 09:40')),
      'AGENCY_NOT_FOUND',
    );
  });

  it('apologizes with a new appointment: the dossier counts as late even if returned by it', () => {
    let s = receiveLand();
    expectDomainError(
      () => apologize(ctx, land, s, { actor: reception, reason: 'x', newAppointmentAt: '2026-11-20T09:00:00+07:00' }, vn('2026-11-12 10:00')),
      'INVALID_APPOINTMENT',
    );
    const r = apologize(
      ctx,
      land,
      s,
      { actor: reception, reason: 'Chờ ý kiến cơ quan thuế', newAppointmentAt: '2026-12-03T16:00:00+07:00' },
      vn('2026-11-25 09:00'),
    );
    s = r.state;
    expect(local(s.appointmentAt)).toBe('2026-12-03 16:00');
    expect(local(s.originalAppointmentAt)).toBe('2026-11-26 09:00');
    expect(r.events[0]).toMatchObject({ type: 'apologized' });
    const done = (stepId: string, who = specialist, outcome?: string) =>
      (s = completeTask(ctx, land, s, { taskId: openTask(s, stepId).id, actor: who, outcome }, vn('2026-11-26 10:00')).state);
    done('Receive', reception);
    done('Examine');
    done('Tax', taxOfficer);
    done('Review', head, 'approve');
    done('Sign', leader);
    s = returnResult(ctx, land, s, { actor: returnClerk }, vn('2026-12-01 10:00')).state;
    expect(s.result).toBe('late');
  });

  it('refuses an apology once the appointment has passed: the law asks for it before (APPOINTMENT_PASSED)', () => {
    const s = receiveLand(); // appointment Thursday 26 Nov 09:00
    const late = () =>
      apologize(ctx, land, s, { actor: reception, reason: 'Quá hạn', newAppointmentAt: '2026-12-03T16:00:00+07:00' }, vn('2026-11-26 09:01'));
    expectDomainError(late, 'APPOINTMENT_PASSED');
    // At the appointment instant itself it is still in time.
    const r = apologize(ctx, land, s, { actor: reception, reason: 'Chờ thuế', newAppointmentAt: '2026-12-03T16:00:00+07:00' }, vn('2026-11-26 09:00'));
    expect(r.state.apologies).toHaveLength(1);
  });

  it('refuses to return a dossier that has no result yet', () => {
    const s = receiveLand();
    expectDomainError(() => returnResult(ctx, land, s, { actor: returnClerk }, vn('2026-11-12 10:00')), 'NOT_AWAITING_RETURN');
  });
});

describe('parallel consultation, conditions, timers and escalation boundaries', () => {
  const districtSpecialist = actor('ho.chuyenvien', DISTRICT, 'specialist');

  function receiveBuild(data: Record<string, unknown>) {
    return receiveDossier(
      ctx,
      build,
      { id: 'b1', code: '000.00.23.H40-261116-0001', receivingAgency: COMMUNE, actor: reception, data },
      vn('2026-11-16 08:00'),
    );
  }

  it('opens both branches at once and waits for both before the leader signs', () => {
    let s = receiveBuild({ fee: 0 }).state;
    const r = completeTask(ctx, build, s, { taskId: openTask(s, 'Examine').id, actor: specialist }, vn('2026-11-17 08:00'));
    s = r.state;
    expect(r.effects.filter((e) => e.type === 'notify')).toEqual([]);
    const inspect = openTask(s, 'Inspect');
    const consult = openTask(s, 'Consult');
    expect(consult.agencyCode).toBe(DISTRICT);
    expect(s.timers.map((t) => [t.nodeId, t.kind, local(t.dueAt)])).toEqual([
      ['InspectLate', 'escalation', '2026-11-24 08:00'],
      ['ConsultTimeout', 'boundaryTimer', '2026-11-24 08:00'],
    ]);
    s = completeTask(ctx, build, s, { taskId: inspect.id, actor: specialist }, vn('2026-11-18 08:00')).state;
    expect(s.tasks.some((t) => t.stepId === 'Sign')).toBe(false);
    s = completeTask(ctx, build, s, { taskId: consult.id, actor: districtSpecialist }, vn('2026-11-19 08:00')).state;
    expect(openTask(s, 'Sign').role).toBe('leader');
    expect(s.timers).toEqual([]);
  });

  it('notifies the citizen of the fee only when the condition holds', () => {
    const s = receiveBuild({ fee: 250000 }).state;
    const r = completeTask(ctx, build, s, { taskId: openTask(s, 'Examine').id, actor: specialist }, vn('2026-11-17 08:00'));
    expect(r.effects).toContainEqual(expect.objectContaining({ type: 'notify', nodeId: 'NotifyFee', role: 'reception' }));
  });

  it('closes the consultation when its timer fires and goes on without it', () => {
    let s = receiveBuild({ fee: 0 }).state;
    s = completeTask(ctx, build, s, { taskId: openTask(s, 'Examine').id, actor: specialist }, vn('2026-11-17 08:00')).state;
    s = completeTask(ctx, build, s, { taskId: openTask(s, 'Inspect').id, actor: specialist }, vn('2026-11-18 08:00')).state;
    const timer = s.timers.find((t) => t.nodeId === 'ConsultTimeout')!;
    const r = fireTimer(ctx, build, s, { timerId: timer.id }, vn('2026-11-24 08:00'));
    s = r.state;
    expect(s.tasks.find((t) => t.stepId === 'Consult')?.state).toBe('cancelled');
    expect(openTask(s, 'Sign')).toBeDefined();
    expect(r.events.map((e) => e.type)).toContain('timerFired');
    expectDomainError(() => fireTimer(ctx, build, s, { timerId: timer.id }, vn('2026-11-24 08:01')), 'TIMER_NOT_FOUND');
  });

  it('raises the modelled escalation instead of the default ladder when the inspection overruns', () => {
    let s = receiveBuild({ fee: 0 }).state;
    s = completeTask(ctx, build, s, { taskId: openTask(s, 'Examine').id, actor: specialist }, vn('2026-11-17 08:00')).state;
    // The default ladder stays silent for a step that models its own escalation.
    const ladder = checkDeadlines(ctx, build, s, vn('2026-11-24 09:00')).effects.filter((e) => e.type === 'escalated');
    expect(ladder.map((e) => e.type === 'escalated' && e.task.stepId)).toEqual(['Consult']);
    const timer = s.timers.find((t) => t.nodeId === 'InspectLate')!;
    const r = fireTimer(ctx, build, s, { timerId: timer.id }, vn('2026-11-24 08:00'));
    expect(r.effects).toContainEqual(expect.objectContaining({ type: 'notify', nodeId: 'NotifyHead', role: 'head' }));
    expect(r.effects).toContainEqual(expect.objectContaining({ type: 'escalated', level: 1 }));
    // Non-interrupting: the inspection goes on.
    expect(openTask(r.state, 'Inspect').escalationLevel).toBe(1);
  });

  it('keeps its timers still while the citizen supplements and moves them after', () => {
    let s = receiveBuild({ fee: 0 }).state;
    s = completeTask(ctx, build, s, { taskId: openTask(s, 'Examine').id, actor: specialist }, vn('2026-11-17 08:00')).state;
    s = requestSupplement(ctx, build, s, { actor: specialist, reason: 'Thiếu bản vẽ', items: ['Bản vẽ'] }, vn('2026-11-17 08:00')).state;
    const timer = s.timers[0];
    expectDomainError(() => fireTimer(ctx, build, s, { timerId: timer.id }, vn('2026-11-24 08:00')), 'DOSSIER_PAUSED');
    s = supplementDossier(ctx, build, s, { actor: reception, items: ['Bản vẽ'] }, vn('2026-11-18 08:00')).state;
    expect(s.timers.map((t) => local(t.dueAt))).toEqual(['2026-11-25 08:00', '2026-11-25 08:00']);
  });

  it('keeps the machine snapshot as plain JSON that restores', () => {
    let s = receiveBuild({ fee: 0 }).state;
    s = completeTask(ctx, build, s, { taskId: openTask(s, 'Examine').id, actor: specialist }, vn('2026-11-17 08:00')).state;
    const restored = JSON.parse(JSON.stringify(s)) as DossierState;
    const r = completeTask(ctx, build, restored, { taskId: openTask(restored, 'Inspect').id, actor: specialist }, vn('2026-11-18 08:00'));
    expect(openTask(r.state, 'Consult')).toBeDefined();
  });
});
