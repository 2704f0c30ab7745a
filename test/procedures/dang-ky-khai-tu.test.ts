// Đăng ký khai tử (1.000656): a commune procedure resolved within the working day (15:00 cutoff), received
// at any center of the province (mc:intake="province", Decree 118/2025) and decided by the
// competent commune (@competent); the demo province after the reform, real dates.
import { beforeAll, describe, expect, it } from 'vitest';
import type { CompiledProcedure } from '../../engine/machine/compile.js';
import { QN_CAM_THANH, QN_KON_TUM } from '../../server/seed/quangNgai2025.js';
import { DossierRun, reformContext, shipped, type ReceiveOptions } from './support.js';

const ctx = reformContext();
let procedure: CompiledProcedure;

beforeAll(async () => {
  ({ procedure } = await shipped('dang-ky-khai-tu.bpmn'));
});

// The deceased, as the desk types them (`<mc:field>`: both required on receipt).
const DECEASED = { fields: { ho_ten_nguoi_chet: 'Nguyễn Văn Bảy', ngay_chet: '2026-11-10' } };

const receive = (at: string, o: Partial<ReceiveOptions> = {}) =>
  DossierRun.receive(ctx, procedure, { at, agency: QN_CAM_THANH, by: 'camthanh.reception', data: DECEASED, ...o });

describe('đăng ký khai tử — the model', () => {
  it('is the commune procedure 1.000656, same day with a 15:00 cutoff, province-wide intake', () => {
    expect(procedure.model).toMatchObject({ key: 'dang_ky_khai_tu', code: '1.000656', level: 'commune', timeLimit: 'P0D', cutoff: '15:00' });
    expect(procedure.model.intake ?? 'province').toBe('province');
    expect(procedure.outcomes.get('Examine')?.map((o) => o.key)).toEqual(['register', 'refuse']);
  });

  it('asks at reception for the deceased’s name and date of death, both required', () => {
    expect(procedure.model.fields?.map((f) => [f.key, f.type, f.required])).toEqual([
      ['ho_ten_nguoi_chet', 'text', true],
      ['ngay_chet', 'date', true],
    ]);
    expect(() => DossierRun.receive(ctx, procedure, { at: '2026-11-12 09:00', agency: QN_CAM_THANH, by: 'camthanh.reception' })).toThrow(/Ngày, tháng, năm chết/);
  });
});

describe('đăng ký khai tử — every path', () => {
  it('is decided the same day at the commune that received it', () => {
    // Thursday 12 Nov 2026, 09:00.
    const run = receive('2026-11-12 09:00');
    expect(run.appointment).toBe('2026-11-12 17:00');
    run.complete('Receive', 'camthanh.reception', '2026-11-12 09:10');
    expect(run.task('Examine')).toMatchObject({ role: 'specialist', agencyCode: QN_CAM_THANH });
    run.complete('Examine', 'camthanh.specialist', '2026-11-12 09:40', 'register');
    run.complete('Sign', 'camthanh.leader', '2026-11-12 10:00', 'sign');
    expect(run.lastEffects()).toContain('resultIssued');
    run.returnResult('camthanh.return', '2026-11-12 10:30');
    expect(run.state).toMatchObject({ status: 'returned', result: 'onTime' });
  });

  it('received after 15:00 on the Friday before Tết 2026, is due at 17:00 on Monday 23 February', () => {
    const run = receive('2026-02-13 15:30');
    expect(run.appointment).toBe('2026-02-23 17:00');
  });

  it('received at phường Kon Tum for Cẩm Thành: Cẩm Thành decides, Kon Tum receives and returns', () => {
    const run = receive('2026-11-12 14:00', { agency: QN_KON_TUM, by: 'kontum.reception', competent: QN_CAM_THANH });
    expect(run.task('Receive')).toMatchObject({ agencyCode: QN_KON_TUM });
    run.complete('Receive', 'kontum.reception', '2026-11-12 14:05');
    expect(run.task('Examine')).toMatchObject({ agencyCode: QN_CAM_THANH });
    run.complete('Examine', 'camthanh.specialist', '2026-11-12 14:30', 'register');
    expect(run.task('Sign')).toMatchObject({ role: 'leader', agencyCode: QN_CAM_THANH });
    run.complete('Sign', 'camthanh.leader', '2026-11-12 15:00', 'sign');
    expect(run.task('Return')).toMatchObject({ agencyCode: QN_KON_TUM });
    run.complete('Return', 'kontum.return', '2026-11-12 16:00');
    expect(run.state).toMatchObject({ status: 'returned', result: 'onTime' });
  });

  it('answers a refusal in writing, signed by the chairman and returned', () => {
    const run = receive('2026-11-12 09:00');
    run.complete('Receive', 'camthanh.reception', '2026-11-12 09:10');
    run.complete('Examine', 'camthanh.specialist', '2026-11-12 09:40', 'refuse');
    expect(run.openSteps()).toEqual(['SignRefusal']);
    run.complete('SignRefusal', 'camthanh.leader', '2026-11-12 10:00');
    run.returnResult('camthanh.return', '2026-11-12 10:30');
    expect(run.state.status).toBe('returned');
  });
});
