// The SQLite floor: what persisting one action costs with nothing but the driver. The
// same migrated schema (so the same indexes are maintained), the same bytes as MộtCửa
// writes for the permit (the 13 results of a real run, captured once, with each dossier's
// id and code substituted), and per action exactly 4 prepared statements in one
// transaction (BEGIN … COMMIT):
//   1. the dossier row: INSERT (receive) or a compare-and-set UPDATE of the projected
//      columns that changed, state JSON, last history hash and version (`where id = ? and
//      version = ?`) — as the store writes it;
//   2. its tasks: one multi-row INSERT … ON CONFLICT(id) DO UPDATE (opened and changed rows);
//   3. its history: one multi-row INSERT into events (each row with its chain hash);
//   4. its effects: one multi-row INSERT into outbox.
// No read at all: the floor knows the state it writes. node-sqlite3 without knex, the
// store's pragmas (WAL, busy_timeout, foreign_keys), synchronous as asked.
import { createHash, randomUUID } from 'node:crypto';
import type { ActionResult, DossierState, Effect, HistoryEvent, Task } from '../../engine/index.js';
import { COMMUNE } from '../../server/seed/demoData.js';
import { ACTIONS_PER_DOSSIER, BENCH_NOW, PERMIT_KEY, applicant } from '../lib/permit.js';
import { openProvince, tempFile } from '../lib/province.js';
import { RawSqlite, type Prepared, type Synchronous } from '../lib/rawSqlite.js';
import { driveDossier, type Contender } from './inProcess.js';

type Row = Record<string, unknown>;

interface FloorAction {
  insert: boolean;
  dossier: Row;
  tasks: Row[];
  events: Row[];
  outbox: Row[];
}

const iso = (v: string | null | undefined) => (v ? new Date(v).toISOString() : null);

function projection(state: DossierState): Row {
  return {
    status: state.status,
    result: state.result,
    holding_agency: state.holdingAgency,
    appointment_at: iso(state.appointmentAt),
    original_appointment_at: iso(state.originalAppointmentAt),
    paused_minutes: state.pausedMinutes,
    resolved_at: iso(state.resolvedAt),
    returned_at: iso(state.returnedAt),
    closed_at: iso(state.closedAt),
    state: JSON.stringify(state),
  };
}

function taskRow(dossierId: string, task: Task): Row {
  return {
    id: task.id,
    dossier_id: dossierId,
    step_id: task.stepId,
    name: task.name,
    role: task.role,
    agency_code: task.agencyCode,
    assignee: task.assignee,
    state: task.state,
    started_at: iso(task.startedAt),
    allotted: task.allotted,
    due_at: iso(task.dueAt),
    due_soon_at: iso(task.dueSoonAt),
    due_soon_notified: task.dueSoonNotified ? 1 : 0,
    wake_at: task.state === 'open' ? iso(task.dueSoonAt) : null,
    escalation_level: task.escalationLevel,
    completed_at: iso(task.completedAt),
    completed_by: task.completedBy,
    outcome: task.outcome,
    comment: task.comment,
    verdict: task.verdict,
  };
}

function eventRow(dossierId: string, seq: number, e: HistoryEvent): Row {
  return {
    dossier_id: dossierId,
    seq,
    type: e.type,
    actor: e.actor,
    task_id: e.taskId,
    step_id: e.stepId,
    at: iso(e.at),
    details: JSON.stringify(e.details ?? {}),
    appointment_before: iso(e.appointmentBefore),
    appointment_after: iso(e.appointmentAfter),
  };
}

function outboxRow(dossierId: string, effect: Effect, now: string): Row {
  const taskId = 'task' in effect ? effect.task.id : 'taskId' in effect ? effect.taskId : null;
  return {
    dossier_id: dossierId,
    topic: effect.type,
    payload: JSON.stringify({ ...effect, dossierId, taskId }),
    created_at: now,
    published_at: null,
  };
}

/** The permit's 13 results as rows, from one real run of DossierService. */
async function captureActions(): Promise<{ template: string; id: string; code: string; lookup: string }> {
  const province = await openProvince({ sqliteFile: tempFile('floor-capture.db') });
  const results: ActionResult[] = [];
  try {
    await driveDossier(province.service, 1, async (_label, fn) => {
      const r = await fn();
      results.push('result' in (r as object) ? (r as { result: ActionResult }).result : (r as ActionResult));
      return r;
    });
  } finally {
    await province.close();
  }
  const first = results[0].state;
  const now = BENCH_NOW.toISOString();
  let seq = 0;
  let lastHash = '0'.repeat(64);
  let previous: Row | null = null;
  const before = new Map<string, string>();
  const actions: FloorAction[] = results.map((r, i) => {
    // Like the store: the history rows chained by hash, the dossier's last hash beside
    // them, and an update sets only the columns that changed (the state always does).
    const events = r.events.map((e) => {
      const row = eventRow(first.id, ++seq, e);
      lastHash = createHash('sha256').update(lastHash).update(JSON.stringify(row)).digest('hex');
      return { ...row, hash: lastHash };
    });
    const full = projection(r.state);
    const changed: Row = previous ? Object.fromEntries(Object.entries(full).filter(([c, v]) => c === 'state' || previous![c] !== v)) : full;
    previous = full;
    const dossier = events.length > 0 ? { ...changed, last_event_hash: lastHash } : changed;
    // Tasks opened or changed by this action (the store skips unchanged rows too).
    const tasks = r.state.tasks
      .filter((t) => before.get(t.id) !== JSON.stringify(t))
      .map((t) => taskRow(first.id, t));
    for (const t of r.state.tasks) before.set(t.id, JSON.stringify(t));
    return {
      insert: i === 0,
      dossier,
      tasks,
      events,
      outbox: r.effects.map((e) => outboxRow(first.id, e, now)),
    };
  });
  if (actions.length !== ACTIONS_PER_DOSSIER) throw new Error(`captured ${actions.length} actions`);
  return { template: JSON.stringify(actions), id: first.id, code: first.code, lookup: 'BENCH1' };
}

