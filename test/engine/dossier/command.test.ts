// The command frame every dossier action runs in (engine/dossier/command.ts): guards
// before any change, the change on a working copy, the status settled and dossierUpdated
// announced as the command declares — and a refusal anywhere leaves the caller's state
// exactly as it was, with no effects let out.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { acceptCommand, acceptDossier } from '../../../engine/dossier/actions/accept.js';
import { apologizeCommand } from '../../../engine/dossier/actions/apologize.js';
import { refuseCommand, refuseDossier } from '../../../engine/dossier/actions/refuse.js';
import { submitCommand, submitDossier } from '../../../engine/dossier/actions/submit.js';
import { checkDeadlinesCommand } from '../../../engine/dossier/actions/checkDeadlines.js';
import { claimCommand } from '../../../engine/dossier/actions/claim.js';
import { completeCommand } from '../../../engine/dossier/actions/complete.js';
import { fireTimerCommand } from '../../../engine/dossier/actions/fireTimer.js';
import { receiveCommand } from '../../../engine/dossier/actions/receive.js';
import { rejectCommand } from '../../../engine/dossier/actions/reject.js';
import { requestSupplementCommand } from '../../../engine/dossier/actions/requestSupplement.js';
import { returnCommand } from '../../../engine/dossier/actions/return.js';
import { supplementCommand } from '../../../engine/dossier/actions/supplement.js';
import { transferCommand } from '../../../engine/dossier/actions/transfer.js';
import { withdrawCommand } from '../../../engine/dossier/actions/withdraw.js';
import { runCommand, type Command, type Guard } from '../../../engine/dossier/command.js';
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
import type { ActionResult, DossierState, Effect, Task } from '../../../engine/dossier/types.js';
import { DomainError } from '../../../engine/errors.js';
import type { CompiledProcedure } from '../../../engine/machine/compile.js';
import { COMMUNE, DISTRICT, TAX, actor, engineContext, fixture, staff, vn } from './support.js';

const ctx = engineContext();
const { reception, specialist, head, leader, returnClerk, taxOfficer } = staff;

const ALL_COMMANDS: Command<never>[] = [
  receiveCommand,
  claimCommand,
  completeCommand,
  requestSupplementCommand,
  supplementCommand,
  rejectCommand,
  withdrawCommand,
  transferCommand,
  apologizeCommand,
  returnCommand,
  fireTimerCommand,
  checkDeadlinesCommand,
  submitCommand,
  acceptCommand,
  refuseCommand,
];

let land: CompiledProcedure;
let build: CompiledProcedure;
let deskReturn: CompiledProcedure;

beforeAll(async () => {
  land = await fixture('land-transfer.bpmn');
  build = await fixture('construction-parallel.bpmn');
  deskReturn = await fixture('desk-return.bpmn');
});

/** A deep-frozen copy: any write to it (in strict-mode module code) throws a TypeError. */
function frozen<T>(value: T): T {
  const copy = structuredClone(value);
  const freeze = (v: unknown): void => {
    if (v === null || typeof v !== 'object' || Object.isFrozen(v)) return;
    Object.freeze(v);
    for (const child of Object.values(v)) freeze(child);
  };
  freeze(copy);
  return copy;
}

const openTask = (s: DossierState, stepId: string): Task => {
  const task = s.tasks.find((t) => t.stepId === stepId && t.state === 'open');
  if (!task) throw new Error(`no open task for ${stepId}`);
  return task;
};

const receiveLand = (at = vn('2026-11-12 09:00')): DossierState =>
  receiveDossier(ctx, land, { id: 'd1', code: 'C-1', receivingAgency: COMMUNE, actor: reception }, at).state;

function refusal(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    return e as DomainError;
  }
  throw new Error('expected a refusal, nothing was thrown');
}

const announcements = (effects: Effect[]) => effects.filter((e) => e.type === 'dossierUpdated').length;

