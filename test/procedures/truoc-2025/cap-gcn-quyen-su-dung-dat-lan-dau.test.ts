// First issuance of the land-use right certificate, filed at the commune: the
// inter-agency one-stop case (commune → land registration branch → tax office → land
// registration branch → district leader → land registration branch → commune), 30
// working days split between the agencies.
import { beforeAll, describe, expect, it } from 'vitest';
import { parseDuration } from '../../../engine/calendar/index.js';
import type { CompiledProcedure } from '../../../engine/machine/compile.js';
import { CITY, CITY_LAND, CITY_TAX, COMMUNE, SECOND_COMMUNE, SECOND_DISTRICT_COMMUNE } from '../../../server/seed/demoData.js';
import { DossierRun, engineContext, local, shipped, type ReceiveOptions } from '../support.js';

const ctx = engineContext();
let land: CompiledProcedure;

beforeAll(async () => {
  ({ procedure: land } = await shipped('truoc-2025/cap-gcn-quyen-su-dung-dat-lan-dau.bpmn'));
});

const receive = (at: string, o: Partial<ReceiveOptions> = {}) =>
  DossierRun.receive(ctx, land, { at, agency: COMMUNE, by: 'commune.reception', ...o });

/** Receive on Mon 2 Feb 2026 09:00 and take the dossier through the commune's posting. */
function throughPosting(o: Partial<ReceiveOptions> = {}): DossierRun {
  const prefix = o.by?.split('.')[0] ?? 'commune';
  const run = receive('2026-02-02 09:00', o);
  run.complete('Receive', `${prefix}.reception`, '2026-02-02 10:00');
  run.complete('Verify', `${prefix}.specialist`, '2026-02-04 09:00');
  run.fire('Posting', '2026-02-26 09:00');
  return run;
}

describe('cấp GCN lần đầu — the model', () => {
  it('allots 30 working days: commune 15, land registration branch 9, tax office 3, district 3', () => {
    expect(land.model).toMatchObject({ key: 'cap_gcn_lan_dau', level: 'commune', timeLimit: 'P30D' });
    const selectorOf = (stepId: string) => {
      const node = land.nodes.get(stepId)?.node;
      return node?.type === 'userTask' ? node.agency : null;
    };
    const share = new Map<string, number>();
    for (const { node } of land.nodes.values()) {
      if (node.type !== 'userTask' || node.id === 'RefusalLetter') continue;
      const selector = selectorOf(node.id)!;
      const who = selector.kind === 'ofKind' ? selector.agencyKind : selector.kind;
      share.set(who, (share.get(who) ?? 0) + parseDuration(node.duration!).days);
    }
    // The commune's posting period is a timer of 11 working days.
    share.set('receiving', share.get('receiving')! + 11);
    expect(Object.fromEntries(share)).toEqual({ receiving: 15, 'land-office': 9, tax: 3, parent: 3 });
  });
});

