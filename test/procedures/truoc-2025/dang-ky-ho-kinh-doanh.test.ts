// Business household registration (đăng ký thành lập hộ kinh doanh, 1.001612): the
// district business registration office, 3 working days (Decree 01/2021 art. 87).
import { beforeAll, describe, expect, it } from 'vitest';
import type { CompiledProcedure } from '../../../engine/machine/compile.js';
import { CITY, SECOND_DISTRICT } from '../../../server/seed/demoData.js';
import { DossierRun, engineContext, local, shipped, type ReceiveOptions } from '../support.js';

const ctx = engineContext();
let household: CompiledProcedure;

beforeAll(async () => {
  ({ procedure: household } = await shipped('truoc-2025/dang-ky-ho-kinh-doanh.bpmn'));
});

const receive = (at: string, o: Partial<ReceiveOptions> = {}) =>
  DossierRun.receive(ctx, household, { at, agency: CITY, by: 'district.reception', ...o });

describe('đăng ký hộ kinh doanh — the model', () => {
  it('is the district procedure 1.001612 with 3 working days; the head signs or sends back', () => {
    expect(household.model).toMatchObject({ key: 'dang_ky_ho_kinh_doanh', code: '1.001612', level: 'district', timeLimit: 'P3D' });
    expect(household.outcomes.get('Examine')?.map((o) => o.key)).toEqual(['register', 'refuse']);
    expect(household.outcomes.get('Approve')?.map((o) => o.key)).toEqual(['sign', 'rework']);
  });
});

describe('đăng ký hộ kinh doanh — every path', () => {
  it('registers across Hùng Kings’ day and 30/4–1/5, with a supplement pause that moves every deadline', () => {
    // Friday 24 Apr 2026, 14:00. Off: Mon 27 Apr (Hùng Kings' day in lieu), Thu 30 Apr, Fri 1 May.
    const run = receive('2026-04-24 14:00');
    // Fri 3 h + Tue 28 + Wed 29 + Mon 4 May until 14:00 = 3 working days.
    expect(run.appointment).toBe('2026-05-04 14:00');
    expect(run.due('Receive')).toBe('2026-04-28 08:15');

    run.complete('Receive', 'district.reception', '2026-04-24 15:00');
    expect(run.due('Examine')).toBe('2026-04-28 15:00');

    // Tuesday 10:00 the specialist finds the name already registered in the district.
    run.requestSupplement('district.specialist', '2026-04-28 10:00', 'Tên hộ kinh doanh trùng với hộ đã đăng ký trong huyện', [
      'Giấy đề nghị đăng ký hộ kinh doanh (ghi lại tên)',
    ]);
    expect(run.state.status).toBe('awaitingSupplement');
    // The household brings the corrected form on Monday 4 May at 10:00: Tue 10:00–17:00
    // (300 min) + Wed 29 (450) + Mon 07:30–10:00 (150) = 900 working minutes, 2 days.
    run.supplement('district.reception', '2026-05-04 10:00', ['Giấy đề nghị đăng ký hộ kinh doanh (ghi lại tên)']);
    expect(run.state.pausedMinutes).toBe(900);
    expect(run.appointment).toBe('2026-05-06 14:00');
    expect(local(run.state.originalAppointmentAt)).toBe('2026-05-04 14:00');
    expect(run.due('Examine')).toBe('2026-05-04 15:00');

    run.complete('Examine', 'district.specialist', '2026-05-04 11:00', 'register');
    expect(run.task('Approve')).toMatchObject({ role: 'head', agencyCode: CITY });
    expect(run.due('Approve')).toBe('2026-05-05 11:00');

    run.complete('Approve', 'district.head', '2026-05-05 09:00', 'sign');
    expect(run.lastEffects()).toContain('resultIssued');
    expect(run.state.status).toBe('awaitingReturn');
    expect(run.due('Return')).toBe('2026-05-05 14:45');

    run.returnResult('district.return', '2026-05-05 10:00');
    expect(run.state).toMatchObject({ status: 'returned', result: 'early' });
  });

  it('sends the dossier back from the head to the specialist and registers it on the second pass', () => {
    const run = receive('2026-11-12 09:00');
    expect(run.appointment).toBe('2026-11-17 09:00');
    run.complete('Receive', 'district.reception', '2026-11-12 09:30');
    run.complete('Examine', 'district.specialist', '2026-11-12 16:00', 'register');
    run.complete('Approve', 'district.head', '2026-11-13 10:00', 'rework');
    expect(run.tasksOf('Examine')).toHaveLength(2);
    expect(run.due('Examine')).toBe('2026-11-16 10:00');
    run.complete('Examine', 'district.specialist', '2026-11-13 15:00', 'register');
    expect(run.due('Approve')).toBe('2026-11-16 15:00');
    run.complete('Approve', 'district.head', '2026-11-16 08:30', 'sign');
    run.returnResult('district.return', '2026-11-17 09:00');
    expect(run.state.result).toBe('onTime');
  });

  it('refuses registration: the head signs the refusal notice and the desk returns it', () => {
    const run = receive('2026-11-12 09:00');
    run.complete('Receive', 'district.reception', '2026-11-12 09:30');
    run.complete('Examine', 'district.specialist', '2026-11-12 14:00', 'refuse');
    expect(run.openSteps()).toEqual(['SignRefusal']);
    expect(run.due('SignRefusal')).toBe('2026-11-13 14:00');
    run.complete('SignRefusal', 'district.head', '2026-11-13 10:00');
    expect(run.state.status).toBe('awaitingReturn');
    run.returnResult('district.return', '2026-11-18 08:00');
    // Returned the day after the appointment (Tue 17 Nov 09:00).
    expect(run.state).toMatchObject({ status: 'returned', result: 'late' });
    expect(run.effects.some((e) => e.type === 'resultIssued')).toBe(false);
  });

  it('is handled wholly by the district that received it: Đăk Hà’s staff, not the city’s', () => {
    const run = receive('2026-11-12 09:00', { agency: SECOND_DISTRICT, by: 'district2.reception' });
    run.complete('Receive', 'district2.reception', '2026-11-12 09:30');
    expect(run.task('Examine').agencyCode).toBe(SECOND_DISTRICT);
    expect(() => run.claim('Examine', 'district.specialist', '2026-11-12 09:40')).toThrow(expect.objectContaining({ code: 'WRONG_AGENCY' }));
    run.complete('Examine', 'district2.specialist', '2026-11-12 10:00', 'register');
    run.complete('Approve', 'district2.head', '2026-11-12 15:00', 'sign');
    run.returnResult('district2.return', '2026-11-13 08:00');
    expect(run.state).toMatchObject({ status: 'returned', result: 'early' });
  });

  it('rejects a dossier outside the office’s competence at the desk (Mẫu 03)', () => {
    const run = receive('2026-11-12 09:00');
    run.reject('district.reception', '2026-11-12 09:10', 'Ngành nghề kinh doanh có điều kiện chưa đủ điều kiện; hướng dẫn thành lập doanh nghiệp');
    expect(run.state).toMatchObject({ status: 'rejected', result: null, rejection: { by: 'district.reception' } });
    expect(run.state.tasks.every((t) => t.state === 'cancelled')).toBe(true);
  });
});