describe('the command frame', () => {
  it('runs the guards in order; the first refusal stops it before execute, and the caller state is untouched', () => {
    const state = frozen(receiveLand());
    const before = structuredClone(state);
    const passes = vi.fn<Guard<unknown>>();
    const neverRun = vi.fn<Guard<unknown>>();
    const execute = vi.fn();
    const refuses: Guard<unknown> = () => {
      throw new DomainError('DOSSIER_PAUSED');
    };
    const command: Command<unknown> = {
      verb: 'test',
      guards: [passes, refuses, neverRun],
      execute,
      settlesStatus: true,
      announces: true,
    };
    expect(refusal(() => runCommand(command, ctx, land, state, {}, vn('2026-11-12 10:00'))).code).toBe('DOSSIER_PAUSED');
    expect(passes).toHaveBeenCalledOnce();
    expect(neverRun).not.toHaveBeenCalled();
    expect(execute).not.toHaveBeenCalled();
    expect(state).toEqual(before);
  });

  it('a refusal halfway through execute leaves the caller state untouched and lets no effect or history row out', () => {
    const state = frozen(receiveLand());
    const before = structuredClone(state);
    let seen: { effects: Effect[] } | null = null;
    const command: Command<unknown> = {
      verb: 'test',
      guards: [],
      execute(draft) {
        seen = draft;
        draft.state.status = 'processing';
        draft.state.tasks[0].assignee = 'someone';
        draft.effects.push({ type: 'taskUpdated', task: draft.state.tasks[0] });
        draft.record('claimed', 'someone');
        throw new DomainError('NO_ROUTE', { name: 'refused midway' });
      },
      settlesStatus: true,
      announces: true,
    };
    expect(refusal(() => runCommand(command, ctx, land, state, {}, vn('2026-11-12 10:00'))).code).toBe('NO_ROUTE');
    expect(state).toEqual(before);
    // The working copy was the frame's own, and the announcement never came.
    expect(seen!.effects.map((e) => e.type)).toEqual(['taskUpdated']);
  });

  it('settles the status and announces dossierUpdated (last, once) only as the command declares', () => {
    const state = frozen(receiveLand());
    const pause = (draft: { state: DossierState; nowIso: string }) => {
      draft.state.pause = { requestedAt: draft.nowIso, requestedBy: 'x', reason: 'x', items: [] };
    };
    const run = (settlesStatus: boolean, announces: boolean) =>
      runCommand({ verb: 'test', guards: [], execute: pause, settlesStatus, announces }, ctx, land, state, undefined, vn('2026-11-12 10:00'));

    const settled = run(true, true);
    expect(settled.state.status).toBe('awaitingSupplement');
    expect(settled.effects).toEqual([{ type: 'dossierUpdated', verb: 'test', status: 'awaitingSupplement', statusBefore: 'received' }]);

    const unsettled = run(false, false);
    expect(unsettled.state.status).toBe('received');
    expect(unsettled.effects).toEqual([]);
    expect(state.status).toBe('received');
  });

  it("the lifecycle's refusals leave the caller state untouched", () => {
    const at = vn('2026-11-12 10:00');
    let s = receiveLand();
    const paused = requestSupplement(ctx, land, s, { actor: reception, reason: 'x', items: ['CCCD'] }, at).state;
    const cases: [string, DossierState, (state: DossierState) => unknown][] = [
      ['DOSSIER_PAUSED', paused, (st) => completeTask(ctx, land, st, { taskId: openTask(st, 'Receive').id, actor: reception }, at)],
      ['WRONG_AGENCY', s, (st) => claimTask(ctx, land, st, { taskId: openTask(st, 'Receive').id, actor: actor('x', TAX, 'reception') }, at)],
      ['ROLE_REQUIRED', s, (st) => completeTask(ctx, land, st, { taskId: openTask(st, 'Receive').id, actor: specialist }, at)],
      ['TASK_NOT_FOUND', s, (st) => completeTask(ctx, land, st, { taskId: 'nope', actor: reception }, at)],
      ['SAME_AGENCY', s, (st) => transferTask(ctx, land, st, { taskId: openTask(st, 'Receive').id, toAgency: COMMUNE, actor: reception }, at)],
      ['DOSSIER_NOT_PAUSED', s, (st) => supplementDossier(ctx, land, st, { actor: reception, items: [] }, at)],
      ['APPOINTMENT_PASSED', s, (st) => apologize(ctx, land, st, { actor: reception, reason: 'x', newAppointmentAt: '2026-12-31T09:00:00+07:00' }, vn('2026-11-27 09:00'))],
      ['NOT_AWAITING_RETURN', s, (st) => returnResult(ctx, land, st, { actor: returnClerk }, at)],
      ['TIMER_NOT_FOUND', s, (st) => fireTimer(ctx, land, st, { timerId: 'nope' }, at)],
      ['WRONG_AGENCY', s, (st) => rejectDossier(ctx, land, st, { actor: taxOfficer, reason: 'x' }, at)],
    ];
    for (const [code, state, act] of cases) {
      const input = frozen(state);
      const before = structuredClone(input);
      expect(refusal(() => act(input)).code, code).toBe(code);
      expect(input).toEqual(before);
    }
    // Closed: every command refuses, the deadline check has nothing to do.
    s = withdrawDossier(ctx, land, s, { actor: reception }, at).state;
    const closed = frozen(s);
    expect(refusal(() => claimTask(ctx, land, closed, { taskId: s.tasks[0].id, actor: reception }, at)).code).toBe('DOSSIER_CLOSED');
    expect(checkDeadlines(ctx, land, closed, vn('2026-12-31 09:00'))).toMatchObject({ effects: [], events: [] });
  });
});

