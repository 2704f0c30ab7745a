// The Decision 766 index (GET /api/index766) for March 2026, computed by the real server
// from dossiers driven through DossierService, checked against figures worked out by
// hand — and each dossier's verdict against the engine's rule (judgeIndex766).
//
// Procedure index766_ready: P2D, one examining step whose end makes the result ready
// (awaitingReturn); the desk hands it over later. Office hours 07:30–11:30, 13:30–17:00.
//
//   id   received            what happens                                        March by the index
//   FEB  Mon 2 Feb 08:00     done Tue 3 Feb                                       (February)
//   P    Thu 26 Feb 08:00    due Mon 2 Mar 08:00; done Tue 3 Mar 10:00            finished late
//   Q    Mon 2 Mar 08:00     online; done Tue 3 Mar 09:00, collected Mon 9 Mar     on time (done, not collected, counts)
//   R    Mon 2 Mar 09:00     supplement 2 Mar 10:00 → Fri 6 Mar 10:00; done Mon 9  on time (4 days of pause left out)
//   S    Mon 2 Mar 08:30     two supplement requests; done Tue 3 Mar 09:00          late: more than one supplement request
//   Y    Tue 10 Mar 08:00    withdrawn Wed 11 Mar 09:00                           on time (stopped before its due)
//   Z    Thu 12 Mar 08:00    due Mon 16 Mar 08:00; rejected Mon 16 Mar 10:00      finished late
//   AP   Mon 9 Mar 08:00     apology Tue 10 Mar 16:00; done Thu 12 Mar 10:00       late: apology
//   T    Mon 16 Mar 08:00    never done (due Wed 18 Mar)                          open, overdue at the end of March
//   W    Mon 23 Mar 08:00    due Wed 25 Mar 08:00; supplement asked Fri 27 Mar    open, paused after its due: late
//   V    Mon 30 Mar 08:00    supplement asked Mon 30 Mar 10:00, still paused       open, paused before its due: on time
//   U    Tue 31 Mar 08:00    untouched (due Thu 2 Apr)                             open, on time at the end of March
//   OUT  Mon 2 Mar 08:00     at the second commune, online; done Tue 3 Mar 08:00   (another agency) on time
//   APR  Wed 1 Apr 08:00     untouched                                            (April)
//
// Commune, March: on time 5 (Q R Y V U) of 11 (finished P Q R S Y Z AP, open T W V U).
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Index766, PublicStatistics } from '../../contract/index.js';
import { judgeIndex766, index766FinishedAt, type Actor } from '../../engine/index.js';
import { startServer, type RunningServer } from '../../server/app.js';
import { FixedClock } from '../../server/clock.js';
import { COMMUNE, DEMO_PASSWORD, SECOND_COMMUNE } from '../../server/seed/demoData.js';
import { DossierService } from '../../server/services/dossierService.js';
import { listTasks } from '../../server/store/index.js';
import { databaseTargets, type TestDatabase } from '../support/databases.js';
import { staff, vn } from './scenario.js';

const fixture = readFileSync(new URL('./fixtures/index766-ready.bpmn', import.meta.url), 'utf8');
const MARCH = '/api/index766?from=2026-03-01&to=2026-03-31';
const LOOKING_AT = vn('2026-04-10 10:00');

type Key = 'FEB' | 'P' | 'Q' | 'R' | 'S' | 'Y' | 'Z' | 'AP' | 'T' | 'W' | 'V' | 'U' | 'OUT' | 'APR';

