// The desk offers only the procedures it may receive (issue 20), designer/src/intake.ts.
import { describe, expect, it } from 'vitest';
import { competentChoiceNeeded, offeredAtDesk } from '../../designer/src/intake.js';

describe('which procedures a desk offers', () => {
  it('a province-wide intake is offered at every desk; of another level, the clerk names the competent agency', () => {
    const record = { level: 'province' as const, intake: 'province' as const };
    expect(offeredAtDesk(record, 'commune')).toBe(true);
    expect(competentChoiceNeeded(record, 'commune')).toBe(true);
    expect(competentChoiceNeeded(record, 'province')).toBe(false);
  });

  it('a competent-only intake, and a model from before mc:intake, only at a desk of its level', () => {
    expect(offeredAtDesk({ level: 'province', intake: 'competent' }, 'commune')).toBe(false);
    expect(offeredAtDesk({ level: 'province', intake: 'competent' }, 'province')).toBe(true);
    expect(offeredAtDesk({ level: 'province', intake: null }, 'commune')).toBe(false);
    expect(offeredAtDesk({ level: 'commune' }, 'commune')).toBe(true);
    expect(competentChoiceNeeded({ level: 'province', intake: 'competent' }, 'province')).toBe(false);
  });
});
