// Hand-built engine data for the store tests: the engine's lifecycle is written
// elsewhere, and the store must not care how a state was produced, only save it whole.
import type { Knex } from 'knex';
import type { ActionResult, DossierState, Effect, HistoryEvent, Task } from '../../engine/dossier/types.js';
import type { ProcedureModel } from '../../engine/model/procedure.js';
import { createAgency, deployVersion, inTransaction, type WakeAt } from '../../server/store/index.js';

export const PROVINCE = '000.00.00.H40';
export const DISTRICT = '000.00.23.H40';
export const COMMUNE = '000.01.23.H40';
export const TAX = '000.51.23.H40';

/** Thursday 12 Nov 2026, 09:00 in Hà Nội. */
export const RECEIVED_AT = '2026-11-12T02:00:00.000Z';
export const NOW = RECEIVED_AT;

export async function seedAgencies(knex: Knex): Promise<void> {
  await createAgency(knex, { code: PROVINCE, name: 'UBND tỉnh Kon Tum', level: 'province', kind: 'people-committee' }, NOW);
  await createAgency(knex, { code: DISTRICT, name: 'UBND thành phố Kon Tum', level: 'district', kind: 'people-committee', parentCode: PROVINCE }, NOW);
  await createAgency(knex, { code: COMMUNE, name: 'UBND phường Quyết Thắng', level: 'commune', kind: 'people-committee', parentCode: DISTRICT }, NOW);
  await createAgency(knex, { code: TAX, name: 'Chi cục Thuế thành phố Kon Tum', level: 'district', kind: 'tax', parentCode: DISTRICT }, NOW);
}

export function procedureModel(key: string): ProcedureModel {
  return {
    key,
    code: '1.001193',
    name: 'Đăng ký khai sinh',
    level: 'commune',
    timeLimit: 'P3D',
    dayCount: 'working',
    documentation: '',
    root: { id: key, nodes: {}, flows: {} },
  };
}

export async function deployProcedure(knex: Knex, key = 'birthRegistration', deployedBy = 'admin'): Promise<number> {
  return inTransaction(knex, (trx) =>
    deployVersion(trx, {
      key,
      code: '1.001193',
      name: 'Đăng ký khai sinh',
      xml: `<definitions><process id="${key}"/></definitions>`,
      model: procedureModel(key),
      timeLimit: 'P3D',
      level: 'commune',
      deployedBy,
      warnings: [],
      now: NOW,
    }),
  );
}

export function makeTask(dossierId: string, n: number, overrides: Partial<Task> = {}): Task {
  return {
    id: `${dossierId}.${n}`,
    stepId: `step${n}`,
    name: `Bước ${n}`,
    role: 'specialist',
    agencyCode: COMMUNE,
    assignee: null,
    state: 'open',
    startedAt: RECEIVED_AT,
    allotted: 'P1D',
    dueAt: '2026-11-13T02:00:00.000Z',
    dueSoonAt: '2026-11-12T08:30:00.000Z',
    completedAt: null,
    completedBy: null,
    outcome: null,
    comment: null,
    verdict: null,
    escalationLevel: 0,
    dueSoonNotified: false,
    ...overrides,
  };
}

export function makeState(id: string, code: string, overrides: Partial<DossierState> = {}): DossierState {
  return {
    id,
    code,
    procedureKey: 'birthRegistration',
    procedureVersion: 1,
    status: 'processing',
    result: null,
    channel: 'desk',
    receivingAgency: COMMUNE,
    holdingAgency: COMMUNE,
    receivedAt: RECEIVED_AT,
    countingFrom: RECEIVED_AT,
    appointmentAt: '2026-11-17T02:00:00.000Z',
    originalAppointmentAt: '2026-11-17T02:00:00.000Z',
    pause: null,
    pausedMinutes: 0,
    apologies: [],
    data: { fee: 0 },
    lastOutcome: null,
    machine: { value: 'step1' },
    tasks: [makeTask(id, 1)],
    timers: [],
    seq: 1,
    resolvedAt: null,
    returnedAt: null,
    closedAt: null,
    rejection: null,
    ...overrides,
  };
}

export function event(type: HistoryEvent['type'], overrides: Partial<HistoryEvent> = {}): HistoryEvent {
  return {
    type,
    at: RECEIVED_AT,
    actor: 'commune.reception',
    taskId: null,
    stepId: null,
    details: {},
    appointmentBefore: null,
    appointmentAfter: null,
    ...overrides,
  };
}

/** What receiving a dossier would return: one open task, a `received` event, two effects. */
export function receivedResult(id: string, code: string): ActionResult {
  const state = makeState(id, code);
  const effects: Effect[] = [{ type: 'taskOpened', task: state.tasks[0] }, { type: 'dossierUpdated' }];
  return {
    state,
    effects,
    events: [event('received', { appointmentAfter: state.appointmentAt })],
  };
}

/** Calendar-free stand-in for the engine's policy: dueSoon first, then overdue. */
export const wakeAt: WakeAt = (task) => {
  if (!task.dueSoonNotified && task.dueSoonAt) return task.dueSoonAt;
  if (task.escalationLevel < 1) return task.dueAt;
  return null;
};
