// The scheduler on its own, on a real database: it reads the next due instant from the
// indexed columns, sleeps exactly until then (capped), and wakes by itself. Plus the
// two pure pieces the live path rests on: the manual clock's durations and the table
// of which effect reaches which rooms.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Task } from '../../engine/index.js';
import { elapsedMilliseconds, type Clock } from '../../server/clock.js';
import { emissionsFor, type DossierSummary } from '../../server/live/index.js';
import { Scheduler, nextDueAfter } from '../../server/scheduler/index.js';
import { DEMO_AGENCIES } from '../../server/seed/demoData.js';
import { DossierService } from '../../server/services/dossierService.js';
import { createAgency, listEvents, listTasks, migrate, type OutboxMessage } from '../../server/store/index.js';
import { databaseTargets, type TestDatabase } from '../support/databases.js';
import { CITY_TAX, COMMUNE, actors, landXml, local, sleep, vn } from './support.js';

/** Real time, shifted: the scheduler's setTimeout really elapses, at a business hour of our choosing. */
class ShiftedClock implements Clock {
  private offset = 0;
  private frozen: Date | null = null;
  now(): Date {
    return new Date(this.frozen ? this.frozen.getTime() : Date.now() + this.offset);
  }
  /** From now on the clock reads `at`, and runs on at real speed. */
  setTo(at: Date): void {
    this.frozen = null;
    this.offset = at.getTime() - Date.now();
  }
  /** Stands still at `at` (set-up steps stamped to the minute). */
  freeze(at: Date): void {
    this.frozen = at;
  }
}

describe.each(databaseTargets)('the scheduler on $kind', (target) => {
  let db: TestDatabase;
  let clock: ShiftedClock;
  let service: DossierService;
  let dossierId: string;
  let examine: { id: string; dueAt: string | null };

  beforeAll(async () => {
    db = await target.open();
    await migrate(db.knex);
    for (const agency of DEMO_AGENCIES) await createAgency(db.knex, agency, '2026-01-01T00:00:00.000Z');
    clock = new ShiftedClock();
    clock.freeze(vn('2026-11-12 09:00'));
    service = new DossierService(db.knex, clock);
    await service.deploy(landXml, 'admin');
    const received = await service.receive({
      procedureKey: 'land_test',
      receivingAgency: COMMUNE,
      applicant: { name: 'Vũ Thị Giang', idNumber: '062090008888', phone: '0905000666' },
      actor: actors.reception,
    });
    dossierId = received.id;
    await service.runDue(); // the desk step's immediate due-soon warning
    const [receive] = await listTasks(db.knex, { dossierId, state: 'open' });
    await service.complete(dossierId, { taskId: receive.id, actor: actors.reception });
    [examine] = await listTasks(db.knex, { dossierId, state: 'open' });
  });
  afterAll(async () => {
    await db?.cleanup();
  });

  it('reads the next due instant from wake_at, and none while the dossier waits for a supplement', async () => {
    const next = await nextDueAfter(db.knex, clock.now());
    expect(local(next?.toISOString())).toBe('2026-11-13 14:30');
    // Strictly after: what is due at the instant asked about is that pass's work, not the next wake-up.
    expect(await nextDueAfter(db.knex, next!)).toBeNull();
    clock.freeze(vn('2026-11-12 10:00'));
    await service.requestSupplement(dossierId, { actor: actors.specialist, reason: 'Thiếu bản sao sổ đỏ', items: ['Sổ đỏ'] });
    expect(await nextDueAfter(db.knex, clock.now())).toBeNull();
    // The citizen comes back an hour later: every date moves by that working hour.
    clock.freeze(vn('2026-11-12 11:00'));
    await service.supplement(dossierId, { actor: actors.reception, items: ['Sổ đỏ'] });
    expect(local((await nextDueAfter(db.knex, clock.now()))?.toISOString())).toBe('2026-11-13 15:30');
  });

  it('sleeps no longer than its cap when nothing is due for days', async () => {
    const scheduler = new Scheduler(db.knex, clock, service, { maxSleepMs: 5_000 });
    scheduler.start();
    try {
      const deadline = Date.now() + 3_000;
      while (scheduler.wakeAt === null && Date.now() < deadline) await sleep(10);
      const sleepMs = scheduler.wakeAt!.getTime() - clock.now().getTime();
      expect(sleepMs).toBeGreaterThan(4_500);
      expect(sleepMs).toBeLessThanOrEqual(5_000);
    } finally {
      await scheduler.stop();
    }
  });

  it('sets one timer to the next due instant and wakes by itself to raise the warning there', async () => {
    const [task] = await listTasks(db.knex, { dossierId, state: 'open' });
    const dueSoonAt = new Date(task.dueSoonAt!);
    clock.setTo(new Date(dueSoonAt.getTime() - 1_500));
    const scheduler = new Scheduler(db.knex, clock, service, { maxSleepMs: 60_000 });
    scheduler.start();
    try {
      const armed = Date.now() + 3_000;
      while (scheduler.wakeAt === null && Date.now() < armed) await sleep(5);
      expect(Math.abs(scheduler.wakeAt!.getTime() - dueSoonAt.getTime())).toBeLessThan(100);
      let warned: Awaited<ReturnType<typeof listEvents>> = [];
      const deadline = Date.now() + 5_000;
      while (warned.length === 0 && Date.now() < deadline) {
        await sleep(50);
        warned = (await listEvents(db.knex, dossierId)).filter((e) => e.type === 'dueSoon' && e.taskId === examine.id);
      }
      expect(warned).toHaveLength(1);
      expect(new Date(warned[0].at).getTime()).toBeGreaterThanOrEqual(dueSoonAt.getTime());
      expect(new Date(warned[0].at).getTime() - dueSoonAt.getTime()).toBeLessThan(1_000);
      // Woken by its timer, not by polling: the first pass, the timed one, and the one its own commit asked for.
      expect(scheduler.passes).toBeLessThanOrEqual(3);
      // …and it went back to sleep until the due date itself.
      const rearmed = Date.now() + 2_000;
      while (scheduler.wakeAt === null && Date.now() < rearmed) await sleep(5);
      expect(scheduler.wakeAt!.getTime() - clock.now().getTime()).toBeGreaterThan(50_000);
    } finally {
      await scheduler.stop();
    }
  });
});

