import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadProcedure } from '../../../engine/bpmn/index.js';
import { checkDeadlines, completeTask, fireTimer, receiveDossier } from '../../../engine/dossier/lifecycle.js';
import type { DossierState } from '../../../engine/dossier/types.js';
import { DomainError } from '../../../engine/errors.js';
import { compileProcedure } from '../../../engine/machine/compile.js';
import { analyzeStructure } from '../../../engine/model/structure.js';
import { COMMUNE, actor, engineContext, fixture, local, vn } from '../dossier/support.js';

const ctx = engineContext();
const specialist = actor('tran.chuyenvien', COMMUNE, 'specialist');
const head = actor('nguyen.truongphong', COMMUNE, 'head');
const leader = actor('pham.chutich', COMMUNE, 'leader');
const reception = actor('le.tiepnhan', COMMUNE, 'reception');

const open = (s: DossierState, stepId: string) => s.tasks.find((t) => t.stepId === stepId && t.state === 'open')!;

describe('compiling procedures to xstate', () => {
  it('compiles the parallel consultation into a parallel state with one region per branch', async () => {
    const procedure = await fixture('construction-parallel.bpmn');
    const config = procedure.machine.config as { states: Record<string, { type?: string; states?: Record<string, unknown> }> };
    expect(config.states.Split.type).toBe('parallel');
    expect(Object.keys(config.states.Split.states ?? {})).toEqual(['branch0', 'branch1']);
    expect(procedure.outcomes.get('Examine')).toEqual([]);
  });

  it('lists the outcomes a clerk may pick, with the flow names as labels', async () => {
    const procedure = await fixture('land-transfer.bpmn');
    expect(procedure.outcomes.get('Review')).toEqual([
      { key: 'approve', label: 'Trình ký', flowId: 'f_approve', sendsBack: false },
      { key: 'rework', label: 'Thẩm định lại', flowId: 'f_rework', sendsBack: true },
    ]);
  });

  // A send-back is a loop's back edge, not any way that can come round again: in the
  // private-house permit the review may send the draft back, yet "Đủ điều kiện" out of
  // the draft moves the dossier on (reachability alone called it a send-back and asked
  // every specialist for a reason).
  it('calls only the outcome that closes a loop a send-back, not one that merely comes before it', async () => {
    const xml = readFileSync(new URL('../../../procedures/truoc-2025/cap-giay-phep-xay-dung-nha-o-rieng-le.bpmn', import.meta.url), 'utf8');
    const loaded = await loadProcedure(xml);
    const procedure = compileProcedure(loaded.model!);
    const byKey = (step: string) => Object.fromEntries((procedure.outcomes.get(step) ?? []).map((o) => [o.key, o.sendsBack]));
    expect(byKey('Draft')).toEqual({ grant: false, refuse: false });
    expect(byKey('Review')).toMatchObject({ approve: false, rework: true });
  });

  it('refuses a parallel split whose branches never join, naming the gateway', async () => {
    const xml = readFileSync(new URL('../dossier/fixtures/unstructured-parallel.bpmn', import.meta.url), 'utf8');
    const loaded = await loadProcedure(xml);
    const analysis = analyzeStructure(loaded.model!.root);
    expect(analysis.problems).toEqual([
      expect.objectContaining({ code: 'BRANCH_ENDS_BEFORE_JOIN', severity: 'error' }),
    ]);
    expect(() => compileProcedure(loaded.model!)).toThrow(DomainError);
    expect(loaded.ok).toBe(false);
  });

  it('reports a join reached from outside its block', async () => {
    const procedure = await fixture('construction-parallel.bpmn');
    const root = structuredClone(procedure.model.root);
    // A second way into the join, straight from the examination step.
    root.flows.sneak = { id: 'sneak', name: '', source: 'Merge', target: 'Join', outcome: null, condition: null };
    root.nodes.Merge.outgoing.push('sneak');
    root.nodes.Join.incoming.push('sneak');
    expect(analyzeStructure(root).problems.map((p) => [p.code, p.elementId])).toEqual([['UNSTRUCTURED_PARALLEL', 'sneak']]);
  });
});

