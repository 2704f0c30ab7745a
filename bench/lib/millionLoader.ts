// Bulk-loads the 1,000,000-dossier database: the schema from migrations/ (through the
// store), the demo agencies and accounts (server/seed) plus the rest of a province
// (lib/bigProvince.ts), the five shipped procedures and the bench permit deployed, then
// the rows written directly with multi-row INSERTs in a few large transactions — not
// replayed through the engine (that would take hours).
//
// What the rows look like (a province over three years, to Friday 20 November 2026):
// - received on working days in office hours (online ones at any hour, weekends too),
//   growing ~50 % over the three years, online share 20 % → 50 %, post 5 %;
// - desks: communes 55 % (birth registration, first land certificate, bench permit),
//   district people's committees 35 % (household business, construction permit), the
//   Department of Justice 10 % (judicial record);
// - fate: 2 % rejected and 1.5 % withdrawn part-way; the rest processed at 30–85 % of the
//   steps' allotments (35 %), 85–100 % (55 %) or 100–150 % (10 %, late), each step's share
//   jittered; whatever would end after "now" is still open at the step it has reached
//   (4 % of those waiting for the citizen's supplement);
// - tasks: one row per step reached, with the engine's own due, due-soon, verdict and
//   escalation rules (engine/deadlines) on the office calendar, done ones completed by the
//   agency's officer of that role (the demo accounts where the agency is a demo one), open
//   ones claimed 60 % of the time, the scheduler caught up at "now" (due-soon flags,
//   escalation levels, escalation rows, wake_at strictly after now or null);
// - the `state` column: the real engine state of a dossier of that procedure at that
//   stage (lib/templates.ts) with the dossier's id and code put in — its inner instants
//   are the template's; the columns beside it, which every query reads, are the row's own;
// - pending timers for open land-certificate dossiers at the posting step, an apology
//   event for 0.3 % of the late ones, dossier_sequences as the codes used them;
// - not loaded: the full history (`events` rows other than apologies — nothing measured
//   reads them) and published outbox rows.
import {
  DEFAULT_POLICY,
  computeAppointment,
  dueSoonAt,
  escalationSchedule,
  nextEscalationAt,
  parseDuration,
  verdict as verdictOf,
  type AgencySelector,
} from '../../engine/index.js';
import { FixedClock } from '../../server/clock.js';
import { seedIfEmpty } from '../../server/seed/seed.js';
import { DossierService } from '../../server/services/dossierService.js';
import { migrate, openDatabase } from '../../server/store/index.js';
import { officer, type BigAgency } from './bigProvince.js';
import { RawSqlite } from './rawSqlite.js';
import { ADMIN_PASSWORD } from './serverProcess.js';
import { nowMs, say } from './stats.js';
import { TEMPLATE_CODE, TEMPLATE_ID, procedureTemplates, type ProcedureTemplate } from './templates.js';
import { vn } from './permit.js';

export const MILLION_NOW = vn('2026-11-20 10:00');
const FIRST_DAY = '2023-11-21';
const LAST_DAY = '2026-11-20';

/** Procedure mix per desk level: share of all dossiers. */
const MIX: Record<string, Array<[key: string, share: number]>> = {
  commune: [
    ['dang_ky_khai_sinh', 0.3],
    ['cap_gcn_lan_dau', 0.15],
    ['bench_permit', 0.1],
  ],
  district: [
    ['dang_ky_ho_kinh_doanh', 0.25],
    ['gpxd_nha_o_rieng_le', 0.1],
  ],
  province: [['cap_phieu_ly_lich_tu_phap', 0.1]],
};

// mulberry32: fast, seeded, the same rows every run.
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SECRET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const HEX = '0123456789abcdef';

interface Prepared {
  template: ProcedureTemplate;
  /** Working minutes of each step's allotment. */
  minutes: number[];
  stateParts: string[][][];
  closedParts: string[][];
  cutoff: string | null;
}

