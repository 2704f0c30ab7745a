// Judicial record certificate (phiếu lý lịch tư pháp): the provincial Department of
// Justice, with a verification hop to the provincial police; 10 working days
// (Law 28/2009/QH12 art. 48).
import { beforeAll, describe, expect, it } from 'vitest';
import type { CompiledProcedure } from '../../../engine/machine/compile.js';
import { PROVINCE_JUSTICE, PROVINCE_POLICE } from '../../../server/seed/demoData.js';
import { DossierRun, engineContext, shipped, type ReceiveOptions } from '../support.js';

const ctx = engineContext();
let record: CompiledProcedure;

beforeAll(async () => {
  ({ procedure: record } = await shipped('truoc-2025/cap-phieu-ly-lich-tu-phap.bpmn'));
});

const receive = (at: string, o: Partial<ReceiveOptions> = {}) =>
  DossierRun.receive(ctx, record, { at, agency: PROVINCE_JUSTICE, by: 'justice.reception', ...o });

/** Received Tuesday 10 Feb 2026 14:00, just before Tết, and sent to the police on Wednesday. */
function atPolice(): DossierRun {
  const run = receive('2026-02-10 14:00');
  run.complete('Receive', 'justice.reception', '2026-02-10 15:00');
  run.complete('Examine', 'justice.specialist', '2026-02-11 10:00');
  return run;
}

describe('phiếu lý lịch tư pháp — the model', () => {
  it('is a province procedure of 10 working days that hops to the police', () => {
    expect(record.model).toMatchObject({ key: 'cap_phieu_ly_lich_tu_phap', level: 'province', timeLimit: 'P10D' });
    expect(record.model.code).toBeNull();
    const police = record.nodes.get('PoliceCheck')?.node;
    expect(police).toMatchObject({ type: 'userTask', role: 'specialist', agency: { kind: 'ofKind', agencyKind: 'police' }, duration: 'P5D' });
  });
});

describe('phiếu lý lịch tư pháp — every path', () => {
  it('issues the certificate across Tết even though the police answered a day late', () => {
    const run = receive('2026-02-10 14:00');
    // 10 working days, Tết 14–22 Feb 2026 off.
    expect(run.appointment).toBe('2026-03-03 14:00');
    expect(run.due('Receive')).toBe('2026-02-11 08:15');
    run.complete('Receive', 'justice.reception', '2026-02-10 15:00');
    expect(run.due('Examine')).toBe('2026-02-11 15:00');

    run.complete('Examine', 'justice.specialist', '2026-02-11 10:00');
    expect(run.state).toMatchObject({ status: 'transferred', holdingAgency: PROVINCE_POLICE });
    expect(run.task('PoliceCheck').agencyCode).toBe(PROVINCE_POLICE);
    expect(run.due('PoliceCheck')).toBe('2026-02-25 10:00');
    expect(run.timerDue('PoliceLate')).toBe('2026-02-25 10:00');
    // The department cannot answer for the police.
    expect(() => run.claim('PoliceCheck', 'justice.specialist', '2026-02-11 10:30')).toThrow(
      expect.objectContaining({ code: 'WRONG_AGENCY' }),
    );

    // Overdue: the department's head hears of it (the model's escalation, not the default ladder).
    run.fire('PoliceLate', '2026-02-25 10:00');
    expect(run.last.effects).toContainEqual(
      expect.objectContaining({ type: 'notify', nodeId: 'NotifyJusticeHead', role: 'head', agencyCode: PROVINCE_JUSTICE }),
    );
    expect(run.task('PoliceCheck').escalationLevel).toBe(1);

    run.complete('PoliceCheck', 'police.specialist', '2026-02-26 09:00');
    expect(run.tasksOf('PoliceCheck')[0]).toMatchObject({ verdict: 'late', completedBy: 'police.specialist' });
    expect(run.task('Draft').agencyCode).toBe(PROVINCE_JUSTICE);
    expect(run.due('Draft')).toBe('2026-02-27 14:45');

    run.complete('Draft', 'justice.specialist', '2026-02-27 10:00', 'issue');
    expect(run.due('Review')).toBe('2026-02-27 15:45');
    run.complete('Review', 'justice.head', '2026-02-27 14:00', 'approve');
    expect(run.due('Sign')).toBe('2026-03-02 14:00');
    run.complete('Sign', 'justice.leader', '2026-03-02 09:00');
    expect(run.lastEffects()).toContain('resultIssued');
    expect(run.due('Return')).toBe('2026-03-02 14:45');
    run.returnResult('justice.return', '2026-03-02 10:00');
    expect(run.state).toMatchObject({ status: 'returned', result: 'early' });
    expect(run.handoffs()).toEqual([`${PROVINCE_JUSTICE} → ${PROVINCE_POLICE}`, `${PROVINCE_POLICE} → ${PROVINCE_JUSTICE}`]);
  });

  it('refuses to issue (art. 49): the director signs the refusal and it is returned', () => {
    const run = atPolice();
    run.complete('PoliceCheck', 'police.specialist', '2026-02-24 10:00');
    run.complete('Draft', 'justice.specialist', '2026-02-25 09:00', 'refuse');
    expect(run.task('SignRefusal')).toMatchObject({ role: 'leader', agencyCode: PROVINCE_JUSTICE });
    expect(run.due('SignRefusal')).toBe('2026-02-26 09:00');
    run.complete('SignRefusal', 'justice.leader', '2026-02-25 16:00');
    run.returnResult('justice.return', '2026-02-26 08:00');
    expect(run.state).toMatchObject({ status: 'returned', result: 'early' });
    expect(run.effects.some((e) => e.type === 'resultIssued')).toBe(false);
  });

  it('has the draft redone when the head sends it back', () => {
    const run = atPolice();
    run.complete('PoliceCheck', 'police.specialist', '2026-02-24 10:00');
    run.complete('Draft', 'justice.specialist', '2026-02-25 09:00', 'issue');
    run.complete('Review', 'justice.head', '2026-02-25 10:00', 'rework');
    expect(run.tasksOf('Draft')).toHaveLength(2);
    expect(run.due('Draft')).toBe('2026-02-26 15:45');
  });

  it('pauses while the applicant brings a missing paper, and moves the police deadline too', () => {
    const run = atPolice();
    // Thu 12 Feb 09:00 the police ask, through the department, for the residence confirmation.
    run.requestSupplement('justice.specialist', '2026-02-12 09:00', 'Thiếu xác nhận nơi cư trú', ['Xác nhận thông tin về cư trú']);
    expect(run.state.status).toBe('awaitingSupplement');
    // Brought Tue 24 Feb 09:00: Thu 12 (360) + Fri 13 (450) + Mon 23 (450) + Tue 07:30–09:00 (90) = 1350 = 3 days.
    run.supplement('justice.reception', '2026-02-24 09:00', ['Xác nhận thông tin về cư trú']);
    expect(run.state.pausedMinutes).toBe(1350);
    expect(run.appointment).toBe('2026-03-06 14:00');
    expect(run.due('PoliceCheck')).toBe('2026-03-02 10:00');
    expect(run.timerDue('PoliceLate')).toBe('2026-03-02 10:00');
  });

  it('rejects at the desk a request the department may not answer (Mẫu 03)', () => {
    const run = receive('2026-02-10 14:00');
    run.reject('justice.reception', '2026-02-10 14:10', 'Người yêu cầu không thuộc đối tượng được cấp Phiếu số 2 theo ủy quyền');
    expect(run.state).toMatchObject({ status: 'rejected', result: null });
  });
});