describe.each(databaseTargets)('the Decision 766 index on $kind', (target) => {
  let db: TestDatabase;
  let running: RunningServer;
  let clock: FixedClock;
  const ids = {} as Record<Key, string>;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    db = await target.open();
    clock = new FixedClock(vn('2026-01-05 08:00'));
    running = await startServer({ port: 0, host: '127.0.0.1', databaseUrl: db.url, database: db.options, clock });
    const service = new DossierService(running.knex, clock);
    await service.deploy(fixture, 'admin');
    const at = (local: string) => clock.set(vn(local));
    let n = 0;
    const receive = async (key: Key, local: string, options: { agency?: string; by?: Actor; channel?: 'desk' | 'online' } = {}) => {
      at(local);
      n += 1;
      const r = await service.receive({
        procedureKey: 'index766_ready',
        receivingAgency: options.agency ?? COMMUNE,
        applicant: { name: `Công dân ${key}`, idNumber: `0620900001${String(n).padStart(2, '0')}`, phone: '0905000000' },
        channel: options.channel,
        actor: options.by ?? staff.reception,
      });
      ids[key] = r.id;
    };
    const examine = async (key: Key, local: string, by: Actor = staff.specialist) => {
      at(local);
      const task = (await listTasks(running.knex, { dossierId: ids[key], state: 'open' }))[0];
      await service.complete(ids[key], { taskId: task.id, actor: by });
    };
    const ask = async (key: Key, local: string) => {
      at(local);
      await service.requestSupplement(ids[key], { actor: staff.specialist, reason: 'Thiếu giấy tờ', items: ['Bản chính'] });
    };
    const bring = async (key: Key, local: string) => {
      at(local);
      await service.supplement(ids[key], { actor: staff.reception, items: ['Bản chính'] });
    };

    await receive('FEB', '2026-02-02 08:00');
    await examine('FEB', '2026-02-03 09:00');
    await receive('P', '2026-02-26 08:00');
    await receive('Q', '2026-03-02 08:00', { channel: 'online' });
    await receive('OUT', '2026-03-02 08:00', { agency: SECOND_COMMUNE, by: staff.secondReception, channel: 'online' });
    await receive('S', '2026-03-02 08:30');
    await receive('R', '2026-03-02 09:00');
    await ask('S', '2026-03-02 09:00');
    await ask('R', '2026-03-02 10:00');
    await bring('S', '2026-03-02 14:00');
    await ask('S', '2026-03-02 15:00');
    await bring('S', '2026-03-03 08:00');
    await examine('OUT', '2026-03-03 08:00', { username: 'xa2.chuyenvien', agencyCode: SECOND_COMMUNE, roles: ['specialist'] });
    await examine('Q', '2026-03-03 09:00');
    await examine('S', '2026-03-03 09:00');
    await examine('P', '2026-03-03 10:00');
    await bring('R', '2026-03-06 10:00');
    await receive('AP', '2026-03-09 08:00');
    at('2026-03-09 09:00');
    await service.returnResult(ids.Q, { actor: staff.returnClerk });
    await examine('R', '2026-03-09 10:00');
    await receive('Y', '2026-03-10 08:00');
    at('2026-03-10 16:00');
    await service.apologize(ids.AP, { actor: staff.head, reason: 'Cần xác minh thêm', newAppointmentAt: vn('2026-03-13 16:00').toISOString() });
    at('2026-03-11 09:00');
    await service.withdraw(ids.Y, { actor: staff.reception, reason: 'Công dân xin rút' });
    await examine('AP', '2026-03-12 10:00');
    await receive('Z', '2026-03-12 08:00');
    at('2026-03-16 10:00');
    await service.reject(ids.Z, { actor: staff.specialist, reason: 'Không thuộc thẩm quyền' });
    await receive('T', '2026-03-16 08:00');
    await receive('W', '2026-03-23 08:00');
    await ask('W', '2026-03-27 10:00');
    await receive('V', '2026-03-30 08:00');
    await ask('V', '2026-03-30 10:00');
    await receive('U', '2026-03-31 08:00');
    await receive('APR', '2026-04-01 08:00');
    clock.set(LOOKING_AT);

    for (const u of ['commune.manager', 'admin']) {
      const res = await fetch(`${running.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: u, password: u === 'admin' ? (process.env.MOTCUA_ADMIN_PASSWORD ?? 'motcua-admin') : DEMO_PASSWORD }),
      });
      expect(res.status, await res.clone().text()).toBe(200);
      tokens[u] = ((await res.json()) as { token: string }).token;
    }
  }, 180_000);

  afterAll(async () => {
    await running?.close();
    await db?.cleanup();
  });

  const get = async <T>(path: string, who = 'commune.manager'): Promise<T> => {
    const res = await fetch(`${running.url}${path}`, { headers: { authorization: `Bearer ${tokens[who]}` } });
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json()) as T;
  };
  const idOf = (id: string) => (Object.entries(ids) as Array<[Key, string]>).find(([, v]) => v === id)?.[0];

  it("counts the commune's March on time by the index's rule: 5 of 11, and says why each of the 6 others is late", async () => {
    const x = await get<Index766>(MARCH);
    expect(x.period).toEqual({ from: '2026-02-28T17:00:00.000Z', to: '2026-03-31T17:00:00.000Z', asOf: '2026-03-31T17:00:00.000Z' });
    expect(x.onTime).toMatchObject({ numerator: 5, denominator: 11, max: 20, points: 9.09, reason: null });
    const late = Object.fromEntries(x.costs.filter((c) => c.metric === 'onTime').map((c) => [idOf(c.dossierId), c.reason]));
    expect(late).toEqual({ P: 'finishedLate', S: 'supplements', Z: 'finishedLate', AP: 'apology', T: 'overdue', W: 'overdue' });
    expect(x.costTotals.onTime).toBe(6);
    const s = x.costs.find((c) => c.dossierId === ids.S)!;
    expect(s.supplementRequests).toBe(2);
    // Late at which step and by whom: P's examining step, done late by the commune's specialist.
    const p = x.costs.find((c) => c.dossierId === ids.P)!;
    expect(p).toMatchObject({ step: 'Xem xét, cấp bản sao', stepAgencyCode: COMMUNE, officer: 'commune.specialist' });
    expect(p.officerName).toBeTruthy();
  });

  it("agrees dossier by dossier with the engine's rule (judgeIndex766)", async () => {
    const { calendar } = await running.context.dossiers.engineContext();
    const end = vn('2026-04-01 00:00');
    const knex: Knex = running.knex;
    const x = await get<Index766>(MARCH);
    const lateBySql = new Set(x.costs.filter((c) => c.metric === 'onTime').map((c) => c.dossierId));
    for (const key of ['P', 'Q', 'R', 'S', 'Y', 'Z', 'AP', 'T', 'W', 'V', 'U'] as Key[]) {
      const d = await knex('dossiers').where('id', ids[key]).first();
      const events = await knex('events').where('dossier_id', ids[key]).orderBy('seq');
      const supplements: Array<{ requestedAt: string; supplementedAt: string | null }> = [];
      for (const e of events) {
        if (e.type === 'supplementRequested') supplements.push({ requestedAt: e.at, supplementedAt: null });
        if (e.type === 'supplemented') supplements[supplements.length - 1].supplementedAt = e.at;
      }
      const j = judgeIndex766(
        calendar,
        {
          originalAppointmentAt: d.original_appointment_at,
          supplements,
          apologies: events.filter((e: any) => e.type === 'apologized').map((e: any) => e.at),
          finishedAt: index766FinishedAt({ resolvedAt: d.resolved_at, returnedAt: d.returned_at, closedAt: d.closed_at }),
        },
        end,
      );
      expect({ key, late: !j.onTime }).toEqual({ key, late: lateBySql.has(ids[key]) });
    }
  });

  it('sees every agency as admin: the second commune adds one dossier on time', async () => {
    const x = await get<Index766>(MARCH, 'admin');
    expect(x.onTime).toMatchObject({ numerator: 6, denominator: 12 });
    const out = x.byAgency.find((a) => a.agencyCode === SECOND_COMMUNE)!;
    expect(out.onTime).toMatchObject({ numerator: 1, denominator: 1, points: 20 });
    expect(x.byAgency.find((a) => a.agencyCode === COMMUNE)!.onTime).toMatchObject({ numerator: 5, denominator: 11 });
  });

  it('goes month by month: February 2 of 2 (P still on time at its end), March 5 of 11', async () => {
    const x = await get<Index766>('/api/index766?from=2026-02-01&to=2026-03-31');
    expect(x.byMonth.map((m) => [m.month, m.onTime.numerator, m.onTime.denominator])).toEqual([
      ['2026-02', 2, 2],
      ['2026-03', 5, 11],
    ]);
  });

  it('reports the metrics whose data is not kept as no data, never a score', async () => {
    const x = await get<Index766>(MARCH);
    for (const [metric, table] of [
      ['synced', 'dossier_sync'],
      ['payment', 'payments'],
      ['satisfaction', 'ratings'],
    ] as const) {
      if (await running.knex.schema.hasTable(table)) continue;
      expect(x[metric]).toEqual({ points: null, max: x[metric].max, numerator: 0, denominator: 0, reason: `noData.${metric}`, notes: [] });
    }
    // Received in March at the commune: Q R S T U V W Y Z AP; online: Q.
    expect(x.online.denominator).toBe(10);
    expect(x.total).toBe(
      Math.round(
        (['onTime', 'synced', 'online', 'payment', 'digitisation', 'satisfaction'] as const).reduce((s, m) => s + (x[m].points ?? 0), 0) * 100,
      ) / 100,
    );
  });

  it('computes every metric once its data is there (the tables issues 16 and 17 write)', async () => {
    const knex = running.knex;
    const now = new Date().toISOString();
    // The tables as their migrations make them when those are there; otherwise the
    // columns the index reads (INDEX766_SOURCES), made here.
    const created: string[] = [];
    const make = async (table: string, build: (t: Knex.CreateTableBuilder) => void) => {
      if (await knex.schema.hasTable(table)) return;
      await knex.schema.createTable(table, build);
      created.push(table);
    };
    await make('files', (t) => {
      t.string('id', 64).primary();
      t.string('dossier_id', 64).notNullable();
      t.string('name', 255).notNullable();
      t.string('media_type', 64).notNullable();
      t.bigInteger('size').notNullable();
      t.string('sha256', 64).notNullable();
      t.string('component', 64).nullable();
      t.string('purpose', 16).notNullable();
      t.string('uploaded_by', 128).notNullable();
      t.string('uploaded_at', 32).notNullable();
    });
    await make('dossier_sync', (t) => {
      t.string('dossier_id', 64).primary();
      t.string('state', 16).notNullable();
    });
    await make('payments', (t) => {
      t.string('id', 64).primary();
      t.string('dossier_id', 64).notNullable();
      t.integer('amount').notNullable();
      t.string('method', 16).notNullable();
      t.string('status', 16).notNullable();
    });
    await make('ratings', (t) => {
      t.string('dossier_id', 64).primary();
      t.integer('score').notNullable();
    });
    // Any other required column of a migration's table gets a plain value.
    let serial = 0;
    const insert = async (table: string, rows: Record<string, unknown>[]) => {
      const info = await knex(table).columnInfo();
      await knex(table).insert(
        rows.map((row) => {
          const full: Record<string, unknown> = { ...row };
          for (const [column, c] of Object.entries(info) as Array<[string, Knex.ColumnInfo]>) {
            if (column in full || c.nullable || c.defaultValue !== null) continue;
            serial += 1;
            full[column] = /int|numeric|real|double/i.test(c.type) ? serial : /_at$/.test(column) ? now : `index766-${serial}`;
          }
          return full;
        }),
      );
    };
    await insert('dossier_sync', [
      { dossier_id: ids.Q, state: 'sent' },
      { dossier_id: ids.R, state: 'sent' },
      { dossier_id: ids.S, state: 'failed' },
      { dossier_id: ids.T, state: 'sent' },
    ]);
    await insert('payments', [
      { dossier_id: ids.Q, amount: 50_000, method: 'online', status: 'paid' },
      { dossier_id: ids.R, amount: 50_000, method: 'cash', status: 'paid' },
      { dossier_id: ids.S, amount: 30_000, method: 'online', status: 'pending' },
      { dossier_id: ids.T, amount: 0, method: 'cash', status: 'paid' },
    ]);
    const file = (key: Key, purpose: 'component' | 'result', n: number) => ({
      id: `index766-${key}-${n}`,
      dossier_id: ids[key],
      name: `${key}.pdf`,
      media_type: 'application/pdf',
      size: 1000,
      sha256: String(n).padStart(64, '0'),
      component: purpose === 'component' ? 'don' : null,
      purpose,
      uploaded_by: 'commune.reception',
      uploaded_at: now,
    });
    await insert('files', [file('Q', 'component', 1), file('R', 'component', 2), file('S', 'component', 3), file('T', 'component', 4), file('U', 'component', 5), file('Q', 'result', 6)]);
    await insert('ratings', [
      { dossier_id: ids.Q, score: 3 },
      { dossier_id: ids.R, score: 1 },
      { dossier_id: ids.Y, score: 2 },
    ]);
    try {
      const x = await get<Index766>(MARCH);
      const pick = (m: keyof Index766) => {
        const f = x[m] as Index766['onTime'];
        return [f.numerator, f.denominator, f.points, f.reason];
      };
      expect(pick('onTime')).toEqual([5, 11, 9.09, null]);
      // Synced: Q R T of the 10 received in March (S failed).
      expect(pick('synced')).toEqual([3, 10, 1.8, null]);
      // Online: Q, which has its electronic result.
      expect(pick('online')).toEqual([1, 10, 1.2, null]);
      expect(x.online.notes).toEqual([]);
      // Payment: a fee was due on Q R S (T's is zero); Q paid online.
      expect(pick('payment')).toEqual([1, 3, 3.33, null]);
      // Digitisation: Q R S T U scanned.
      expect(pick('digitisation')).toEqual([5, 10, 11, null]);
      // Satisfaction: finished in March P Q R S Y Z AP; R rated not satisfied, P S Z AP late: Q and Y.
      expect(pick('satisfaction')).toEqual([2, 7, 5.14, null]);
      expect(x.total).toBe(31.56);
      expect(x.totalMax).toBe(88);
      const why = (metric: string) => x.costs.filter((c) => c.metric === metric).map((c) => `${idOf(c.dossierId)}:${c.reason}`).sort();
      expect(why('synced')).toEqual(['AP:notSynced', 'S:notSynced', 'U:notSynced', 'V:notSynced', 'W:notSynced', 'Y:notSynced', 'Z:notSynced']);
      expect(why('payment')).toEqual(['R:unpaidOnline', 'S:unpaidOnline']);
      expect(why('satisfaction')).toEqual(['R:notSatisfied']);
      expect(why('online')).toEqual([]);

      // The report form as a spreadsheet, read back with the same numbers.
      const res = await fetch(`${running.url}${MARCH.replace('/api/index766', '/api/index766/report.xlsx')}`, {
        headers: { authorization: `Bearer ${tokens['commune.manager']}` },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('spreadsheetml');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as any);
      const ws = wb.getWorksheet('Chỉ số 766')!;
      const totalRow = ws.getRows(1, ws.rowCount)!.find((r) => r.getCell(3).value === 'Tổng cộng')!;
      // STT, code, name, then (numerator, denominator, points) per metric, total, out of.
      const cells = (totalRow.values as unknown[]).slice(4);
      expect(cells).toEqual([5, 11, 9.09, 3, 10, 1.8, 1, 10, 1.2, 1, 3, 3.33, 5, 10, 11, 2, 7, 5.14, 31.56, 88]);
    } finally {
      for (const table of ['dossier_sync', 'payments', 'ratings', 'files']) await knex(table).whereIn('dossier_id', Object.values(ids)).delete();
      for (const table of created) await knex.schema.dropTable(table);
    }
  });

  it('publishes the on-time rate by agency and month to anyone, with nothing personal', async () => {
    const res = await fetch(`${running.url}/api/public/statistics?year=2026`);
    expect(res.status, await res.clone().text()).toBe(200);
    const body = (await res.json()) as PublicStatistics;
    expect(body.months).toEqual(['2026-01', '2026-02', '2026-03', '2026-04']);
    const commune = body.agencies.find((a) => a.agencyCode === COMMUNE)!;
    expect(commune.months.find((m) => m.month === '2026-03')).toEqual({ month: '2026-03', onTime: 5, total: 11, rate: 5 / 11 });
    expect(body.province.find((m) => m.month === '2026-03')).toMatchObject({ onTime: 6, total: 12 });
    const text = JSON.stringify(body);
    for (const key of ['Q', 'P'] as Key[]) expect(text).not.toContain(ids[key]);
    expect(text).not.toContain('Công dân');
  });

  it('refuses an agency the manager does not oversee, and anyone without a login', async () => {
    const other = await fetch(`${running.url}${MARCH}&agency=${SECOND_COMMUNE}`, { headers: { authorization: `Bearer ${tokens['commune.manager']}` } });
    expect(other.status).toBe(403);
    expect((await other.json()).error).toMatchObject({ code: 'FORBIDDEN', messageKey: 'FORBIDDEN.agency' });
    const anonymous = await fetch(`${running.url}${MARCH}`);
    expect(anonymous.status).toBe(401);
  });
});
