// The BPMN MIWG reference models (no `mc:` attributes, made by other tools): each must
// import without a throw and either deploy with defaults and warnings or be refused
// with every element MộtCửa cannot run named.

import { readFileSync } from 'node:fs';
import { compileProcedure } from '../../../engine/machine/compile.js';
import { describe, expect, it } from 'vitest';
import { importBpmn, loadProcedure } from '../../../engine/bpmn/index.js';
import type { Problem } from '../../../engine/model/problem.js';

const interop = (name: string): string =>
  readFileSync(new URL(`./fixtures/interop/${name}.bpmn`, import.meta.url), 'utf8');

const errors = (problems: Problem[]) => problems.filter((p) => p.severity === 'error');
const idsWith = (problems: Problem[], code: string) => problems.filter((p) => p.code === code).map((p) => p.elementId);

describe('models from other BPMN tools (MIWG A.1.0–A.4.0)', () => {
  it.each(['A.1.0', 'A.2.0', 'A.3.0', 'A.4.0'])('reads %s without throwing and answers with problems, never an exception', async (name) => {
    const loaded = await loadProcedure(interop(name));
    expect(Array.isArray(loaded.problems)).toBe(true);
    for (const p of loaded.problems) {
      expect(p.message).not.toBe('');
      expect(p.messageEn).not.toBe('');
    }
    expect(loaded.ok).toBe(errors(loaded.problems).length === 0 && loaded.model !== null);
  });

  it('deploys the A.1.0 sequence of plain tasks with defaults and warnings only', async () => {
    const loaded = await loadProcedure(interop('A.1.0'));
    expect(loaded.ok).toBe(true);
    expect(errors(loaded.problems)).toEqual([]);
    const tasks = Object.values(loaded.model!.root.nodes).filter((n) => n.type === 'userTask');
    expect(tasks).toHaveLength(3);
    for (const task of tasks) {
      expect(task).toMatchObject({ role: 'specialist', agency: { kind: 'receiving' }, duration: null });
    }
    expect(idsWith(loaded.problems, 'MISSING_ROLE')).toHaveLength(3);
    expect(idsWith(loaded.problems, 'DEFAULT_AGENCY')).toHaveLength(3);
    expect(idsWith(loaded.problems, 'NO_DURATION')).toHaveLength(3);
    expect(idsWith(loaded.problems, 'MISSING_TIME_LIMIT')).toEqual(['WFP-6-']);
  });

  it('imports A.2.0 with each unlabeled branch of its split offered as an outcome, with warnings', async () => {
    const loaded = await loadProcedure(interop('A.2.0'));
    expect(errors(loaded.problems)).toEqual([]);
    expect(loaded.ok).toBe(true);
    expect(idsWith(loaded.problems, 'DEFAULT_OUTCOME')).toEqual([
      '_f1478fb7-98c4-4c01-8c15-68bd04c91535',
      '_a1570a53-28d2-41b1-a3a2-3e50c00d747e',
      '_20ebb3c1-5178-4c7c-a91d-23e58f2aa73b',
    ]);
    // The merging gateway has one way out and needs nothing.
    expect(loaded.problems.some((p) => p.elementId === '_33c66216-391c-49c2-aa19-d8f0b7f5f91d')).toBe(false);
    const compiled = compileProcedure(loaded.model!);
    expect(compiled.outcomes.get('_5a972b87-735d-454a-b31c-f52fb3afc5c7')?.map((o) => o.key)).toHaveLength(3);
  });

  it('names the message boundary event of A.3.0 and keeps its escalation boundary', async () => {
    const loaded = await loadProcedure(interop('A.3.0'));
    expect(idsWith(loaded.problems, 'UNSUPPORTED_ELEMENT')).toEqual(['_428dcbf5-8e5e-48e0-9c0c-d93003fa8c82']);
    const escalation = loaded.model!.root.nodes['_178e16eb-4c9e-4ea0-9644-7c5fb2b71825'];
    expect(escalation).toMatchObject({
      type: 'boundaryEvent',
      attachedTo: '_1ae31d1b-2559-4f78-a3ec-47986a49db48',
      interrupting: true,
      trigger: { kind: 'escalation', code: null },
    });
    // Escalation means "overdue" in MộtCửa: the collapsed sub-process has no allotment to overrun.
    expect(idsWith(loaded.problems, 'BOUNDARY_WITHOUT_DURATION')).toEqual(['_178e16eb-4c9e-4ea0-9644-7c5fb2b71825']);
    expect(loaded.ok).toBe(false);
  });

  it('refuses A.4.0: two pools with steps, and the message flows between them, each by id', async () => {
    const loaded = await loadProcedure(interop('A.4.0'));
    expect(loaded.model).toBeNull();
    expect(loaded.ok).toBe(false);
    expect(idsWith(loaded.problems, 'MULTIPLE_PROCESSES').sort()).toEqual(['WFP-6-1', 'WFP-6-2']);
    expect(idsWith(loaded.problems, 'UNSUPPORTED_ELEMENT').sort()).toEqual([
      '_b467921a-ef7b-44c5-bf78-fd624c400d17',
      '_c311cc87-677e-47a4-bdb1-8744c4ec3147',
    ]);
    // Lanes, the laneSet and the participant are layout, not behaviour.
    const mentioned = loaded.problems.map((p) => p.elementId);
    expect(mentioned).not.toContain('_17bebb0f-f31e-475a-b1b1-76fcc2da172b');
    expect(mentioned).not.toContain('ls_1373649949139');
  });
});
