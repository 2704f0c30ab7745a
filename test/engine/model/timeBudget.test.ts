import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadProcedure } from '../../../engine/bpmn/index.js';
import { timeBudget, toDays } from '../../../engine/model/timeBudget.js';

const load = async (name: string) =>
  (await loadProcedure(readFileSync(new URL(`../dossier/fixtures/${name}`, import.meta.url), 'utf8'))).model!;

describe('the time budget of a procedure (what the designer shows and the validator checks)', () => {
  it('sums the allotments along the longest path and ignores the rework loop', async () => {
    const budget = timeBudget(await load('land-transfer.bpmn'));
    // PT4H + 2 + 3 + 1 + 1 working days + PT4H, against a 10-day limit.
    expect(budget.longestMinutes).toBe(7 * 450 + 2 * 240);
    expect(toDays(budget.longestMinutes, budget)).toBe(8.07);
    expect(toDays(budget.limitMinutes!, budget)).toBe(10);
    expect(budget.path).toEqual(['Start', 'Receive', 'Examine', 'Tax', 'Review', 'ReviewDecision', 'Sign', 'Return', 'End']);
    // Every step lies on that one path, so the path through each is the whole of it.
    expect(budget.through.get('Tax')).toBe(budget.longestMinutes);
  });

  it('counts a parallel block as its longest branch', async () => {
    const budget = timeBudget(await load('construction-parallel.bpmn'));
    // Examine 3 + max(Inspect 5, Consult 5) + Sign 2.
    expect(toDays(budget.longestMinutes, budget)).toBe(10);
  });

  it('counts a sub-process by its own allotment and a timer by its wait', async () => {
    const budget = timeBudget(await load('subprocess-timers.bpmn'));
    // Handle P2D + Cooling PT2H + Sign P1D.
    expect(budget.longestMinutes).toBe(2 * 450 + 120 + 450);
  });
});
