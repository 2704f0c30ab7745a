import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionResult, DossierState, Effect } from '../../engine/dossier/types.js';
import {
  dueTasks,
  dueTimers,
  findDossierByCode,
  inTransaction,
  insertDossier,
  listEvents,
  listTasks,
  loadDossier,
  migrate,
  newId,
  newLookupSecret,
  nextDossierCode,
  saveDossierAction,
  unpublished,
} from '../../server/store/index.js';
import { databaseTargets, type TestDatabase } from '../support/databases.js';
import { COMMUNE, DISTRICT, TAX, deployProcedure, event, makeTask, receivedResult, seedAgencies, wakeAt } from './fixtures.js';

const APPLICANT = { name: 'Nguyễn Văn An', idNumber: '062090000123', phone: '0905123456' };
const LATER = '2026-11-12T03:30:00.000Z';

describe.each(databaseTargets)('dossiers on $kind', (target) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await target.open();
    await migrate(db.knex);
    await seedAgencies(db.knex);
    await deployProcedure(db.knex);
  });
  afterAll(async () => {
    await db?.cleanup();
  });

  async function receive(): Promise<ActionResult> {
    return inTransaction(db.knex, async (trx) => {
      const code = await nextDossierCode(trx, COMMUNE, '2026-11-12');
      const result = receivedResult(newId(), code);
      await insertDossier(trx, { result, lookupSecret: newLookupSecret(), applicant: APPLICANT, now: result.state.receivedAt, wakeAt });
      return result;
    });
  }

  /** The specialist completes task 1; the head gets task 2 at the district. */
  function completeFirstStep(state: DossierState): ActionResult {
    const done = { ...state.tasks[0], state: 'done' as const, completedAt: LATER, completedBy: 'commune.specialist', outcome: 'approve', verdict: 'early' as const };
    const next = makeTask(state.id, 2, { role: 'head', agencyCode: DISTRICT, startedAt: LATER, dueAt: '2026-11-16T02:00:00.000Z', dueSoonAt: '2026-11-13T09:00:00.000Z' });
    const next_state: DossierState = {
      ...state,
      holdingAgency: DISTRICT,
      lastOutcome: 'approve',
      tasks: [done, next],
      timers: [{ id: `${state.id}.t1`, nodeId: 'reminder', kind: 'boundaryTimer', dueAt: '2026-11-14T02:00:00.000Z', taskId: next.id, repeatsLeft: null }],
      seq: 3,
    };
    return {
      state: next_state,
      effects: [
        { type: 'taskClosed', task: done },
        { type: 'handoff', taskId: next.id, stepId: next.stepId, fromAgency: COMMUNE, toAgency: DISTRICT },
        { type: 'taskOpened', task: next },
      ],
      events: [
        event('completed', { at: LATER, actor: 'commune.specialist', taskId: done.id, stepId: done.stepId, details: { outcome: 'approve' } }),
        event('transferred', { at: LATER, actor: 'commune.specialist', taskId: next.id, stepId: next.stepId }),
      ],
    };
  }

  it('stores a received dossier whole and reads it back: state, projection, tasks, history, outbox', async () => {
    const received = await receive();
    const { row, state, version } = await loadDossier(db.knex, received.state.id);
    expect(state).toEqual(received.state);
    expect(version).toBe(1);
    expect(row).toMatchObject({
      code: received.state.code,
      status: 'processing',
      receivingAgency: COMMUNE,
      holdingAgency: COMMUNE,
      applicant: APPLICANT,
      receivedAt: '2026-11-12T02:00:00.000Z',
      appointmentAt: '2026-11-17T02:00:00.000Z',
      pausedMinutes: 0,
      closedAt: null,
    });
    expect(row.lookupSecret).toMatch(/^[A-Z2-9]{6}$/);

    const tasks = await listTasks(db.knex, { dossierId: received.state.id });
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ id: `${received.state.id}.1`, dossierCode: received.state.code, state: 'open', wakeAt: '2026-11-12T08:30:00.000Z', dueSoonNotified: false });

    expect((await listEvents(db.knex, received.state.id)).map((e) => [e.seq, e.type])).toEqual([[1, 'received']]);

    const messages = (await unpublished(db.knex, 1000)).filter((m) => m.dossierId === received.state.id);
    expect(messages.map((m) => m.topic)).toEqual(['taskOpened', 'dossierUpdated']);
    expect(messages[0].payload).toMatchObject({ dossierId: received.state.id, taskId: `${received.state.id}.1` });
    expect(messages[1].payload).toMatchObject({ dossierId: received.state.id, taskId: null });
  });

  it('saves an action: dossier moves on, tasks upserted, timers replaced, events appended, one outbox row per effect', async () => {
    const received = await receive();
    const result = completeFirstStep(received.state);
    const version = await inTransaction(db.knex, (trx) =>
      saveDossierAction(trx, { dossierId: received.state.id, expectedVersion: 1, result, now: LATER, wakeAt }),
    );
    expect(version).toBe(2);

    const loaded = await loadDossier(db.knex, received.state.id);
    expect(loaded.version).toBe(2);
    expect(loaded.state).toEqual(result.state);
    expect(loaded.row.holdingAgency).toBe(DISTRICT);
    expect(loaded.row.updatedAt).toBe(LATER);

    const tasks = await listTasks(db.knex, { dossierId: received.state.id });
    expect(tasks.map((t) => [t.stepId, t.state, t.agencyCode, t.wakeAt])).toEqual([
      // Closed tasks never wake the scheduler.
      ['step1', 'done', COMMUNE, null],
      ['step2', 'open', DISTRICT, '2026-11-13T09:00:00.000Z'],
    ]);
    expect(tasks[0]).toMatchObject({ completedBy: 'commune.specialist', outcome: 'approve', verdict: 'early' });

    const timers = await db.knex('timers').where({ dossier_id: received.state.id });
    expect(timers.map((t) => [t.node_id, t.due_at, t.task_id])).toEqual([['reminder', '2026-11-14T02:00:00.000Z', `${received.state.id}.2`]]);

    expect((await listEvents(db.knex, received.state.id)).map((e) => [e.seq, e.type])).toEqual([
      [1, 'received'],
      [2, 'completed'],
      [3, 'transferred'],
    ]);
    const topics = (await unpublished(db.knex, 1000)).filter((m) => m.dossierId === received.state.id).map((m) => m.topic);
    expect(topics).toEqual(['taskOpened', 'dossierUpdated', 'taskClosed', 'handoff', 'taskOpened']);
  });

  it('lets exactly one of two concurrent saves from the same version win; the other gets VERSION_CONFLICT', async () => {
    const received = await receive();
    const attempt = (actor: string) =>
      inTransaction(db.knex, (trx) =>
        saveDossierAction(trx, {
          dossierId: received.state.id,
          expectedVersion: 1,
          result: { ...completeFirstStep(received.state), events: [event('claimed', { actor, at: LATER })] },
          now: LATER,
          wakeAt,
        }),
      );
    const outcomes = await Promise.allSettled([attempt('a'), attempt('b')]);
    const won = outcomes.filter((o) => o.status === 'fulfilled');
    const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0].reason).toMatchObject({ code: 'VERSION_CONFLICT', details: { expectedVersion: 1, actualVersion: 2 } });
    // Only the winner's history was written.
    expect((await listEvents(db.knex, received.state.id)).map((e) => e.type)).toEqual(['received', 'claimed']);
    expect((await loadDossier(db.knex, received.state.id)).version).toBe(2);
  });

  it('says NOT_FOUND, not VERSION_CONFLICT, for a dossier that does not exist', async () => {
    const result = receivedResult('no-such-dossier', 'X');
    await expect(
      inTransaction(db.knex, (trx) => saveDossierAction(trx, { dossierId: 'no-such-dossier', expectedVersion: 1, result, now: LATER, wakeAt })),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(loadDossier(db.knex, 'no-such-dossier')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('applies nothing when the save fails half-way (an outbox row the database refuses)', async () => {
    const received = await receive();
    const result = completeFirstStep(received.state);
    // A topic-less effect violates outbox.topic NOT NULL — after the dossier, tasks,
    // timers and events have already been written in this transaction.
    const broken: ActionResult = { ...result, effects: [...result.effects, { type: null } as unknown as Effect] };
    await expect(
      inTransaction(db.knex, (trx) => saveDossierAction(trx, { dossierId: received.state.id, expectedVersion: 1, result: broken, now: LATER, wakeAt })),
    ).rejects.toThrow();

    const loaded = await loadDossier(db.knex, received.state.id);
    expect(loaded.version).toBe(1);
    expect(loaded.state).toEqual(received.state);
    expect((await listTasks(db.knex, { dossierId: received.state.id })).map((t) => [t.id, t.state])).toEqual([[`${received.state.id}.1`, 'open']]);
    expect(await db.knex('timers').where({ dossier_id: received.state.id })).toEqual([]);
    expect((await listEvents(db.knex, received.state.id)).map((e) => e.type)).toEqual(['received']);
    expect((await unpublished(db.knex, 1000)).filter((m) => m.dossierId === received.state.id)).toHaveLength(2);
  });

  it('keeps history append-only and ordered: earlier events never change, a duplicate position is refused', async () => {
    const received = await receive();
    let state = received.state;
    for (let version = 1; version <= 3; version++) {
      const at = `2026-11-12T0${3 + version}:00:00.000Z`;
      await inTransaction(db.knex, (trx) =>
        saveDossierAction(trx, {
          dossierId: state.id,
          expectedVersion: version,
          result: { state, effects: [], events: [event('claimed', { at, details: { round: version } }), event('completed', { at })] },
          now: at,
          wakeAt,
        }),
      );
    }
    const history = await listEvents(db.knex, state.id);
    expect(history.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(history.map((e) => e.type)).toEqual(['received', 'claimed', 'completed', 'claimed', 'completed', 'claimed', 'completed']);
    expect(history[3].details).toEqual({ round: 2 });
    expect(history[0]).toMatchObject({ type: 'received', at: '2026-11-12T02:00:00.000Z', appointmentAfter: '2026-11-17T02:00:00.000Z' });
    await expect(
      db.knex('events').insert({ dossier_id: state.id, seq: 2, type: 'completed', at: LATER, details: '{}' }),
    ).rejects.toThrow(/unique|duplicate/i);
  });

  it('refuses to raise the same escalation level of a task twice, rolling the whole save back', async () => {
    const received = await receive();
    const task = { ...received.state.tasks[0], escalationLevel: 1 };
    const escalate = (): ActionResult => ({
      state: { ...received.state, tasks: [task] },
      effects: [{ type: 'escalated', task, level: 1, notify: ['head'] }],
      events: [event('escalated', { taskId: task.id, details: { level: 1 } })],
    });
    await inTransaction(db.knex, (trx) => saveDossierAction(trx, { dossierId: received.state.id, expectedVersion: 1, result: escalate(), now: LATER, wakeAt }));
    // A scheduler that restarted with a stale idea of the task tries again.
    await expect(
      inTransaction(db.knex, (trx) => saveDossierAction(trx, { dossierId: received.state.id, expectedVersion: 2, result: escalate(), now: LATER, wakeAt })),
    ).rejects.toMatchObject({ code: 'DUPLICATE' });
    expect((await loadDossier(db.knex, received.state.id)).version).toBe(2);
    expect((await listEvents(db.knex, received.state.id)).map((e) => e.type)).toEqual(['received', 'escalated']);
  });

  it('stores every instant as fixed-width UTC, whatever offset the engine wrote', async () => {
    const received = await inTransaction(db.knex, async (trx) => {
      const code = await nextDossierCode(trx, COMMUNE, '2026-11-12');
      const result = receivedResult(newId(), code);
      result.state.appointmentAt = '2026-11-17T09:00:00+07:00';
      result.state.tasks[0].dueAt = '2026-11-13T09:00:00+07:00';
      await insertDossier(trx, { result, lookupSecret: newLookupSecret(), applicant: APPLICANT, now: '2026-11-12T09:00:00+07:00', wakeAt });
      return result;
    });
    const { row } = await loadDossier(db.knex, received.state.id);
    expect(row.appointmentAt).toBe('2026-11-17T02:00:00.000Z');
    expect(row.createdAt).toBe('2026-11-12T02:00:00.000Z');
    const [task] = await listTasks(db.knex, { dossierId: received.state.id });
    expect(task.dueAt).toBe('2026-11-13T02:00:00.000Z');
  });

  it('finds a dossier by its printed code', async () => {
    const received = await receive();
    const found = await findDossierByCode(db.knex, received.state.code);
    expect(found?.state.id).toBe(received.state.id);
    expect(await findDossierByCode(db.knex, '000.01.23.H40-261112-9999')).toBeNull();
  });
});

describe.each(databaseTargets)('inbox and scheduler queries on $kind', (target) => {
  let db: TestDatabase;
  const ids: string[] = [];
  beforeAll(async () => {
    db = await target.open();
    await migrate(db.knex);
    await seedAgencies(db.knex);
    await deployProcedure(db.knex);
    // Four dossiers, one task each: due at 10:00, 09:00, 11:00 local; the last one done.
    const specs = [
      { wake: '2026-11-12T03:00:00.000Z', agency: COMMUNE, role: 'specialist', assignee: null, state: 'open' as const },
      { wake: '2026-11-12T02:00:00.000Z', agency: COMMUNE, role: 'specialist', assignee: 'commune.specialist', state: 'open' as const },
      { wake: '2026-11-12T04:00:00.000Z', agency: TAX, role: 'specialist', assignee: null, state: 'open' as const },
      { wake: '2026-11-12T01:00:00.000Z', agency: COMMUNE, role: 'head', assignee: null, state: 'done' as const },
    ];
    for (const [i, spec] of specs.entries()) {
      await inTransaction(db.knex, async (trx) => {
        const code = await nextDossierCode(trx, COMMUNE, '2026-11-12');
        const result = receivedResult(newId(), code);
        result.state.tasks = [
          makeTask(result.state.id, 1, { agencyCode: spec.agency, role: spec.role, assignee: spec.assignee, state: spec.state, dueAt: spec.wake, dueSoonAt: spec.wake }),
        ];
        result.state.timers = [{ id: `${result.state.id}.t`, nodeId: 'wait', kind: 'intermediateTimer', dueAt: spec.wake, taskId: null, repeatsLeft: 2 }];
        await insertDossier(trx, { result, lookupSecret: newLookupSecret(), applicant: APPLICANT, now: result.state.receivedAt, wakeAt });
        ids[i] = result.state.id;
      });
    }
  });
  afterAll(async () => {
    await db?.cleanup();
  });

  it('lists a clerk inbox: own tasks plus unassigned ones of their role and agency, most urgent first', async () => {
    const inbox = await listTasks(db.knex, { state: 'open', inboxOf: { username: 'commune.specialist', agencyCode: COMMUNE, roles: ['specialist'] } });
    expect(inbox.map((t) => t.dossierId)).toEqual([ids[1], ids[0]]);
    const otherClerk = await listTasks(db.knex, { state: 'open', inboxOf: { username: 'someone.else', agencyCode: COMMUNE, roles: ['specialist'] } });
    expect(otherClerk.map((t) => t.dossierId)).toEqual([ids[0]]);
    expect((await listTasks(db.knex, { agencyCode: TAX, roles: ['specialist'], assignee: null })).map((t) => t.dossierId)).toEqual([ids[2]]);
    expect((await listTasks(db.knex, { state: ['done', 'cancelled'] })).map((t) => t.dossierId)).toEqual([ids[3]]);
  });

  it('hands the scheduler open tasks whose wake-up time has come, earliest first, never closed ones', async () => {
    const due = await inTransaction(db.knex, (trx) => dueTasks(trx, '2026-11-12T03:00:00.000Z', 10));
    expect(due.map((t) => t.dossierId)).toEqual([ids[1], ids[0]]);
    const limited = await inTransaction(db.knex, (trx) => dueTasks(trx, '2026-11-12T05:00:00.000Z', 1));
    expect(limited.map((t) => t.dossierId)).toEqual([ids[1]]);
  });

  it('hands out due timers earliest first', async () => {
    const timers = await inTransaction(db.knex, (trx) => dueTimers(trx, '2026-11-12T03:00:00.000Z', 10));
    expect(timers.map((t) => [t.dossierId, t.kind, t.repeatsLeft])).toEqual([
      [ids[3], 'intermediateTimer', 2],
      [ids[1], 'intermediateTimer', 2],
      [ids[0], 'intermediateTimer', 2],
    ]);
  });

  it.runIf(target.kind === 'postgres')('lets two schedulers claim disjoint due tasks (FOR UPDATE SKIP LOCKED)', async () => {
    let release!: () => void;
    const hold = new Promise<void>((resolve) => (release = resolve));
    let first: string[] = [];
    const holder = inTransaction(db.knex, async (trx) => {
      first = (await dueTasks(trx, '2026-11-12T05:00:00.000Z', 1)).map((t) => t.id);
      await hold;
    });
    await new Promise((r) => setTimeout(r, 100));
    const second = await inTransaction(db.knex, async (trx) => (await dueTasks(trx, '2026-11-12T05:00:00.000Z', 10)).map((t) => t.id));
    release();
    await holder;
    expect(first).toHaveLength(1);
    expect(second).toHaveLength(2);
    expect(second).not.toContain(first[0]);
  });
});
