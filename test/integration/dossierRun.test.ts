// A dossier through a real database, on SQLite and on PostgreSQL: deploy the procedure,
// receive, hop to the district tax office, pause for a supplement, run late, escalate
// through the scheduler entry point, come back and return. Every step is one
// transaction through the application service.

import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../../engine/index.js';
import { FixedClock } from '../../server/clock.js';
import { DossierService } from '../../server/services/dossierService.js';
import { listEvents, listTasks, loadDossier, unpublished } from '../../server/store/index.js';
import { openProvince } from './support.js';
import { databaseTargets, type TestDatabase } from '../support/databases.js';
import { COMMUNE, DISTRICT, PROVINCE, TAX, local, staff, vn } from '../engine/dossier/support.js';

const landXml = readFileSync(new URL('../engine/dossier/fixtures/land-transfer.bpmn', import.meta.url), 'utf8');

const { reception, specialist, head, leader, returnClerk, taxOfficer } = staff;

describe.each(databaseTargets)('a dossier run on $kind', (target) => {
  let db: TestDatabase;
  let clock: FixedClock;
  let service: DossierService;

  beforeAll(async () => {
    db = await openProvince(target);
    clock = new FixedClock(vn('2026-11-10 08:00'));
    service = new DossierService(db.knex, clock);
  });
  afterAll(async () => {
    await db?.cleanup();
  });

  const openTaskId = async (dossierId: string, stepId: string) => {
    const tasks = await listTasks(db.knex, { dossierId, state: 'open' });
    const task = tasks.find((t) => t.stepId === stepId);
    if (!task) throw new Error(`no open ${stepId}: ${tasks.map((t) => t.stepId).join(',')}`);
    return task;
  };

  it('deploys the procedure as version 1, then 2', async () => {
    expect(await service.deploy(landXml, 'admin')).toMatchObject({ key: 'land_test', version: 1 });
    expect(await service.deploy(landXml, 'admin')).toMatchObject({ key: 'land_test', version: 2 });
  });

  it('refuses a malformed model and stores nothing', async () => {
    const broken = landXml.replace('mc:role="leader"', '').replace('targetRef="End"', 'targetRef="Nowhere"');
    await expect(service.deploy(broken, 'admin')).rejects.toMatchObject({ code: 'INVALID_MODEL' });
    const err = await service.deploy(broken, 'admin').catch((e: DomainError) => e);
    const ids = ((err as DomainError).details as { elementId: string }[]).map((p) => p.elementId);
    expect(ids).toEqual(expect.arrayContaining(['Sign', 'f7']));
  });

  it('runs a dossier from the desk to the tax office and back, with a pause and a late step', async () => {
    clock.set(vn('2026-11-12 09:00'));
    const received = await service.receive({
      procedureKey: 'land_test',
      receivingAgency: COMMUNE,
      applicant: { name: 'Nguyễn Văn An', idNumber: '062090001234', phone: '0905123456' },
      actor: reception,
    });
    expect(received.code).toMatch(/^000\.23\.01\.H40-261112-\d{4}$/);
    const id = received.id;
    let loaded = await loadDossier(db.knex, id);
    expect(loaded.row).toMatchObject({ status: 'received', procedureVersion: 2 });
    expect(local(loaded.row.appointmentAt)).toBe('2026-11-26 09:00');

    clock.set(vn('2026-11-12 10:00'));
    await service.complete(id, { taskId: (await openTaskId(id, 'Receive')).id, actor: reception });
    const examine = await openTaskId(id, 'Examine');
    expect(local(examine.dueAt)).toBe('2026-11-16 10:00');

    clock.set(vn('2026-11-13 14:00'));
    await service.requestSupplement(id, { actor: specialist, reason: 'Thiếu sổ hộ khẩu', items: ['Sổ hộ khẩu'] });
    expect((await loadDossier(db.knex, id)).row.status).toBe('awaitingSupplement');
    // The scheduler leaves a paused dossier alone.
    clock.set(vn('2026-11-16 12:00'));
    expect((await service.runDue()).flatMap((r) => r.effects)).toEqual([]);

    clock.set(vn('2026-11-17 14:00'));
    await service.supplement(id, { actor: reception, items: ['Sổ hộ khẩu'] });
    loaded = await loadDossier(db.knex, id);
    expect(loaded.row.pausedMinutes).toBe(900);
    expect(local(loaded.row.appointmentAt)).toBe('2026-11-30 09:00');
    expect(local((await openTaskId(id, 'Examine')).dueAt)).toBe('2026-11-18 10:00');

    clock.set(vn('2026-11-18 09:00'));
    await service.complete(id, { taskId: examine.id, actor: specialist });
    loaded = await loadDossier(db.knex, id);
    expect(loaded.row).toMatchObject({ status: 'transferred', holdingAgency: TAX });
    const tax = await openTaskId(id, 'Tax');
    expect(tax.agencyCode).toBe(TAX);
    expect(local(tax.dueAt)).toBe('2026-11-23 09:00');
    // The tax office's inbox has it; the commune's does not.
    const taxInbox = await listTasks(db.knex, { inboxOf: { username: 'do.thue', agencyCode: TAX, roles: ['specialist'] }, state: 'open' });
    expect(taxInbox.map((t) => t.id)).toEqual([tax.id]);
    const communeInbox = await listTasks(db.knex, {
      inboxOf: { username: 'tran.chuyenvien', agencyCode: COMMUNE, roles: ['specialist'] },
      state: 'open',
    });
    expect(communeInbox).toEqual([]);

    // The scheduler: due soon Friday 14:00, overdue Monday 09:00, level 2 Tuesday 09:00.
    clock.set(vn('2026-11-20 14:00'));
    expect((await service.runDue()).flatMap((r) => r.effects.map((e) => e.type))).toEqual(['dueSoon']);
    expect((await service.runDue()).flatMap((r) => r.effects)).toEqual([]);
    clock.set(vn('2026-11-23 09:00'));
    expect((await service.runDue()).flatMap((r) => r.effects)).toMatchObject([{ type: 'escalated', level: 1 }]);
    clock.set(vn('2026-11-24 09:00'));
    expect((await service.runDue()).flatMap((r) => r.effects)).toMatchObject([{ type: 'escalated', level: 2 }]);
    expect((await service.runDue()).flatMap((r) => r.effects)).toEqual([]);

    clock.set(vn('2026-11-24 10:00'));
    await service.complete(id, { taskId: tax.id, actor: taxOfficer });
    const doneTax = (await listTasks(db.knex, { dossierId: id })).find((t) => t.id === tax.id);
    expect(doneTax).toMatchObject({ state: 'done', verdict: 'late', escalationLevel: 2 });

    clock.set(vn('2026-11-24 15:00'));
    await service.complete(id, { taskId: (await openTaskId(id, 'Review')).id, actor: head, outcome: 'approve' });
    clock.set(vn('2026-11-25 09:00'));
    await service.complete(id, { taskId: (await openTaskId(id, 'Sign')).id, actor: leader });
    expect((await loadDossier(db.knex, id)).row.status).toBe('awaitingReturn');

    clock.set(vn('2026-11-26 10:00'));
    await service.returnResult(id, { actor: returnClerk });
    loaded = await loadDossier(db.knex, id);
    expect(loaded.row).toMatchObject({ status: 'returned', result: 'early', holdingAgency: COMMUNE });

    const history = await listEvents(db.knex, id);
    expect(history.map((e) => e.type)).toEqual([
      'received',
      'completed',
      'supplementRequested',
      'supplemented',
      'transferred',
      'completed',
      'dueSoon',
      'escalated',
      'escalated',
      'transferred',
      'completed',
      'completed',
      'completed',
      'resolved',
      'completed',
      'returned',
    ]);
    expect(history.map((e) => e.seq)).toEqual(history.map((_, i) => i + 1));
    const topics = new Set((await unpublished(db.knex, 1000)).map((m) => m.topic));
    expect([...topics]).toEqual(expect.arrayContaining(['taskOpened', 'handoff', 'dueSoon', 'escalated', 'dossierUpdated']));
  });

  it('lets exactly one of two concurrent completions of the same task win', async () => {
    clock.set(vn('2026-11-27 09:00'));
    const { id } = await service.receive({
      procedureKey: 'land_test',
      receivingAgency: COMMUNE,
      applicant: { name: 'Trần Thị Bình', idNumber: '062090005678', phone: '0905000111' },
      actor: reception,
    });
    const taskId = (await openTaskId(id, 'Receive')).id;
    const outcomes = await Promise.allSettled([
      service.complete(id, { taskId, actor: reception }),
      service.complete(id, { taskId, actor: reception }),
    ]);
    const failures = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect(failures).toHaveLength(1);
    expect(['VERSION_CONFLICT', 'TASK_NOT_OPEN']).toContain((failures[0].reason as DomainError).code);
    const history = await listEvents(db.knex, id);
    expect(history.filter((e) => e.type === 'completed')).toHaveLength(1);
  });

  it('gives every dossier of a day its own consecutive code', async () => {
    clock.set(vn('2026-12-01 08:00'));
    const codes = await Promise.all(
      [1, 2, 3, 4, 5].map((n) =>
        service.receive({
          procedureKey: 'land_test',
          receivingAgency: COMMUNE,
          applicant: { name: `Công dân ${n}`, idNumber: `06209000000${n}`, phone: '0905000000' },
          actor: reception,
        }),
      ),
    );
    expect(codes.map((c) => c.code).sort()).toEqual([1, 2, 3, 4, 5].map((n) => `000.23.01.H40-261201-000${n}`));
  });

  it('writes nothing when the engine refuses the action', async () => {
    clock.set(vn('2026-12-02 08:00'));
    const { id } = await service.receive({
      procedureKey: 'land_test',
      receivingAgency: COMMUNE,
      applicant: { name: 'Lê Văn Cường', idNumber: '062090009999', phone: '0905999999' },
      actor: reception,
    });
    const before = await loadDossier(db.knex, id);
    const eventsBefore = await listEvents(db.knex, id);
    await expect(
      service.complete(id, { taskId: (await openTaskId(id, 'Receive')).id, actor: specialist }),
    ).rejects.toMatchObject({ code: 'ROLE_REQUIRED' });
    const after = await loadDossier(db.knex, id);
    expect(after.version).toBe(before.version);
    expect(await listEvents(db.knex, id)).toHaveLength(eventsBefore.length);
    void PROVINCE;
    void DISTRICT;
  });
});