describe('cấp GCN lần đầu — every path', () => {
  it('runs the whole inter-agency route across Tết 2026, pausing while the citizen pays, each hop due to the minute', () => {
    // Monday 2 Feb 2026, 09:00, at the ward's one-stop desk; 30 working days, Tết 14–22 Feb off.
    const run = receive('2026-02-02 09:00');
    expect(run.appointment).toBe('2026-03-23 09:00');
    expect(run.due('Receive')).toBe('2026-02-02 14:45');

    run.complete('Receive', 'commune.reception', '2026-02-02 10:00');
    expect(run.task('Verify').agencyCode).toBe(COMMUNE);
    expect(run.due('Verify')).toBe('2026-02-04 10:00');

    // Public posting: 11 working days (15 calendar days at least), here across Tết.
    run.complete('Verify', 'commune.specialist', '2026-02-04 09:00');
    expect(run.openSteps()).toEqual([]);
    expect(run.timerDue('Posting')).toBe('2026-02-26 09:00');
    run.fire('Posting', '2026-02-26 09:00');
    expect(run.due('ClosePosting')).toBe('2026-02-27 09:00');

    // No objections: to the city's land registration branch.
    run.complete('ClosePosting', 'commune.leader', '2026-02-26 15:00', 'forward');
    expect(run.state).toMatchObject({ status: 'transferred', holdingAgency: CITY_LAND });
    expect(run.task('LandExamine').agencyCode).toBe(CITY_LAND);
    expect(run.due('LandExamine')).toBe('2026-03-05 15:00');

    run.complete('LandExamine', 'land.specialist', '2026-03-04 10:00', 'eligible');
    expect(run.task('Tax').agencyCode).toBe(CITY_TAX);
    expect(run.due('Tax')).toBe('2026-03-09 10:00');

    run.complete('Tax', 'tax.specialist', '2026-03-06 10:00');
    expect(run.task('PrintCertificate').agencyCode).toBe(CITY_LAND);
    expect(run.due('PrintCertificate')).toBe('2026-03-10 10:00');

    // Decree 43/2014 art. 61: the time the citizen takes to pay is not counted.
    run.requestSupplement('land.specialist', '2026-03-06 10:30', 'Chờ người sử dụng đất nộp tiền sử dụng đất, lệ phí trước bạ', [
      'Chứng từ nộp tiền sử dụng đất',
      'Chứng từ nộp lệ phí trước bạ',
    ]);
    expect(run.state.status).toBe('awaitingSupplement');
    // Paid and brought to the commune desk Wednesday 11 Mar 14:00: Fri 270 + Mon 450 +
    // Tue 450 + Wed 270 = 1440 working minutes.
    run.supplement('commune.reception', '2026-03-11 14:00', ['Chứng từ nộp tiền sử dụng đất', 'Chứng từ nộp lệ phí trước bạ']);
    expect(run.state.pausedMinutes).toBe(1440);
    expect(run.appointment).toBe('2026-03-26 10:30');
    expect(run.due('PrintCertificate')).toBe('2026-03-13 11:30');

    run.complete('PrintCertificate', 'land.specialist', '2026-03-12 09:00');
    expect(run.task('LandReview')).toMatchObject({ role: 'head', agencyCode: CITY_LAND });
    expect(run.due('LandReview')).toBe('2026-03-13 09:00');

    run.complete('LandReview', 'land.head', '2026-03-12 16:00');
    expect(run.task('Sign')).toMatchObject({ role: 'leader', agencyCode: CITY });
    expect(run.due('Sign')).toBe('2026-03-17 16:00');

    run.complete('Sign', 'district.leader', '2026-03-16 10:00');
    expect(run.lastEffects()).toContain('resultIssued');
    expect(run.task('Handover').agencyCode).toBe(CITY_LAND);
    expect(run.due('Handover')).toBe('2026-03-17 10:00');

    run.complete('Handover', 'land.specialist', '2026-03-17 09:00');
    expect(run.state).toMatchObject({ status: 'awaitingReturn', holdingAgency: COMMUNE });
    expect(run.task('Return').agencyCode).toBe(COMMUNE);
    expect(run.due('Return')).toBe('2026-03-17 14:45');

    run.returnResult('commune.return', '2026-03-17 14:00');
    expect(run.state).toMatchObject({ status: 'returned', result: 'early' });
    expect(run.handoffs()).toEqual([
      `${COMMUNE} → ${CITY_LAND}`,
      `${CITY_LAND} → ${CITY_TAX}`,
      `${CITY_TAX} → ${CITY_LAND}`,
      `${CITY_LAND} → ${CITY}`,
      `${CITY} → ${CITY_LAND}`,
      `${CITY_LAND} → ${COMMUNE}`,
    ]);
    // Each hand-over against its own allotment (Mẫu 05).
    expect(run.state.tasks.map((t) => `${t.stepId}: ${t.verdict}`)).toEqual([
      'Receive: onTime',
      'Verify: onTime',
      'ClosePosting: early',
      'LandExamine: early',
      'Tax: early',
      'PrintCertificate: early',
      'LandReview: early',
      'Sign: early',
      'Handover: onTime',
      'Return: onTime',
    ]);
  });

  it('verifies again when the posting draws an objection, and posts again', () => {
    const run = throughPosting();
    run.complete('ClosePosting', 'commune.leader', '2026-02-26 15:00', 'recheck');
    expect(run.tasksOf('Verify')).toHaveLength(2);
    expect(run.task('Verify').agencyCode).toBe(COMMUNE);
    expect(run.due('Verify')).toBe('2026-03-02 15:00');
    run.complete('Verify', 'commune.specialist', '2026-03-02 10:00');
    expect(run.timerDue('Posting')).toBe('2026-03-17 10:00');
  });

  it('answers in writing when the land does not qualify: the branch director signs, the commune returns it', () => {
    const run = throughPosting();
    run.complete('ClosePosting', 'commune.leader', '2026-02-26 15:00', 'forward');
    run.complete('LandExamine', 'land.specialist', '2026-03-03 09:00', 'ineligible');
    expect(run.task('RefusalLetter')).toMatchObject({ role: 'head', agencyCode: CITY_LAND });
    expect(run.due('RefusalLetter')).toBe('2026-03-04 09:00');
    run.complete('RefusalLetter', 'land.head', '2026-03-03 16:00');
    expect(run.state).toMatchObject({ status: 'awaitingReturn', holdingAgency: COMMUNE });
    run.returnResult('commune.return', '2026-03-04 09:00');
    expect(run.state).toMatchObject({ status: 'returned', result: 'early' });
    expect(run.effects.some((e) => e.type === 'resultIssued')).toBe(false);
    expect(run.state.tasks.some((t) => t.agencyCode === CITY_TAX)).toBe(false);
  });

  it('finds the same city offices for another commune of the city', () => {
    const run = throughPosting({ agency: SECOND_COMMUNE, by: 'commune2.reception' });
    run.complete('ClosePosting', 'commune2.leader', '2026-02-26 15:00', 'forward');
    expect(run.task('LandExamine').agencyCode).toBe(CITY_LAND);
    run.complete('LandExamine', 'land.specialist', '2026-03-03 09:00', 'eligible');
    expect(run.task('Tax').agencyCode).toBe(CITY_TAX);
  });

  it('names the missing agency kind for a commune of a district without a land registration branch', () => {
    const run = throughPosting({ agency: SECOND_DISTRICT_COMMUNE, by: 'commune3.reception' });
    expect(() => run.complete('ClosePosting', 'commune3.leader', '2026-02-26 15:00', 'forward')).toThrow(
      expect.objectContaining({ code: 'AGENCY_NOT_FOUND', details: expect.objectContaining({ selector: 'kind:land-office', receivingCode: SECOND_DISTRICT_COMMUNE }) }),
    );
    expect(local(run.state.appointmentAt)).toBe('2026-03-23 09:00');
  });

  it('rejects a dossier at the commune desk (Mẫu 03)', () => {
    const run = receive('2026-02-02 09:00');
    run.reject('commune.reception', '2026-02-02 09:20', 'Thửa đất thuộc xã khác');
    expect(run.state).toMatchObject({ status: 'rejected', result: null });
  });
});