describe('moving the manual clock by an ISO 8601 duration', () => {
  it('counts plain elapsed time, not working time', () => {
    expect(elapsedMilliseconds('PT2H')).toBe(2 * 3600_000);
    expect(elapsedMilliseconds('P3D')).toBe(3 * 86_400_000);
    expect(elapsedMilliseconds('P1W')).toBe(7 * 86_400_000);
    expect(elapsedMilliseconds('P1DT30M')).toBe(86_400_000 + 30 * 60_000);
    expect(elapsedMilliseconds('PT0.5S')).toBe(500);
    for (const bad of ['P1M', 'P1Y', 'P', 'PT', '2H', 'PT-1H', '']) expect(elapsedMilliseconds(bad), bad).toBeNull();
  });
});

describe('which effect reaches which rooms', () => {
  const task = (over: Partial<Task> = {}): Task => ({
    id: 'd1.2',
    stepId: 'Examine',
    name: 'Thẩm định hồ sơ',
    role: 'specialist',
    agencyCode: COMMUNE,
    assignee: null,
    state: 'open',
    startedAt: '2026-11-12T02:00:00.000Z',
    allotted: 'P2D',
    dueAt: '2026-11-16T02:00:00.000Z',
    dueSoonAt: '2026-11-13T07:30:00.000Z',
    completedAt: null,
    completedBy: null,
    outcome: null,
    comment: null,
    verdict: null,
    escalationLevel: 0,
    dueSoonNotified: false,
    ...over,
  });
  const dossier: DossierSummary = {
    id: 'd1',
    code: '000.01.23.H40-261112-0001',
    status: 'transferred',
    result: null,
    receivingAgency: COMMUNE,
    holdingAgency: CITY_TAX,
    appointmentAt: '2026-11-26T02:00:00.000Z',
    agencies: [COMMUNE, CITY_TAX],
  };
  let id = 0;
  const message = (effect: Record<string, unknown>, createdAt = '2026-11-12T02:00:00.000Z'): OutboxMessage => ({
    id: ++id,
    dossierId: 'd1',
    topic: String(effect.type),
    payload: { ...effect, dossierId: 'd1', taskId: (effect.task as Task | undefined)?.id ?? effect.taskId ?? null },
    createdAt,
  });
  const dossiers = new Map([['d1', dossier]]);

  it('sends a new task to its assignee if it has one, else to who may claim it', () => {
    const [open] = emissionsFor([message({ type: 'taskOpened', task: task() })], dossiers);
    expect(open).toMatchObject({ event: 'task:assigned', rooms: [`role:${COMMUNE}:specialist`] });
    expect(open.payload).toMatchObject({ id: 'd1.2', taskId: 'd1.2', dossierId: 'd1', dossierCode: dossier.code, deadlineState: 'onTime' });
    const [mine] = emissionsFor([message({ type: 'taskOpened', task: task({ assignee: 'commune.specialist' }) })], dossiers);
    expect(mine.rooms).toEqual(['user:commune.specialist']);
  });

  it('climbs the ladder: level 1 to assignee, role, head and the dashboards; level 2 adds the leader; a named role hears too', () => {
    const late = task({ assignee: 'commune.specialist', escalationLevel: 2 });
    const [one, changed] = emissionsFor([message({ type: 'escalated', task: late, level: 1, notify: ['assignee', 'head'] })], dossiers);
    expect(one.event).toBe('task:overdue');
    expect(one.rooms.sort()).toEqual([
      'dashboard',
      `dashboard:${COMMUNE}`,
      `role:${COMMUNE}:head`,
      `role:${COMMUNE}:specialist`,
      'user:commune.specialist',
    ]);
    // The task in the row may already carry a later level raised in the same pass.
    expect(one.payload).toMatchObject({ escalationLevel: 1, deadlineState: 'overdue', dueAt: late.dueAt, task: { escalationLevel: 1 } });
    // Managers see their agencies' dashboards only: of every agency the dossier went through.
    expect(changed).toMatchObject({
      event: 'dashboard:changed',
      rooms: ['dashboard', `dashboard:${COMMUNE}`, `dashboard:${CITY_TAX}`],
      payload: { dossierId: 'd1', status: 'transferred' },
    });
    const [two] = emissionsFor([message({ type: 'escalated', task: late, level: 2, notify: ['leader', 'dashboard', 'vanthu'] })], dossiers);
    expect(two.rooms).toEqual(expect.arrayContaining([`role:${COMMUNE}:leader`, `role:${COMMUNE}:vanthu`, `role:${COMMUNE}:head`]));
  });

  it('offers a task transferred to another agency to that agency, and tells the inbox it left', () => {
    const moved = task({ agencyCode: CITY_TAX, assignee: null });
    const out = emissionsFor(
      [
        message({ type: 'handoff', taskId: moved.id, stepId: moved.stepId, fromAgency: COMMUNE, toAgency: CITY_TAX }),
        message({ type: 'taskUpdated', task: moved }),
        message({ type: 'dossierUpdated' }),
      ],
      dossiers,
    );
    expect(out.map((e) => [e.event, e.rooms])).toEqual([
      ['task:updated', [`role:${CITY_TAX}:specialist`, `role:${COMMUNE}:specialist`]],
      ['task:assigned', [`role:${CITY_TAX}:specialist`]],
      ['dossier:updated', [`agency:${COMMUNE}`, `agency:${CITY_TAX}`]],
      ['dashboard:changed', ['dashboard', `dashboard:${COMMUNE}`, `dashboard:${CITY_TAX}`]],
    ]);
    // A plain update (a claim) is not new work for anybody.
    expect(emissionsFor([message({ type: 'taskUpdated', task: task({ assignee: 'commune.specialist' }) })], dossiers).map((e) => e.event)).toEqual([
      'task:updated',
    ]);
  });

  it('tells every agency that holds or held the dossier once per batch, and sends nothing for an unknown effect', () => {
    const out = emissionsFor(
      [
        message({ type: 'handoff', taskId: 'd1.3', stepId: 'Tax', fromAgency: COMMUNE, toAgency: CITY_TAX }),
        message({ type: 'dossierUpdated' }),
        message({ type: 'somethingNew' }),
      ],
      dossiers,
    );
    expect(out.map((e) => e.event)).toEqual(['dossier:updated', 'dashboard:changed']);
    expect(out[0]).toMatchObject({
      rooms: [`agency:${COMMUNE}`, `agency:${CITY_TAX}`],
      payload: { dossierId: 'd1', code: dossier.code, status: 'transferred', holdingAgency: CITY_TAX, appointmentAt: dossier.appointmentAt },
    });
  });
});
