// Birth registration (đăng ký khai sinh, 1.001193): resolved the same working day; a
// dossier received after 15:00 is due the next working day (mc:cutoff="15:00",
// mc:timeLimit="P0D" — the close of the working day counting starts on).
import { beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../../../engine/errors.js';
import type { CompiledProcedure } from '../../../engine/machine/compile.js';
import { COMMUNE, SECOND_COMMUNE, SECOND_DISTRICT_COMMUNE } from '../../../server/seed/demoData.js';
import { DossierRun, engineContext, local, shipped, type ReceiveOptions } from '../support.js';

const ctx = engineContext();
let birth: CompiledProcedure;

beforeAll(async () => {
  ({ procedure: birth } = await shipped('truoc-2025/dang-ky-khai-sinh.bpmn'));
});

const receive = (at: string, o: Partial<ReceiveOptions> = {}) =>
  DossierRun.receive(ctx, birth, { at, agency: COMMUNE, by: 'commune.reception', ...o });

describe('đăng ký khai sinh — the model', () => {
  it('is the commune procedure 1.001193 with a 15:00 cutoff and a same-day limit', () => {
    expect(birth.model).toMatchObject({
      key: 'dang_ky_khai_sinh',
      code: '1.001193',
      level: 'commune',
      timeLimit: 'P0D',
      cutoff: '15:00',
      dayCount: 'working',
    });
    expect(birth.outcomes.get('Examine')?.map((o) => o.key)).toEqual(['register', 'refuse']);
  });
});

describe('đăng ký khai sinh — when the result is due', () => {
  it('gives a dossier received at 09:00 an appointment at 17:00 the same day', () => {
    // Friday 13 Feb 2026: the last working day before the Tết break (14–22 Feb).
    const run = receive('2026-02-13 09:00');
    expect(local(run.state.countingFrom)).toBe('2026-02-13 09:00');
    expect(run.appointment).toBe('2026-02-13 17:00');
    expect(run.due('Receive')).toBe('2026-02-13 09:15');
  });

  it('keeps a dossier received at exactly 15:00 on the same day: due at closing time', () => {
    expect(receive('2026-02-13 15:00').appointment).toBe('2026-02-13 17:00');
    expect(receive('2026-02-13 14:59').appointment).toBe('2026-02-13 17:00');
  });

  it('moves a dossier received at 15:30 before Tết to the first working day after it', () => {
    const run = receive('2026-02-13 15:30');
    expect(local(run.state.countingFrom)).toBe('2026-02-23 07:30');
    expect(run.appointment).toBe('2026-02-23 17:00');
    // Steps count from where the dossier's own counting starts: the desk's step is not
    // due at 15:45 on the Friday (nor is its head alerted at 16:00) when the dossier
    // itself only counts from Monday 23 Feb.
    expect(run.due('Receive')).toBe('2026-02-23 07:45');
    expect(run.task('Receive').startedAt).toBe(new Date('2026-02-13T15:30:00+07:00').toISOString());
  });

  it('counts an online dossier filed on 30 April from the next working day, Monday 4 May', () => {
    // 30 Apr (Thu) and 1 May (Fri) 2026 are public holidays, then the weekend.
    const holiday = receive('2026-04-30 10:00', { channel: 'online' });
    expect(holiday.state.channel).toBe('online');
    expect(local(holiday.state.countingFrom)).toBe('2026-05-04 07:30');
    expect(holiday.appointment).toBe('2026-05-04 17:00');
    // Filed at the desk after 15:00 on the eve of the holidays: the same Monday.
    expect(receive('2026-04-29 16:10').appointment).toBe('2026-05-04 17:00');
  });
});

describe('đăng ký khai sinh — every path', () => {
  it('registers the birth: desk → civil status officer → chairman signs → certificate issued → returned on time', () => {
    const run = receive('2026-02-13 09:00', { agency: SECOND_COMMUNE, by: 'commune2.reception' });
    run.complete('Receive', 'commune2.reception', '2026-02-13 09:10');
    expect(run.state.status).toBe('processing');
    expect(run.task('Examine')).toMatchObject({ role: 'specialist', agencyCode: SECOND_COMMUNE });
    expect(run.due('Examine')).toBe('2026-02-13 09:55');

    run.complete('Examine', 'commune2.specialist', '2026-02-13 09:50', 'register');
    expect(run.task('Sign').role).toBe('leader');
    expect(run.due('Sign')).toBe('2026-02-13 10:20');

    run.complete('Sign', 'commune2.leader', '2026-02-13 10:15');
    expect(run.lastEffects()).toContain('resultIssued');
    expect(run.state.status).toBe('awaitingReturn');
    expect(run.due('Return')).toBe('2026-02-13 10:45');

    run.returnResult('commune2.return', '2026-02-13 10:40');
    expect(run.state).toMatchObject({ status: 'returned', result: 'onTime' });
    expect(run.state.tasks.map((t) => [t.stepId, t.verdict])).toEqual([
      ['Receive', 'onTime'],
      ['Examine', 'onTime'],
      ['Sign', 'onTime'],
      ['Return', 'onTime'],
    ]);
    expect(run.handoffs()).toEqual([]);
  });

  it('refuses in writing: the chairman signs the refusal letter, which is returned; no certificate is issued', () => {
    const run = receive('2026-11-12 09:00', { agency: SECOND_DISTRICT_COMMUNE, by: 'commune3.reception' });
    expect(run.appointment).toBe('2026-11-12 17:00');
    run.complete('Receive', 'commune3.reception', '2026-11-12 09:05');
    run.complete('Examine', 'commune3.specialist', '2026-11-12 09:40', 'refuse');
    expect(run.openSteps()).toEqual(['SignRefusal']);
    expect(run.due('SignRefusal')).toBe('2026-11-12 10:10');
    run.complete('SignRefusal', 'commune3.leader', '2026-11-12 10:00');
    expect(run.state.status).toBe('awaitingReturn');
    run.returnResult('commune3.return', '2026-11-12 10:30');
    expect(run.state).toMatchObject({ status: 'returned', result: 'onTime' });
    expect(run.effects.some((e) => e.type === 'resultIssued')).toBe(false);
  });

  it('pauses over Tết while the parents fetch the birth notice, and resumes on the first working day', () => {
    const run = receive('2026-02-13 09:00');
    run.complete('Receive', 'commune.reception', '2026-02-13 09:10');
    run.requestSupplement('commune.specialist', '2026-02-13 09:30', 'Thiếu giấy chứng sinh', ['Giấy chứng sinh']);
    expect(run.state.status).toBe('awaitingSupplement');
    expect(() => run.complete('Examine', 'commune.specialist', '2026-02-13 09:40', 'register')).toThrow(DomainError);

    // Back on Monday 23 Feb 08:00: Fri 09:30–17:00 (330 min) + Mon 07:30–08:00 (30 min) paused.
    run.supplement('commune.reception', '2026-02-23 08:00', ['Giấy chứng sinh']);
    expect(run.state.pausedMinutes).toBe(360);
    // Friday 17:00 moved by 360 working minutes: Monday 15:30.
    expect(run.appointment).toBe('2026-02-23 15:30');
    expect(run.due('Examine')).toBe('2026-02-23 08:25');

    run.complete('Examine', 'commune.specialist', '2026-02-23 08:20', 'register');
    run.complete('Sign', 'commune.leader', '2026-02-23 08:50');
    run.returnResult('commune.return', '2026-02-24 08:00');
    // The next morning: after the moved appointment.
    expect(run.state.result).toBe('late');
  });

  it('rejects a dossier the commune may not register (Mẫu 03): closed, no verdict, every task cancelled', () => {
    const run = receive('2026-02-13 09:00');
    run.reject('commune.reception', '2026-02-13 09:05', 'Trẻ sinh ra có yếu tố nước ngoài: thuộc thẩm quyền cấp huyện');
    expect(run.state).toMatchObject({ status: 'rejected', result: null });
    expect(run.state.tasks.every((t) => t.state === 'cancelled')).toBe(true);
  });

  it('lets only the receiving commune act on its dossier', () => {
    const run = receive('2026-02-13 09:00');
    expect(() => run.complete('Receive', 'commune2.reception', '2026-02-13 09:05')).toThrow(
      expect.objectContaining({ code: 'WRONG_AGENCY' }),
    );
  });
});
