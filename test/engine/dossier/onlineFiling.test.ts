// Online filing (issue 17): submit → the desk accepts (the appointment counts from the
// acceptance, on the real office calendar) or refuses with a reason.
import { beforeAll, describe, expect, it } from 'vitest';
import { acceptDossier, claimTask, refuseDossier, submitDossier } from '../../../engine/dossier/lifecycle.js';
import { nationalStatusOf } from '../../../engine/dossier/nationalStatus.js';
import type { DossierState } from '../../../engine/dossier/types.js';
import type { CompiledProcedure } from '../../../engine/machine/compile.js';
import { COMMUNE, actor, engineContext, fixture, local, staff, vn } from './support.js';

const ctx = engineContext();
const citizen = actor('citizen', COMMUNE);
let land: CompiledProcedure;

beforeAll(async () => {
  land = await fixture('land-transfer.bpmn');
});

// Filed on Friday evening 13 November 2026, after office hours.
function filed(at = vn('2026-11-13 20:00')) {
  return submitDossier(ctx, land, { id: 'o1', code: '000.23.01.H40-261113-0001', receivingAgency: COMMUNE, actor: citizen, data: { area: 80 } }, at);
}

describe('online filing', () => {
  it('a filing is submitted (national 1): nothing runs, a provisional appointment, announced once', () => {
    const r = filed();
    expect(r.state.status).toBe('submitted');
    expect(nationalStatusOf(r.state.status)).toBe(1);
    expect(r.state.channel).toBe('online');
    expect(r.state.submittedAt).toBe(vn('2026-11-13 20:00').toISOString());
    expect(r.state.tasks).toEqual([]);
    expect(r.events.map((e) => e.type)).toEqual(['submitted']);
    expect(r.effects).toEqual([{ type: 'dossierUpdated', verb: 'submit', status: 'submitted', statusBefore: null }]);
  });

  it('accepted on Monday morning: the 10 working days count from the acceptance, the reception step is the acceptance', () => {
    const submitted = filed().state;
    const r = acceptDossier(ctx, land, submitted, { actor: staff.reception }, vn('2026-11-16 09:00'));
    expect(r.state.status).toBe('processing');
    expect(local(r.state.receivedAt)).toBe('2026-11-16 09:00');
    // Thursday 12 → 26 November at the desk; Monday 16 → Monday 30 November here.
    expect(local(r.state.appointmentAt)).toBe('2026-11-30 09:00');
    expect(r.state.originalAppointmentAt).toBe(r.state.appointmentAt);
    const received = r.events.find((e) => e.type === 'received')!;
    expect(received.actor).toBe(staff.reception.username);
    expect(received.details).toMatchObject({ accepted: true, channel: 'online' });
    expect(local(received.appointmentAfter)).toBe('2026-11-30 09:00');
    expect(r.state.tasks.find((t) => t.stepId === 'Receive')?.state).toBe('done');
    expect(r.state.tasks.some((t) => t.state === 'open')).toBe(true);
    expect(r.effects.at(-1)).toEqual({ type: 'dossierUpdated', verb: 'accept', status: 'processing', statusBefore: 'submitted' });
  });

  it('accepted on the eve of a weekend counts from acceptance too (Friday 27 Nov 16:00 → 11 Dec 16:00)', () => {
    const r = acceptDossier(ctx, land, filed(vn('2026-11-20 10:00')).state, { actor: staff.reception }, vn('2026-11-27 16:00'));
    expect(local(r.state.appointmentAt)).toBe('2026-12-11 16:00');
  });

  it('refused with a reason (national 3): closed, no verdict, nothing can follow', () => {
    const r = refuseDossier(ctx, land, filed().state, { actor: staff.reception, reason: 'Sai thẩm quyền' }, vn('2026-11-16 08:00'));
    expect(r.state.status).toBe('refused');
    expect(nationalStatusOf(r.state.status)).toBe(3);
    expect(r.state.result).toBeNull();
    expect(r.state.rejection).toEqual({ at: vn('2026-11-16 08:00').toISOString(), by: staff.reception.username, reason: 'Sai thẩm quyền' });
    expect(r.events.map((e) => e.type)).toEqual(['refused']);
    expect(() => acceptDossier(ctx, land, r.state, { actor: staff.reception }, vn('2026-11-16 09:00'))).toThrow(
      expect.objectContaining({ code: 'NOT_SUBMITTED' }),
    );
  });

  it('accepts and refuses only a submitted dossier, once', () => {
    const accepted: DossierState = acceptDossier(ctx, land, filed().state, { actor: staff.reception }, vn('2026-11-16 09:00')).state;
    for (const act of [
      () => acceptDossier(ctx, land, accepted, { actor: staff.reception }, vn('2026-11-16 10:00')),
      () => refuseDossier(ctx, land, accepted, { actor: staff.reception, reason: 'x' }, vn('2026-11-16 10:00')),
    ]) {
      expect(act).toThrow(expect.objectContaining({ code: 'NOT_SUBMITTED', params: { status: 'processing' } }));
    }
    // Nothing to claim before acceptance.
    expect(() => claimTask(ctx, land, filed().state, { taskId: 'o1.1', actor: staff.specialist }, vn('2026-11-16 09:00'))).toThrow(
      expect.objectContaining({ code: 'TASK_NOT_FOUND' }),
    );
  });
});
