// The shape three commune procedures of the reform share (certified copies, marriage and
// death registration): resolved within the working day with a 15:00 cutoff, received at
// any center of the province (mc:intake="province", Decree 118/2025) and decided by the
// competent commune (@competent). One suite, each procedure's test file calls it with
// what differs (its key, code, approving outcome, the data its reception asks for).
import { beforeAll, describe, expect, it } from 'vitest';
import type { CompiledProcedure } from '../../engine/machine/compile.js';
import { QN_CAM_THANH, QN_KON_TUM } from '../../server/seed/quangNgai2025.js';
import { DossierRun, reformContext, shipped, type ReceiveOptions } from './support.js';

export interface SameDayCommuneProcedure {
  /** The file in procedures/. */
  file: string;
  /** Its name in the suite's titles. */
  title: string;
  key: string;
  /** The national procedure code. */
  code: string;
  /** The examination's outcome that moves the dossier on ('certify', 'register'). */
  approve: string;
  /** What reception types for it (`data`, e.g. its `<mc:field>`s). */
  data?: Record<string, unknown>;
}

/** The model and every path of such a procedure; `more` adds the procedure's own tests. */
export function sameDayCommuneSuite(p: SameDayCommuneProcedure, more?: (get: () => CompiledProcedure) => void): void {
  const ctx = reformContext();
  let procedure: CompiledProcedure;
  beforeAll(async () => {
    ({ procedure } = await shipped(p.file));
  });
  const receive = (at: string, o: Partial<ReceiveOptions> = {}) =>
    DossierRun.receive(ctx, procedure, { at, agency: QN_CAM_THANH, by: 'camthanh.reception', ...(p.data ? { data: p.data } : {}), ...o });

  describe(`${p.title} — the model`, () => {
    it(`is the commune procedure ${p.code}, same day with a 15:00 cutoff, province-wide intake`, () => {
      expect(procedure.model).toMatchObject({ key: p.key, code: p.code, level: 'commune', timeLimit: 'P0D', cutoff: '15:00' });
      expect(procedure.model.intake ?? 'province').toBe('province');
      expect(procedure.outcomes.get('Examine')?.map((o) => o.key)).toEqual([p.approve, 'refuse']);
    });
    more?.(() => procedure);
  });

  describe(`${p.title} — every path`, () => {
    it('is decided the same day at the commune that received it', () => {
      // Thursday 12 Nov 2026, 09:00.
      const run = receive('2026-11-12 09:00');
      expect(run.appointment).toBe('2026-11-12 17:00');
      run.complete('Receive', 'camthanh.reception', '2026-11-12 09:10');
      expect(run.task('Examine')).toMatchObject({ role: 'specialist', agencyCode: QN_CAM_THANH });
      run.complete('Examine', 'camthanh.specialist', '2026-11-12 09:40', p.approve);
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
      run.complete('Examine', 'camthanh.specialist', '2026-11-12 14:30', p.approve);
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
}
