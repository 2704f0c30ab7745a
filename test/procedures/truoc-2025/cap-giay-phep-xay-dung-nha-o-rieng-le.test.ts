// Construction permit for a private house (district, 15 days): appraisal, then site
// inspection in parallel with the fire-safety opinion of the provincial police (silence
// for 7 days counts as consent), the head's review and the chairman's signature.
import { beforeAll, describe, expect, it } from 'vitest';
import type { CompiledProcedure } from '../../../engine/machine/compile.js';
import { CITY, PROVINCE_POLICE, SECOND_DISTRICT } from '../../../server/seed/demoData.js';
import { DossierRun, engineContext, shipped, type ReceiveOptions } from '../support.js';

const ctx = engineContext();
let permit: CompiledProcedure;

beforeAll(async () => {
  ({ procedure: permit } = await shipped('truoc-2025/cap-giay-phep-xay-dung-nha-o-rieng-le.bpmn'));
});

const receive = (at: string, o: Partial<ReceiveOptions> = {}) =>
  DossierRun.receive(ctx, permit, { at, agency: CITY, by: 'district.reception', ...o });

/**
 * Received Wednesday 26 Aug 2026 09:00, across National Day (1–2 Sep 2026 off), and
 * appraised by Thursday 16:00: the parallel block opens.
 */
function toParallel(data: Record<string, unknown>, o: Partial<ReceiveOptions> = {}): DossierRun {
  const prefix = o.by?.split('.')[0] ?? 'district';
  const run = receive('2026-08-26 09:00', { data, ...o });
  run.complete('Receive', `${prefix}.reception`, '2026-08-26 10:00');
  run.complete('Examine', `${prefix}.specialist`, '2026-08-27 16:00');
  return run;
}

describe('giấy phép xây dựng nhà ở riêng lẻ — the model', () => {
  it('is a district procedure of 15 working days whose longest path uses all of them', () => {
    expect(permit.model).toMatchObject({ key: 'gpxd_nha_o_rieng_le', level: 'district', timeLimit: 'P15D' });
    expect(permit.model.code).toBeNull();
    expect(permit.outcomes.get('Draft')?.map((o) => o.key)).toEqual(['grant', 'refuse']);
    expect(permit.outcomes.get('Review')?.map((o) => o.key)).toEqual(['approve', 'rework']);
  });
});

