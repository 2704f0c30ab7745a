// The modelled return step (CONTRACT.md §6.2): the clerk who completes "Trả kết quả"
// hands the result over — the dossier is returned with its verdict, no second action.
import { beforeAll, describe, expect, it } from 'vitest';
import { completeTask, receiveDossier, returnResult } from '../../../engine/dossier/lifecycle.js';
import type { DossierState } from '../../../engine/dossier/types.js';
import type { CompiledProcedure } from '../../../engine/machine/compile.js';
import { COMMUNE, engineContext, fixture, staff, vn } from './support.js';

const ctx = engineContext();
const { reception, specialist } = staff;

let marked: CompiledProcedure;
let unmarked: CompiledProcedure;
let landTransfer: CompiledProcedure;

beforeAll(async () => {
  marked = await fixture('desk-return.bpmn');
  unmarked = await fixture('desk-no-return-step.bpmn');
  landTransfer = await fixture('land-transfer.bpmn');
});

function runToLastStep(procedure: CompiledProcedure): DossierState {
  // Thursday 12 Nov 2026, 08:00 at the commune desk.
  let s = receiveDossier(ctx, procedure, { id: 'd1', code: 'C-1', receivingAgency: COMMUNE, actor: reception }, vn('2026-11-12 08:00')).state;
  const step = (id: string) => s.tasks.find((t) => t.stepId === id && t.state === 'open')!;
  s = completeTask(ctx, procedure, s, { taskId: step('Receive').id, actor: reception }, vn('2026-11-12 08:10')).state;
  s = completeTask(ctx, procedure, s, { taskId: step('Examine').id, actor: specialist }, vn('2026-11-12 10:00')).state;
  return s;
}

describe('the modelled return step', () => {
  it('knows which steps hand over: mc:returns="true", or a return-role task straight before the end', () => {
    expect([...marked.returnSteps]).toEqual(['Handover']);
    expect([...unmarked.returnSteps]).toEqual([]);
    expect([...landTransfer.returnSteps]).toEqual(['Return']);
  });

  it('is awaiting return while the hand-over step is open, and returned with its verdict once it is done', () => {
    let s = runToLastStep(marked);
    expect(s.status).toBe('awaitingReturn');
    const handover = s.tasks.find((t) => t.stepId === 'Handover' && t.state === 'open')!;
    const r = completeTask(ctx, marked, s, { taskId: handover.id, actor: reception }, vn('2026-11-12 10:30'));
    s = r.state;
    expect(s.status).toBe('returned');
    expect(s.result).toBe('early'); // appointment Friday 13 Nov 08:00
    expect(s.returnedAt).toBe(vn('2026-11-12 10:30').toISOString());
    expect(r.events.filter((e) => e.type === 'returned')).toHaveLength(1);
  });

  it('the explicit return action still hands over an open return step, once', () => {
    let s = runToLastStep(marked);
    s = returnResult(ctx, marked, s, { actor: reception }, vn('2026-11-12 10:30')).state;
    expect(s.status).toBe('returned');
    expect(s.tasks.every((t) => t.state !== 'open')).toBe(true);
  });

  it('a model without a return step ends awaiting return and keeps the explicit return action', () => {
    let s = runToLastStep(unmarked);
    const last = s.tasks.find((t) => t.stepId === 'Handover' && t.state === 'open')!;
    s = completeTask(ctx, unmarked, s, { taskId: last.id, actor: reception }, vn('2026-11-12 10:30')).state;
    expect(s.status).toBe('awaitingReturn');
    s = returnResult(ctx, unmarked, s, { actor: reception }, vn('2026-11-12 11:00')).state;
    expect(s.status).toBe('returned');
  });
});
