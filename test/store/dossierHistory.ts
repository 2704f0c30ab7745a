// Dossiers with a real history, written through the application service: what the
// history and backup tests chain, tamper with, back up and restore.
import { readFileSync } from 'node:fs';
import type { Knex } from 'knex';
import type { FixedClock } from '../../server/clock.js';
import { DossierService } from '../../server/services/dossierService.js';
import { listTasks } from '../../server/store/index.js';
import { COMMUNE, staff, vn } from '../engine/dossier/support.js';

export const landXml = readFileSync(new URL('../engine/dossier/fixtures/land-transfer.bpmn', import.meta.url), 'utf8');

/** A dossier received, its first step done, a supplement requested: a few history rows. */
export async function dossierWithHistory(knex: Knex, service: DossierService, clock: FixedClock, n: number): Promise<string> {
  clock.set(vn('2026-11-12 09:00'));
  const { id } = await service.receive({
    procedureKey: 'land_test',
    receivingAgency: COMMUNE,
    applicant: { name: `Nguyễn Văn ${n}`, idNumber: `06209000${String(n).padStart(4, '0')}`, phone: '0905123456' },
    actor: staff.reception,
  });
  clock.set(vn('2026-11-12 10:00'));
  const receive = (await listTasks(knex, { dossierId: id, state: 'open' })).find((t) => t.stepId === 'Receive')!;
  await service.complete(id, { taskId: receive.id, actor: staff.reception });
  clock.set(vn('2026-11-13 14:00'));
  await service.requestSupplement(id, { actor: staff.specialist, reason: 'Thiếu sổ hộ khẩu', items: ['Sổ hộ khẩu'] });
  return id;
}