describe('giấy phép xây dựng nhà ở riêng lẻ — every path', () => {
  it('inspects the site while the police give their fire-safety opinion, then signs and returns early', () => {
    const run = receive('2026-08-26 09:00', { data: { needsFireSafetyOpinion: true } });
    // 15 working days, skipping Tue 1 and Wed 2 Sep.
    expect(run.appointment).toBe('2026-09-18 09:00');
    expect(run.due('Receive')).toBe('2026-08-26 14:45');
    run.complete('Receive', 'district.reception', '2026-08-26 10:00');
    expect(run.due('Examine')).toBe('2026-08-28 10:00');

    run.complete('Examine', 'district.specialist', '2026-08-27 16:00');
    expect(run.openSteps().sort()).toEqual(['Consult', 'Inspect']);
    expect(run.task('Inspect').agencyCode).toBe(CITY);
    expect(run.due('Inspect')).toBe('2026-09-07 16:00');
    expect(run.task('Consult').agencyCode).toBe(PROVINCE_POLICE);
    expect(run.due('Consult')).toBe('2026-09-09 16:00');
    expect(run.handoffs()).toEqual([`${CITY} → ${PROVINCE_POLICE}`]);
    expect(run.state.timers.map((t) => [t.nodeId, t.kind, run.timerDue(t.nodeId)])).toEqual([
      ['InspectLate', 'escalation', '2026-09-07 16:00'],
      ['ConsultTimeout', 'boundaryTimer', '2026-09-09 16:00'],
    ]);

    run.complete('Consult', 'police.specialist', '2026-09-04 10:00');
    expect(run.openSteps()).toEqual(['Inspect']);
    run.complete('Inspect', 'district.specialist', '2026-09-07 09:00');
    expect(run.state.timers).toEqual([]);
    expect(run.due('Draft')).toBe('2026-09-09 09:00');

    run.complete('Draft', 'district.specialist', '2026-09-08 15:00', 'grant');
    expect(run.due('Review')).toBe('2026-09-09 15:00');
    run.complete('Review', 'district.head', '2026-09-09 10:00', 'approve');
    expect(run.task('Sign').role).toBe('leader');
    expect(run.due('Sign')).toBe('2026-09-11 10:00');
    run.complete('Sign', 'district.leader', '2026-09-10 16:00');
    expect(run.lastEffects()).toContain('resultIssued');
    expect(run.due('Return')).toBe('2026-09-11 10:15');
    run.returnResult('district.return', '2026-09-11 08:00');
    expect(run.state).toMatchObject({ status: 'returned', result: 'early' });
  });

  it('goes on without the police when they stay silent for 7 days: silence counts as consent', () => {
    const run = toParallel({ needsFireSafetyOpinion: true });
    run.complete('Inspect', 'district.specialist', '2026-09-04 10:00');
    expect(run.openSteps()).toEqual(['Consult']);
    run.fire('ConsultTimeout', '2026-09-09 16:00');
    expect(run.tasksOf('Consult')[0].state).toBe('cancelled');
    expect(run.last.events.map((e) => e.type)).toContain('timerFired');
    expect(run.openSteps()).toEqual(['Draft']);
    expect(run.due('Draft')).toBe('2026-09-11 16:00');
    expect(run.state.timers).toEqual([]);
  });

  it('skips the consultation when the house needs no fire-safety opinion', () => {
    const run = toParallel({ needsFireSafetyOpinion: false });
    expect(run.openSteps()).toEqual(['Inspect']);
    expect(run.state.timers.map((t) => t.nodeId)).toEqual(['InspectLate']);
    expect(run.handoffs()).toEqual([]);
    run.complete('Inspect', 'district.specialist', '2026-09-03 09:00');
    expect(run.due('Draft')).toBe('2026-09-07 09:00');
  });

  it('warns the head, not the default ladder, when the site inspection overruns, and the inspection goes on', () => {
    const run = toParallel({ needsFireSafetyOpinion: false });
    run.checkDeadlines('2026-09-07 16:00');
    expect(run.last.effects.filter((e) => e.type === 'escalated')).toEqual([]);
    run.fire('InspectLate', '2026-09-07 16:00');
    expect(run.last.effects).toContainEqual(
      expect.objectContaining({ type: 'notify', nodeId: 'NotifyHead', role: 'head', agencyCode: CITY }),
    );
    expect(run.last.effects).toContainEqual(expect.objectContaining({ type: 'escalated', level: 1 }));
    expect(run.task('Inspect').escalationLevel).toBe(1);
    run.complete('Inspect', 'district.specialist', '2026-09-08 09:00');
    expect(run.tasksOf('Inspect')[0].verdict).toBe('late');
  });

  it('stops every clock of the parallel block while the owner supplements the drawings', () => {
    const run = toParallel({ needsFireSafetyOpinion: true });
    run.requestSupplement('district.specialist', '2026-08-28 10:00', 'Bản vẽ mặt bằng móng chưa đúng tỷ lệ', ['Bản vẽ mặt bằng móng']);
    expect(run.state.status).toBe('awaitingSupplement');
    // Fri 28 Aug 10:00–17:00 (300) + Mon 31 Aug (450) + Thu 3 Sep 07:30–10:00 (150) = 2 days.
    run.supplement('district.reception', '2026-09-03 10:00', ['Bản vẽ mặt bằng móng']);
    expect(run.state.pausedMinutes).toBe(900);
    expect(run.appointment).toBe('2026-09-22 09:00');
    expect(run.due('Inspect')).toBe('2026-09-09 16:00');
    expect(run.due('Consult')).toBe('2026-09-11 16:00');
    expect(run.timerDue('ConsultTimeout')).toBe('2026-09-11 16:00');
    expect(run.timerDue('InspectLate')).toBe('2026-09-09 16:00');
  });

  it('has the draft redone when the head sends it back', () => {
    const run = toParallel({ needsFireSafetyOpinion: false });
    run.complete('Inspect', 'district.specialist', '2026-09-03 09:00');
    run.complete('Draft', 'district.specialist', '2026-09-04 09:00', 'grant');
    run.complete('Review', 'district.head', '2026-09-04 14:00', 'rework');
    expect(run.tasksOf('Draft')).toHaveLength(2);
    expect(run.due('Draft')).toBe('2026-09-08 14:00');
  });

  it('refuses the permit: the chairman signs the written refusal and it is returned', () => {
    const run = toParallel({ needsFireSafetyOpinion: false }, { agency: SECOND_DISTRICT, by: 'district2.reception' });
    run.complete('Inspect', 'district2.specialist', '2026-09-03 09:00');
    run.complete('Draft', 'district2.specialist', '2026-09-04 09:00', 'refuse');
    expect(run.task('SignRefusal')).toMatchObject({ role: 'leader', agencyCode: SECOND_DISTRICT });
    expect(run.due('SignRefusal')).toBe('2026-09-08 09:00');
    run.complete('SignRefusal', 'district2.leader', '2026-09-07 15:00');
    run.returnResult('district2.return', '2026-09-08 08:00');
    expect(run.state).toMatchObject({ status: 'returned', result: 'early' });
    expect(run.effects.some((e) => e.type === 'resultIssued')).toBe(false);
  });

  it('rejects at the desk a house that needs no permit (Mẫu 03)', () => {
    const run = receive('2026-08-26 09:00');
    run.reject('district.reception', '2026-08-26 09:15', 'Công trình sửa chữa bên trong, được miễn giấy phép xây dựng');
    expect(run.state).toMatchObject({ status: 'rejected', result: null });
  });
});