class Statements {
  private readonly cache = new Map<string, Prepared>();
  constructor(private readonly db: RawSqlite) {}
  run(sql: string, params: unknown[]): Promise<number> {
    let stmt = this.cache.get(sql);
    if (!stmt) this.cache.set(sql, (stmt = this.db.prepare(sql)));
    return stmt.run(params);
  }
  async close(): Promise<void> {
    for (const s of this.cache.values()) await s.finalize();
  }
}

function multiInsert(table: string, rows: Row[], suffix = ''): [string, unknown[]] {
  const columns = Object.keys(rows[0]);
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  const sql = `insert into ${table} (${columns.join(', ')}) values ${rows.map(() => tuple).join(', ')}${suffix}`;
  return [sql, rows.flatMap((r) => columns.map((c) => r[c]))];
}

/** The floor as a contender of the same-run comparison. */
export async function openFloor(synchronous: Synchronous): Promise<Contender & { statementsPerAction(): number }> {
  const captured = await captureActions();
  const file = tempFile(`floor-${synchronous.toLowerCase()}.db`);
  // The schema and the reference rows the foreign keys need, through the store, then closed.
  const province = await openProvince({ sqliteFile: file });
  await province.knex.destroy();

  const db = await RawSqlite.open(file, synchronous);
  const statements = new Statements(db);
  const parts = captured.template.split(captured.id).map((p) => p.split(captured.code));
  const substitute = (id: string, code: string): FloorAction[] => JSON.parse(parts.map((p) => p.join(code)).join(id)) as FloorAction[];
  const tasksUpsert = (rows: Row[]) => {
    const columns = Object.keys(rows[0]).filter((c) => c !== 'id');
    return multiInsert('tasks', rows, ` on conflict(id) do update set ${columns.map((c) => `${c} = excluded.${c}`).join(', ')}`);
  };
  const now = BENCH_NOW.toISOString();
  let statementCount = 0;
  let actionCount = 0;
  const dossier = async (i: number) => {
    const id = randomUUID();
    const code = `000.01.23.H40-261110-F${String(i + 1_000_000).padStart(8, '0')}`;
    let version = 0;
    for (const a of substitute(id, code)) {
      await db.run('BEGIN');
      if (a.insert) {
        const row = {
          id,
          code,
          lookup_secret: captured.lookup,
          procedure_key: PERMIT_KEY,
          procedure_version: 1,
          channel: 'desk',
          receiving_agency: COMMUNE,
          applicant: JSON.stringify(applicant(i)),
          received_at: now,
          ...a.dossier,
          version: 1,
          created_at: now,
          updated_at: now,
        };
        const [sql, params] = multiInsert('dossiers', [row]);
        await statements.run(sql, params);
        version = 1;
      } else {
        const columns = Object.keys(a.dossier);
        const changed = await statements.run(
          `update dossiers set ${columns.map((c) => `${c} = ?`).join(', ')}, version = ?, updated_at = ? where id = ? and version = ?`,
          [...columns.map((c) => a.dossier[c]), version + 1, now, id, version],
        );
        if (changed !== 1) throw new Error('floor: version check failed');
        version += 1;
      }
      let n = 1;
      if (a.tasks.length > 0) {
        const [sql, params] = tasksUpsert(a.tasks);
        await statements.run(sql, params);
        n++;
      }
      if (a.events.length > 0) {
        const [sql, params] = multiInsert('events', a.events);
        await statements.run(sql, params);
        n++;
      }
      if (a.outbox.length > 0) {
        const [sql, params] = multiInsert('outbox', a.outbox);
        await statements.run(sql, params);
        n++;
      }
      await db.run('COMMIT');
      statementCount += n;
      actionCount += 1;
    }
  };
  return {
    name: `sqlite-floor-${synchronous.toLowerCase()}`,
    async run(count, offset) {
      for (let i = 0; i < count; i++) await dossier(offset + i);
    },
    statementsPerAction: () => (actionCount === 0 ? 0 : statementCount / actionCount),
    async close() {
      await statements.close();
      await db.close();
    },
  };
}
