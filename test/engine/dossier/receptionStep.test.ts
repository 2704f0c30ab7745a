// Receiving is the reception step (issue 20): the desk clerk who takes the dossier in does
// not claim and complete "Tiếp nhận hồ sơ" a second time. And a head gives a step to a
// named specialist; a send-back needs a reason and returns the step to who did it.
import { beforeAll, describe, expect, it } from 'vitest';
import { assignTask, completeTask, receiveDossier } from '../../../engine/dossier/lifecycle.js';
import type { DossierState } from '../../../engine/dossier/types.js';
import type { CompiledProcedure } from '../../../engine/machine/compile.js';
import { COMMUNE, actor, engineContext, fixture, staff, vn } from './support.js';

const ctx = engineContext();
const { reception, specialist, head } = staff;
const colleague = actor('hoang.chuyenvien', COMMUNE, 'specialist');

let desk: CompiledProcedure; // Receive (reception) → Examine → Handover
let noDeskStep: CompiledProcedure; // starts with the specialist's Examine
let land: CompiledProcedure; // Receive → Examine → Tax → Review (approve | rework)

beforeAll(async () => {
  desk = await fixture('desk-return.bpmn');
  noDeskStep = await fixture('construction-parallel.bpmn');
  land = await fixture('land-transfer.bpmn');
});

const receive = (procedure: CompiledProcedure, completesReceptionStep: boolean, by = reception) =>
  receiveDossier(ctx, procedure, { id: 'd1', code: 'C-1', receivingAgency: COMMUNE, actor: by, completesReceptionStep }, vn('2026-11-12 08:00'));

const open = (s: DossierState) => s.tasks.filter((t) => t.state === 'open').map((t) => t.stepId);

describe('the receipt is the reception step', () => {
  it('completes the first reception step at the receiving desk, by the clerk, at the receipt', () => {
    const r = receive(desk, true);
    const step = r.state.tasks.find((t) => t.stepId === 'Receive')!;
    expect(step).toMatchObject({ state: 'done', assignee: reception.username, completedBy: reception.username, completedAt: vn('2026-11-12 08:00').toISOString() });
    expect(open(r.state)).toEqual(['Examine']);
    expect(r.state.status).toBe('processing');
    expect(r.events.map((e) => e.type)).toEqual(['received', 'completed']);
    // Nobody's inbox ever had it: neither its opening nor its closing is announced.
    expect(r.effects.filter((e) => 'task' in e && e.task.stepId === 'Receive')).toEqual([]);
    expect(r.effects.some((e) => e.type === 'taskOpened' && e.task.stepId === 'Examine')).toBe(true);
  });

  it('leaves the step open when not asked (a dossier no clerk checked yet), as before', () => {
    expect(open(receive(desk, false).state)).toEqual(['Receive']);
  });

  it('leaves it open when the one receiving is not a reception clerk of the receiving agency', () => {
    expect(open(receive(desk, true, specialist).state)).toEqual(['Receive']);
  });

  it('changes nothing for a model without a reception step', () => {
    const r = receive(noDeskStep, true);
    expect(open(r.state)).toEqual(['Examine']);
    expect(r.state.tasks.every((t) => t.state === 'open')).toBe(true);
  });
});

describe('a head assigns, a send-back returns the step to its specialist', () => {
  const toExamine = () => receive(land, true).state;

  it('gives an open step to a named specialist of the agency, and takes it back for another', () => {
    let s = toExamine();
    const examine = s.tasks.find((t) => t.stepId === 'Examine' && t.state === 'open')!;
    const r = assignTask(ctx, land, s, { taskId: examine.id, actor: head, assignee: specialist }, vn('2026-11-12 08:30'));
    s = r.state;
    expect(s.tasks.find((t) => t.id === examine.id)!.assignee).toBe(specialist.username);
    expect(r.events).toMatchObject([{ type: 'assigned', actor: head.username, details: { assignee: specialist.username, previousAssignee: null } }]);
    s = assignTask(ctx, land, s, { taskId: examine.id, actor: head, assignee: colleague }, vn('2026-11-12 09:00')).state;
    expect(s.tasks.find((t) => t.id === examine.id)!.assignee).toBe(colleague.username);
  });

  it('refuses anyone but a head of the step’s agency, and an assignee without the role or of another agency', () => {
    const s = toExamine();
    const taskId = s.tasks.find((t) => t.stepId === 'Examine' && t.state === 'open')!.id;
    const attempt = (by: typeof head, to: typeof head) => () => assignTask(ctx, land, s, { taskId, actor: by, assignee: to }, vn('2026-11-12 08:30'));
    expect(attempt(specialist, colleague)).toThrow(expect.objectContaining({ code: 'ROLE_REQUIRED' }));
    expect(attempt(actor('head.thue', '000.23.51.H40', 'head'), colleague)).toThrow(expect.objectContaining({ messageKey: 'WRONG_AGENCY.assign' }));
    expect(attempt(head, reception)).toThrow(expect.objectContaining({ messageKey: 'ROLE_REQUIRED.assignee' }));
    expect(attempt(head, actor('tran.khac', '000.23.51.H40', 'specialist'))).toThrow(expect.objectContaining({ messageKey: 'WRONG_AGENCY.assignee' }));
  });

  it('marks the outcome that sends back, asks its reason, and returns the step to who did it', () => {
    let s = toExamine();
    const step = (id: string) => s.tasks.find((t) => t.stepId === id && t.state === 'open')!;
    s = completeTask(ctx, land, s, { taskId: step('Examine').id, actor: colleague }, vn('2026-11-12 11:00')).state;
    s = completeTask(ctx, land, s, { taskId: step('Tax').id, actor: staff.taxOfficer }, vn('2026-11-13 11:00')).state;
    expect(land.outcomes.get('Review')!.map((o) => [o.key, o.sendsBack])).toEqual([['approve', false], ['rework', true]]);
    const review = step('Review').id;
    expect(() => completeTask(ctx, land, s, { taskId: review, actor: head, outcome: 'rework', comment: '  ' }, vn('2026-11-13 15:00'))).toThrow(
      expect.objectContaining({ messageKey: 'INVALID_OUTCOME.reasonRequired' }),
    );
    s = completeTask(ctx, land, s, { taskId: review, actor: head, outcome: 'rework', comment: 'Sai diện tích' }, vn('2026-11-13 15:00')).state;
    expect(step('Examine').assignee).toBe(colleague.username);
  });
});