function split(json: string): string[][] {
  return json.split(TEMPLATE_ID).map((p) => p.split(TEMPLATE_CODE));
}
function fill(parts: string[][], id: string, code: string): string {
  return parts.map((p) => p.join(code)).join(id);
}

export interface MillionInfo {
  file: string;
  dossiers: number;
  tasks: number;
  openDossiers: number;
  openTasks: number;
  seconds: number;
  bytes: number;
  /** Open tasks in the inbox of some demo clerks (claimable + own). */
  inboxSizes: Record<string, number>;
}

export async function loadMillion(file: string, total: number): Promise<MillionInfo> {
  const t0 = nowMs();
  const { templates, agencies, ctx } = await procedureTemplates();
  // Schema, demo data, the rest of the province, the procedures: the store's own way.
  const knex = await openDatabase(file);
  await migrate(knex);
  await seedIfEmpty(knex, { now: '2023-11-01T00:00:00.000Z', adminPassword: ADMIN_PASSWORD });
  const known = new Set((await knex('agencies').select('code')).map((r: { code: string }) => r.code));
  for (const a of agencies) {
    if (known.has(a.code)) continue;
    await knex('agencies').insert({ code: a.code, name: a.name, name_en: a.nameEn, level: a.level, kind: a.kind, parent_code: a.parentCode, created_at: '2023-11-01T00:00:00.000Z' });
  }
  const service = new DossierService(knex, new FixedClock('2023-11-01T00:00:00.000Z'));
  for (const t of templates) await service.deploy(t.xml, 'bench');
  await knex.destroy();

  say(`1M load: schema, agencies and procedures ready in ${((nowMs() - t0) / 1000).toFixed(1)} s`);
  const db = await RawSqlite.open(file, 'OFF');
  // The indexes of migrations/ stay in place: rows go in in the order they were received,
  // so every index is written near a few hot spots the cache holds (dropping them and
  // building them again would scan the multi-GiB tables once per index).
  await db.exec(`PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA foreign_keys=OFF; PRAGMA cache_size=-524288; PRAGMA temp_store=MEMORY`);

  const cal = ctx.calendar;
  const prepared = new Map<string, Prepared>();
  for (const t of templates) {
    prepared.set(t.key, {
      template: t,
      minutes: t.steps.map((s) => {
        if (!s.allotted) return 60;
        const { days, minutes } = parseDuration(s.allotted);
        return days * 450 + minutes;
      }),
      stateParts: t.stateAt.map(split),
      closedParts: split(t.closed),
      cutoff: t.model.cutoff ?? null,
    });
  }
  const agencyByCode = new Map(agencies.map((a) => [a.code, a]));
  const desks = agencies.filter((a) => a.weight > 0);
  const cumulative: number[] = [];
  desks.reduce((acc, a, i) => (cumulative[i] = acc + a.weight), 0);
  const deskTotal = cumulative.at(-1)!;
  const resolveCache = new Map<string, string>();
  const selectorKeys = new Map<AgencySelector, string>();
  const taskAgency = (selector: AgencySelector, receiving: string): string => {
    let sk = selectorKeys.get(selector);
    if (sk === undefined) selectorKeys.set(selector, (sk = JSON.stringify(selector)));
    const key = `${sk}|${receiving}`;
    let code = resolveCache.get(key);
    if (code === undefined) resolveCache.set(key, (code = ctx.agencies.resolve(selector, receiving)));
    return code;
  };

  // Days and their volume: working days full, weekends and holidays online only (5 %).
  const days: string[] = [];
  for (let d = FIRST_DAY; d <= LAST_DAY; ) {
    days.push(d);
    const next = new Date(`${d}T00:00:00Z`);
    next.setUTCDate(next.getUTCDate() + 1);
    d = next.toISOString().slice(0, 10);
  }
  const weights = days.map((d, i) => (cal.isWorkingDay(d) ? 1 : 0.05) * (0.8 + 0.4 * (i / days.length)));
  const weightSum = weights.reduce((a, b) => a + b, 0);
  const perDay = weights.map((w) => Math.floor((w / weightSum) * total));
  for (let i = 0, left = total - perDay.reduce((a, b) => a + b, 0); left > 0; i = (i + 7) % days.length, left--) perDay[i] += 1;

  const random = prng(20261120);
  const nowIso = MILLION_NOW.toISOString();
  const nowT = MILLION_NOW.getTime();
  const iso = (t: number) => new Date(t).toISOString();
  // The office's local day number (Asia/Ho_Chi_Minh is UTC+7 all year).
  const localDay = (t: number) => Math.floor((t + 7 * 3_600_000) / 86_400_000);

  // Output buffers, flushed as multi-row INSERTs; the driver works on one while we build the next.
  const DOSSIER_COLUMNS = [
    'id', 'code', 'lookup_secret', 'procedure_key', 'procedure_version', 'status', 'result', 'channel', 'receiving_agency',
    'holding_agency', 'applicant', 'received_at', 'appointment_at', 'original_appointment_at', 'paused_minutes', 'resolved_at',
    'returned_at', 'closed_at', 'state', 'version', 'created_at', 'updated_at',
  ];
  const TASK_COLUMNS = [
    'id', 'dossier_id', 'step_id', 'name', 'role', 'agency_code', 'assignee', 'state', 'started_at', 'allotted', 'due_at',
    'due_soon_at', 'due_soon_notified', 'wake_at', 'escalation_level', 'completed_at', 'completed_by', 'outcome', 'comment', 'verdict',
  ];
  // Rows go out as multi-row INSERTs with bound values through prepared statements (one
  // per table and batch size); the driver works on one batch while the next is built.
  const statements = new Map<string, ReturnType<RawSqlite['prepare']>>();
  const inFlight: Promise<unknown>[] = [];
  const send = async (table: string, columns: string[], values: unknown[]) => {
    const rows = values.length / columns.length;
    if (rows === 0) return;
    const key = `${table}|${rows}`;
    let stmt = statements.get(key);
    if (!stmt) {
      const tuple = `(${columns.map(() => '?').join(',')})`;
      statements.set(key, (stmt = db.prepare(`insert into ${table} (${columns.join(', ')}) values ${Array.from({ length: rows }, () => tuple).join(',')}`)));
    }
    inFlight.push(stmt.run(values));
    while (inFlight.length > 2) await inFlight.shift();
  };
  const buffer = (columns: string[], rows: number) => ({ columns, rows, values: [] as unknown[] });
  const buffers = {
    dossiers: buffer(DOSSIER_COLUMNS, 200),
    tasks: buffer(TASK_COLUMNS, 500),
    timers: buffer(['id', 'dossier_id', 'node_id', 'kind', 'due_at', 'task_id', 'repeats_left', 'fired_at'], 500),
    escalations: buffer(['task_id', 'level', 'dossier_id', 'at'], 500),
    events: buffer(['dossier_id', 'seq', 'type', 'actor', 'task_id', 'step_id', 'at', 'details', 'appointment_before', 'appointment_after'], 500),
    dossier_sequences: buffer(['agency_code', 'day', 'last'], 500),
  };
  const push = async (name: keyof typeof buffers, row: unknown[]) => {
    const b = buffers[name];
    for (const v of row) b.values.push(v);
    if (b.values.length >= b.rows * b.columns.length) {
      const values = b.values;
      b.values = [];
      await send(name, b.columns, values);
    }
  };
  const flushAll = async () => {
    for (const name of Object.keys(buffers) as Array<keyof typeof buffers>) {
      const b = buffers[name];
      const values = b.values;
      b.values = [];
      await send(name, b.columns, values);
    }
    await Promise.all(inFlight.splice(0));
  };
  const officers = new Map<string, string>();
  const officerOf = (agency: BigAgency | undefined, role: string) => {
    const k = `${agency?.code}|${role}`;
    let name = officers.get(k);
    if (name === undefined) officers.set(k, (name = officer(agency, role)));
    return name;
  };

  let n = 0;
  let taskCount = 0;
  let openDossiers = 0;
  let openTasks = 0;
  const sequences = new Map<string, number>();
  await db.exec('BEGIN');
  for (let di = 0; di < days.length; di++) {
    const day = days[di];
    const working = cal.isWorkingDay(day);
    const dayStart = cal.atLocal(day).getTime();
    const yymmdd = day.slice(2).replace(/-/g, '');
    const progress = di / days.length;
    for (let k = 0; k < perDay[di]; k++) {
      // Desk and procedure.
      const pick = random() * deskTotal;
      let lo = 0;
      let hi = desks.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cumulative[mid] < pick) lo = mid + 1;
        else hi = mid;
      }
      const desk: BigAgency = desks[lo];
      const mix = MIX[desk.level];
      const mixSum = mix.reduce((a, [, s]) => a + s, 0);
      let r = random() * mixSum;
      let key = mix[0][0];
      for (const [k2, s] of mix) {
        if ((r -= s) <= 0) {
          key = k2;
          break;
        }
      }
      const p = prepared.get(key)!;
      const t = p.template;
      // Channel and instant.
      const online = !working || random() < 0.2 + 0.3 * progress;
      const channel = online ? 'online' : random() < 0.08 ? 'post' : 'desk';
      const minuteOfDay = online ? Math.floor(random() * 24 * 60) : 450 + Math.floor(random() * 570);
      const receivedAtT = dayStart + minuteOfDay * 60_000 + Math.floor(random() * 60_000);
      // The last day's dossiers arrive before "now".
      const receivedT = Math.min(receivedAtT, nowT - 60_000 * (1 + Math.floor(random() * 120)));
      const receivedAt = new Date(receivedT);
      const { countingFrom, appointmentAt } = computeAppointment(cal, receivedAt, t.model.timeLimit, t.model.dayCount, { cutoff: p.cutoff ?? undefined });
      // Identity.
      n += 1;
      const seqKey = `${desk.code}|${yymmdd}`;
      const seq = (sequences.get(seqKey) ?? 0) + 1;
      sequences.set(seqKey, seq);
      const code = `${desk.code}-${yymmdd}-${String(seq).padStart(4, '0')}`;
      let rand = '';
      for (let i = 0; i < 23; i++) rand += HEX[Math.floor(random() * 16)];
      const id = `${n.toString(16).padStart(8, '0')}-${rand.slice(0, 4)}-4${rand.slice(4, 7)}-8${rand.slice(7, 10)}-${rand.slice(10, 22)}`;
      let secret = '';
      for (let i = 0; i < 6; i++) secret += SECRET[Math.floor(random() * SECRET.length)];
      // Fate and pace.
      const fate = random();
      const rejected = fate < 0.02;
      const withdrawn = !rejected && fate < 0.035;
      const pace = random();
      const speed = pace < 0.35 ? 0.3 + random() * 0.55 : pace < 0.9 ? 0.85 + random() * 0.15 : 1 + random() * 0.5;
      const steps = t.steps;
      const stopAt = rejected || withdrawn ? Math.floor(random() * Math.max(1, steps.length - 1)) : steps.length;
      // Step boundaries in working minutes from countingFrom.
      const bounds: number[] = [0];
      for (let j = 0; j < steps.length; j++) bounds.push(bounds[j] + Math.max(5, Math.round(p.minutes[j] * speed * (0.7 + random() * 0.6))));
      const boundT: number[] = [];
      const at = (j: number) => (boundT[j] ??= cal.addWorkingTime(countingFrom, bounds[j]).getTime());
      // Where is it now?
      let current = -1; // index of the open step, -1 = closed
      let closedT = 0;
      let paused = false;
      if (rejected || withdrawn) {
        closedT = Math.min(at(stopAt) + 60_000 * 30, at(stopAt + 1) - 60_000);
        if (closedT > nowT) closedT = 0;
      } else {
        closedT = at(steps.length);
        if (closedT > nowT) closedT = 0;
      }
      const last = rejected || withdrawn ? stopAt : steps.length - 1;
      if (closedT === 0) {
        current = 0;
        while (current < last && at(current + 1) <= nowT) current++;
        paused = random() < 0.04 && current > 0;
      }
      const open = current >= 0;
      if (open) openDossiers++;
      // Tasks.
      const upTo = open ? current : last;
      let holding = desk.code;
      let version = 1;
      let late = false;
      let resolvedT: number | null = null;
      for (let j = 0; j <= upTo; j++) {
        const s = steps[j];
        const agencyCode = taskAgency(s.selector, desk.code);
        const agency = agencyByCode.get(agencyCode);
        const who = officerOf(agency, s.role);
        const startedT = j === 0 ? countingFrom.getTime() : at(j);
        const started = new Date(startedT);
        const due = s.allotted ? cal.addTime(started, s.allotted, t.model.dayCount) : null;
        const taskId = `${id}.${j + 1}`;
        const isOpen = open && j === current;
        // The engine's due-soon instant where anything reads it (open steps); for closed
        // ones, which nothing measured reads, the same threshold in plain minutes.
        const soon = !due
          ? null
          : isOpen
            ? dueSoonAt(cal, started, due, DEFAULT_POLICY, t.model.dayCount)
            : new Date(due.getTime() - Math.max(0.2 * p.minutes[j], 240) * 60_000);
        const cancelled = !open && (rejected || withdrawn) && j === last;
        let state = 'done';
        let completed: number | null = at(j + 1);
        if (isOpen) {
          state = 'open';
          completed = null;
        } else if (cancelled) {
          state = 'cancelled';
          completed = closedT;
        }
        const judgedAt = completed ?? nowT;
        const dueT = due?.getTime() ?? null;
        const soonNotified = soon !== null && judgedAt >= soon.getTime() && !(isOpen && paused);
        let level = 0;
        let wake: string | null = null;
        if (due && !(isOpen && paused)) {
          if (judgedAt >= due.getTime()) {
            for (const rung of escalationSchedule(cal, due)) if (judgedAt >= rung.at.getTime()) level = Math.max(level, rung.level);
          }
          if (isOpen) {
            const candidates: number[] = [];
            if (!soonNotified && soon) candidates.push(soon.getTime());
            const next = nextEscalationAt(cal, { dueAt: due, escalationLevel: level });
            if (next) candidates.push(next.getTime());
            const future = candidates.filter((c) => c > nowT);
            wake = future.length > 0 ? iso(Math.min(...future)) : null;
          }
        }
        if (dueT !== null && judgedAt > dueT) late = true;
        // verdict() of engine/deadlines on the two local dates (same rule, fewer calls).
        let verdict: string | null = null;
        if (state === 'done' && dueT !== null) {
          const doneDate = localDay(completed!);
          const dueDate = localDay(dueT);
          verdict = doneDate < dueDate ? 'early' : doneDate === dueDate && completed! <= dueT ? 'onTime' : 'late';
        }
        const claimed = state !== 'open' || random() < 0.6;
        await push('tasks', [
          taskId, id, s.stepId, s.name, s.role, agencyCode, claimed ? who : null, state, iso(startedT), s.allotted,
          dueT === null ? null : iso(dueT), soon ? soon.toISOString() : null, soonNotified ? 1 : 0, wake, level,
          completed === null ? null : iso(completed), state === 'done' ? who : null, null, null, verdict,
        ]);
        taskCount++;
        version += state === 'open' ? (claimed ? 1 : 0) : 2;
        if (isOpen) {
          openTasks++;
          holding = agencyCode;
          for (let l = 1; l <= level; l++) await push('escalations', [taskId, l, id, nowIso]);
          if (t.timerNode && j === 2 && dueT !== null && dueT > nowT) {
            await push('timers', [`${id}.t${j + 1}`, id, t.timerNode, 'intermediateTimer', iso(dueT), null, null, null]);
          }
        }
        if (j === steps.length - 2 && state === 'done') resolvedT = completed;
      }
      // The dossier row.
      let status: string;
      let result: string | null = null;
      let returnedT: number | null = null;
      if (open) {
        const s = steps[current];
        status = paused
          ? 'awaitingSupplement'
          : current === 0
            ? 'received'
            : s.role === 'return'
              ? 'awaitingReturn'
              : holding !== desk.code
                ? 'transferred'
                : 'processing';
      } else if (rejected) status = 'rejected';
      else if (withdrawn) status = 'withdrawn';
      else {
        status = 'returned';
        returnedT = closedT;
        result = verdictOf(cal, appointmentAt, new Date(closedT));
      }
      let stateJson = open ? fill(p.stateParts[Math.min(current, p.stateParts.length - 1)], id, code) : fill(p.closedParts, id, code);
      if (paused) {
        const requestedAt = iso(Math.max(at(current), nowT - 3 * 86_400_000));
        const pause = JSON.stringify({ requestedAt, requestedBy: officerOf(agencyByCode.get(holding), 'specialist'), reason: 'Thiếu giấy tờ', items: ['Bản sao chứng thực'] });
        stateJson = stateJson.replace('"pause":null', `"pause":${pause}`).replace(/"status":"[a-zA-Z]+"/, '"status":"awaitingSupplement"');
      }
      const applicant = `{"name":"Công dân thử nghiệm ${n}","idNumber":"0${String(62090000000 + n)}","phone":"09${String(n % 100000000).padStart(8, '0')}","email":null,"address":"Tổ ${1 + (n % 20)}, ${desk.name}"}`;
      const lastActionT = open ? Math.max(countingFrom.getTime(), at(current)) : closedT;
      await push('dossiers', [
        id, code, secret, key, 1, status, result, channel, desk.code, open ? holding : desk.code, applicant, iso(receivedT),
        appointmentAt.toISOString(), appointmentAt.toISOString(), 0, status === 'returned' ? iso(resolvedT ?? closedT) : null,
        returnedT === null ? null : iso(returnedT), open ? null : iso(closedT), stateJson, version, iso(receivedT), iso(Math.max(receivedT, lastActionT)),
      ]);
      // An apology slip for a few of the late ones (the dashboard reads them as one set).
      if ((late || (open && appointmentAt.getTime() < nowT)) && random() < 0.03) {
        const apologyT = Math.min(nowT, appointmentAt.getTime() - 3_600_000);
        await push('events', [id, 1, 'apologized', officerOf(desk, 'head'), null, null, iso(Math.max(receivedT, apologyT)), '{}', appointmentAt.toISOString(), iso(appointmentAt.getTime() + 2 * 86_400_000)]);
      }
      if (n % 100_000 === 0) {
        await flushAll();
        await db.exec('COMMIT; BEGIN');
        say(`1M load: ${n} dossiers, ${taskCount} tasks, ${((nowMs() - t0) / 1000).toFixed(0)} s`);
      }
    }
  }
  for (const [k, last] of sequences) {
    const [agency, dayKey] = k.split('|');
    await push('dossier_sequences', [agency, dayKey, last]);
  }
  await flushAll();
  await db.exec('COMMIT');
  for (const stmt of statements.values()) await stmt.finalize();
  say(`1M load: rows written in ${((nowMs() - t0) / 1000).toFixed(1)} s`);
  // Back to what the server runs with.
  await db.exec('PRAGMA journal_mode=WAL');
  const inboxSizes: Record<string, number> = {};
  for (const [username, agency, role] of [
    ['commune.specialist', '000.01.23.H40', 'specialist'],
    ['district.specialist', '000.00.23.H40', 'specialist'],
    ['tax.specialist', '000.51.23.H40', 'specialist'],
  ]) {
    const [row] = await db.all<{ n: number }>(
      `select count(*) as n from tasks where state = 'open' and (assignee = ? or (assignee is null and agency_code = ? and role = ?))`,
      [username, agency, role],
    );
    inboxSizes[username] = row.n;
  }
  await db.close();
  const { statSync } = await import('node:fs');
  const bytes = statSync(file).size;
  return { file, dossiers: n, tasks: taskCount, openDossiers, openTasks, seconds: (nowMs() - t0) / 1000, bytes, inboxSizes };
}
