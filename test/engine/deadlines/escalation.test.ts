import { describe, expect, it } from 'vitest';

import { WorkingCalendar } from '../../../engine/calendar/index.js';
import { DEFAULT_POLICY, escalationAudience, escalationSchedule, firstRung, escalationsDue, nextEscalationAt, type DeadlinePolicy } from '../../../engine/deadlines/index.js';
import { at, local } from '../calendar/fixtures/at.js';

const cal = new WorkingCalendar();
const dueFriday = at('2026-11-13T17:00:00+07:00');

describe('the escalation ladder', () => {
  it('tells the assignee and head at the due instant, the leader and dashboard one working day later, over the weekend', () => {
    const schedule = escalationSchedule(cal, dueFriday, DEFAULT_POLICY);
    expect(schedule.map((r) => [r.level, local(r.at), r.notify])).toEqual([
      [1, '2026-11-13T17:00:00+07:00', ['assignee', 'head']],
      [2, '2026-11-16T17:00:00+07:00', ['leader', 'dashboard']],
    ]);
  });

  it('puts the second rung a working day after a mid-morning due instant', () => {
    const schedule = escalationSchedule(cal, at('2026-11-13T10:00:00+07:00'));
    expect(local(schedule[1].at)).toBe('2026-11-16T10:00:00+07:00');
  });

  it('raises each rung once, in order, when its instant has come', () => {
    expect(escalationsDue(cal, { dueAt: dueFriday, escalationLevel: 0 }, at('2026-11-13T16:59:00+07:00'))).toEqual([]);
    expect(escalationsDue(cal, { dueAt: dueFriday, escalationLevel: 0 }, at('2026-11-14T09:00:00+07:00')).map((r) => r.level)).toEqual([1]);
    expect(escalationsDue(cal, { dueAt: dueFriday, escalationLevel: 1 }, at('2026-11-16T16:59:00+07:00'))).toEqual([]);
    expect(escalationsDue(cal, { dueAt: dueFriday, escalationLevel: 1 }, at('2026-11-16T17:00:00+07:00')).map((r) => r.level)).toEqual([2]);
    expect(escalationsDue(cal, { dueAt: dueFriday, escalationLevel: 0 }, at('2026-11-17T08:00:00+07:00')).map((r) => r.level)).toEqual([1, 2]);
    expect(escalationsDue(cal, { dueAt: dueFriday, escalationLevel: 2 }, at('2026-12-31T08:00:00+07:00'))).toEqual([]);
  });

  it('tells the scheduler when to wake next, and nothing once the ladder is done', () => {
    expect(local(nextEscalationAt(cal, { dueAt: dueFriday, escalationLevel: 0 })!)).toBe('2026-11-13T17:00:00+07:00');
    expect(local(nextEscalationAt(cal, { dueAt: dueFriday, escalationLevel: 1 })!)).toBe('2026-11-16T17:00:00+07:00');
    expect(nextEscalationAt(cal, { dueAt: dueFriday, escalationLevel: 2 })).toBeNull();
    expect(nextEscalationAt(cal, { dueAt: null, escalationLevel: 0 })).toBeNull();
    expect(escalationsDue(cal, { dueAt: null, escalationLevel: 0 }, dueFriday)).toEqual([]);
  });

  it("follows a procedure's own ladder, skipping Tết", () => {
    const ladder: DeadlinePolicy = {
      ...DEFAULT_POLICY,
      ladder: [
        { level: 2, afterDue: 'P2D', notify: ['leader'] },
        { level: 1, afterDue: 'PT4H', notify: ['head'] },
      ],
    };
    const schedule = escalationSchedule(cal, at('2026-02-13T15:00:00+07:00'), ladder);
    expect(schedule.map((r) => [r.level, local(r.at)])).toEqual([
      [1, '2026-02-23T09:30:00+07:00'],
      [2, '2026-02-24T15:00:00+07:00'],
    ]);
  });

  it('names who hears an overrun at each level, cumulatively: the head still hears when the leader does', () => {
    expect(escalationAudience(1)).toEqual(['assignee', 'head']);
    expect(escalationAudience(2)).toEqual(['assignee', 'head', 'leader', 'dashboard']);
    // A model's own escalation adds its role; a stricter policy changes the answer everywhere.
    expect(escalationAudience(1, ['vanthu'])).toEqual(['assignee', 'head', 'vanthu']);
    expect(escalationAudience(1, [], { ...DEFAULT_POLICY, ladder: [{ level: 1, afterDue: 'PT0S', notify: ['leader'] }] })).toEqual(['leader']);
    expect(firstRung()).toMatchObject({ level: 1, notify: ['assignee', 'head'] });
  });
});