describe('announcing dossierUpdated', () => {
  // What the dossier:updated event carries (server/live/events.ts): a command that may
  // change it must announce, exactly once; one that does not must leave it alone.
  const carried = (s: DossierState) => ({
    status: s.status,
    result: s.result,
    holdingAgency: s.holdingAgency,
    appointmentAt: s.appointmentAt,
  });

  it('every state-changing command announces once; claim and the deadline check never, and change none of it', () => {
    const exercised = new Set<string>();
    /** Run one action on a deep-frozen copy of `before` and check what it announced. */
    function act(command: Command<never>, before: DossierState | null, run: (s: DossierState) => ActionResult): DossierState {
      const r = run(before === null ? (null as unknown as DossierState) : frozen(before));
      exercised.add(command.verb);
      expect(announcements(r.effects), command.verb).toBe(command.announces ? 1 : 0);
      // The announcement says which command, and the status before and after (issue 17: webhooks and notifications read it).
      if (command.announces) {
        expect(r.effects.at(-1), command.verb).toEqual({ type: 'dossierUpdated', verb: command.verb, status: r.state.status, statusBefore: before?.status ?? null });
      }
      else if (before) expect(carried(r.state), command.verb).toEqual(carried(before));
      return r.state;
    }
    const done = (s: DossierState, stepId: string, who = specialist, at = vn('2026-11-12 10:00'), outcome?: string) =>
      act(completeCommand, s, (st) => completeTask(ctx, land, st, { taskId: openTask(st, stepId).id, actor: who, outcome }, at));

    // The land procedure from receipt to return, across the tax office and a supplement.
    let s = act(receiveCommand, null, () =>
      receiveDossier(ctx, land, { id: 'd1', code: 'C-1', receivingAgency: COMMUNE, actor: reception }, vn('2026-11-12 09:00')));
    s = act(claimCommand, s, (st) => claimTask(ctx, land, st, { taskId: openTask(st, 'Receive').id, actor: reception }, vn('2026-11-12 09:05')));
    s = done(s, 'Receive', reception);
    s = act(requestSupplementCommand, s, (st) =>
      requestSupplement(ctx, land, st, { actor: specialist, reason: 'x', items: ['CCCD'] }, vn('2026-11-13 14:00')));
    s = act(supplementCommand, s, (st) => supplementDossier(ctx, land, st, { actor: reception, items: ['CCCD'] }, vn('2026-11-17 14:00')));
    s = done(s, 'Examine', specialist, vn('2026-11-18 09:00'));
    expect(s.holdingAgency).toBe(TAX);
    s = act(checkDeadlinesCommand, s, (st) => checkDeadlines(ctx, land, st, vn('2026-11-20 14:00')));
    s = act(checkDeadlinesCommand, s, (st) => checkDeadlines(ctx, land, st, vn('2026-11-24 09:00')));
    expect(openTask(s, 'Tax').escalationLevel).toBe(2);
    s = done(s, 'Tax', taxOfficer, vn('2026-11-24 10:00'));
    s = done(s, 'Review', head, vn('2026-11-24 15:00'), 'approve');
    s = act(apologizeCommand, s, (st) =>
      apologize(ctx, land, st, { actor: reception, reason: 'x', newAppointmentAt: '2026-12-03T16:00:00+07:00' }, vn('2026-11-25 08:00')));
    s = done(s, 'Sign', leader, vn('2026-11-25 09:00'));
    expect(s.status).toBe('awaitingReturn');
    s = act(returnCommand, s, (st) => returnResult(ctx, land, st, { actor: returnClerk }, vn('2026-11-26 10:00')));
    expect(s.status).toBe('returned');

    // Side exits: a transfer, a withdrawal, a rejection.
    s = receiveLand();
    s = act(transferCommand, s, (st) =>
      transferTask(ctx, land, st, { taskId: openTask(st, 'Receive').id, toAgency: DISTRICT, actor: reception }, vn('2026-11-12 09:30')));
    s = act(withdrawCommand, s, (st) => withdrawDossier(ctx, land, st, { actor: reception }, vn('2026-11-12 10:00')));
    expect(s.status).toBe('withdrawn');
    s = act(rejectCommand, receiveLand(), (st) => rejectDossier(ctx, land, st, { actor: reception, reason: 'x' }, vn('2026-11-12 10:00')));
    expect(s.status).toBe('rejected');

    // A boundary timer closes the consultation of the parallel construction permit.
    s = receiveDossier(ctx, build, { id: 'b1', code: 'B-1', receivingAgency: COMMUNE, actor: reception, data: { fee: 0 } }, vn('2026-11-16 08:00')).state;
    s = completeTask(ctx, build, s, { taskId: openTask(s, 'Examine').id, actor: specialist }, vn('2026-11-17 08:00')).state;
    const timer = s.timers.find((t) => t.nodeId === 'ConsultTimeout')!;
    s = act(fireTimerCommand, s, (st) => fireTimer(ctx, build, st, { timerId: timer.id }, vn('2026-11-24 08:00')));
    expect(s.tasks.find((t) => t.stepId === 'Consult')?.state).toBe('cancelled');

    // Online filing: submitted, then accepted — or refused.
    const filed = () => submitDossier(ctx, land, { id: 'o1', code: 'O-1', receivingAgency: COMMUNE, actor: reception }, vn('2026-11-12 20:00'));
    s = act(submitCommand, null, filed);
    s = act(acceptCommand, s, (st) => acceptDossier(ctx, land, st, { actor: reception }, vn('2026-11-13 08:00')));
    s = act(refuseCommand, filed().state, (st) => refuseDossier(ctx, land, st, { actor: reception, reason: 'x' }, vn('2026-11-13 08:00')));
    expect(s.status).toBe('refused');

    expect([...exercised].sort()).toEqual(ALL_COMMANDS.map((c) => c.verb).sort());
  });

  it('completing the modelled return step closes the dossier and announces it once, not once per close', () => {
    let s = receiveDossier(ctx, deskReturn, { id: 'd1', code: 'C-1', receivingAgency: COMMUNE, actor: reception }, vn('2026-11-12 08:00')).state;
    s = completeTask(ctx, deskReturn, s, { taskId: openTask(s, 'Receive').id, actor: reception }, vn('2026-11-12 08:10')).state;
    s = completeTask(ctx, deskReturn, s, { taskId: openTask(s, 'Examine').id, actor: specialist }, vn('2026-11-12 10:00')).state;
    const r = completeTask(ctx, deskReturn, s, { taskId: openTask(s, 'Handover').id, actor: reception }, vn('2026-11-12 10:30'));
    expect(r.state.status).toBe('returned');
    expect(announcements(r.effects)).toBe(1);
  });
});