describe('sub-processes and timers', () => {
  const receive = async () => {
    const procedure = await fixture('subprocess-timers.bpmn');
    const r = receiveDossier(ctx, procedure, { id: 's1', code: 'S-1', receivingAgency: COMMUNE, actor: reception }, vn('2026-11-16 08:00'));
    return { procedure, state: r.state };
  };

  it('enters the sub-process and arms its escalation for the sub-process allotment', async () => {
    const { state } = await receive();
    expect(open(state, 'Draft')).toBeDefined();
    expect(state.timers.map((t) => [t.nodeId, t.kind, local(t.dueAt)])).toEqual([['HandleLate', 'escalation', '2026-11-18 08:00']]);
  });

  it('notifies the leader when the sub-process overruns, without stopping it', async () => {
    const { procedure, state } = await receive();
    const r = fireTimer(ctx, procedure, state, { timerId: state.timers[0].id }, vn('2026-11-18 08:00'));
    expect(r.effects).toContainEqual(expect.objectContaining({ type: 'notify', nodeId: 'WarnLeader', role: 'leader' }));
    expect(open(r.state, 'Draft')).toBeDefined();
  });

  it('leaves the sub-process at its end, waits on the intermediate timer, then opens the next step', async () => {
    const { procedure } = await receive();
    let { state } = await receive();
    state = completeTask(ctx, procedure, state, { taskId: open(state, 'Draft').id, actor: specialist }, vn('2026-11-16 09:00')).state;
    state = completeTask(ctx, procedure, state, { taskId: open(state, 'Check').id, actor: head }, vn('2026-11-16 10:00')).state;
    expect(state.tasks.filter((t) => t.state === 'open')).toEqual([]);
    expect(state.timers.map((t) => [t.nodeId, local(t.dueAt)])).toEqual([['Cooling', '2026-11-16 14:00']]);
    state = fireTimer(ctx, procedure, state, { timerId: state.timers[0].id }, vn('2026-11-16 14:00')).state;
    expect(open(state, 'Sign')).toBeDefined();
  });

  it('repeats a cycle reminder the number of times the model says, then issues the result', async () => {
    const { procedure } = await receive();
    let { state } = await receive();
    state = completeTask(ctx, procedure, state, { taskId: open(state, 'Draft').id, actor: specialist }, vn('2026-11-16 09:00')).state;
    state = completeTask(ctx, procedure, state, { taskId: open(state, 'Check').id, actor: head }, vn('2026-11-16 10:00')).state;
    state = fireTimer(ctx, procedure, state, { timerId: state.timers[0].id }, vn('2026-11-16 14:00')).state;
    const notices: string[] = [];
    for (let i = 0; i < 3 && state.timers.length > 0; i++) {
      const timer = state.timers[0];
      const r = fireTimer(ctx, procedure, state, { timerId: timer.id }, new Date(timer.dueAt));
      notices.push(local(timer.dueAt)!);
      expect(r.effects).toContainEqual(expect.objectContaining({ type: 'notify', nodeId: 'RemindLeader' }));
      state = r.state;
    }
    expect(notices).toEqual(['2026-11-16 15:00', '2026-11-16 16:00']);
    const r = completeTask(ctx, procedure, state, { taskId: open(state, 'Sign').id, actor: leader }, vn('2026-11-17 08:00'));
    expect(r.effects).toContainEqual({ type: 'resultIssued', nodeId: 'Issue' });
    expect(r.state.status).toBe('awaitingReturn');
    expect(checkDeadlines(ctx, procedure, r.state, vn('2026-11-30 08:00')).effects).toEqual([]);
  });
});

describe('what a non-interrupting boundary may lead to', () => {
  it('refuses a step on the path of a non-interrupting boundary event, which would never be assigned', async () => {
    const xml = readFileSync(new URL('../dossier/fixtures/subprocess-timers.bpmn', import.meta.url), 'utf8').replace(
      /<bpmn:serviceTask id="RemindLeader" name="Nhắc ký" mc:action="notify" mc:role="leader">([\s\S]*?)<\/bpmn:serviceTask>/,
      '<bpmn:userTask id="RemindLeader" name="Nhắc ký" mc:role="leader">$1</bpmn:userTask>',
    );
    const loaded = await loadProcedure(xml);
    expect(loaded.ok).toBe(false);
    expect(loaded.problems.filter((p) => p.code === 'NON_INTERRUPTING_PATH').map((p) => p.elementId)).toEqual(['RemindLeader']);
  });
});
