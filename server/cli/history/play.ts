// `npm run demo:history`: plays a few hundred past dossiers through the shipped
// procedures so the manager dashboard has something true to show. Nothing here writes a
// row itself: every dossier is received, claimed, completed, paused, rejected, withdrawn,
// apologized for and returned through DossierService — the same transactions the API
// runs — with a FixedClock walked from N working days ago up to now. Due-soon warnings,
// escalations and timers (the land certificate's public posting, the fire-safety
// opinion's silence-is-consent) are recorded by service.runDue() at the instants they
// fall due, exactly as the scheduler would, because the loop wakes at the store's next
// due instant as well as at the next simulated action.
import type { Knex } from 'knex';
import { addDays, CLOSED_STATUSES, WORKING_DAY_MINUTES, isDomainError, type Actor, type Channel, type DossierState, type Task, type WorkingCalendar } from '../../../engine/index.js';
import { FixedClock } from '../../clock.js';
import { nextDueAfter } from '../../scheduler/index.js';
import {
  CITY,
  COMMUNE,
  DEMO_USERS,
  PROVINCE_JUSTICE,
  SECOND_COMMUNE,
  SECOND_DISTRICT,
  SECOND_DISTRICT_COMMUNE,
} from '../../seed/demoData.js';
import { deployBundledProcedures, PROCEDURES_BEFORE_2025_DIR } from '../../seed/procedures.js';
import { seedIfEmpty } from '../../seed/seed.js';
import { DossierService } from '../../services/dossierService.js';
import { getAgency, getSetting, markPublished, migrate, putSetting } from '../../store/index.js';
import { createRng, type Rng } from './random.js';

/** The settings key that marks a database as already played on. */
export const HISTORY_SETTING = 'demo_history';

export interface HistoryOptions {
  knex: Knex;
  /** Working days of history, ending today. Default 90. */
  days?: number;
  /** Mean dossiers received a working day (each day draws 50–150 % of it). Default 6. */
  perDay?: number;
  seed?: number;
  /** Play again on a database that already has a history. */
  force?: boolean;
  /** Where the clock stops; default the real now, and never later than it. */
  until?: Date;
  log?: (line: string) => void;
}

export interface HistorySummary {
  from: string;
  until: string;
  workingDays: number;
  received: number;
  byProcedure: Record<string, number>;
  returned: number;
  returnedEarly: number;
  returnedOnTime: number;
  returnedLate: number;
  open: number;
  openOverdue: number;
  awaitingSupplement: number;
  rejected: number;
  withdrawn: number;
  supplementRequests: number;
  apologies: number;
  escalations: number;
  /** Simulated actions the engine refused (expected 0); the dossier stays where it was. */
  refused: number;
  /** (early + on time) / returned; null when nothing was returned. */
  onTimeRate: number | null;
  elapsedMs: number;
}

/** Thrown when the database already has a history and `force` is not set. */
export class HistoryAlreadyPlayed extends Error {
  constructor(readonly previous: string) {
    super(`this database already has a demo history (${previous}); pass --force to add another`);
    this.name = 'HistoryAlreadyPlayed';
  }
}

// ─── the mix of work ────────────────────────────────────────────────────────

/** Which procedure is filed where, and how often: a province's one-stop traffic, roughly. */
const MIX: ReadonlyArray<readonly [{ key: string; agencies: readonly string[] }, number]> = [
  [{ key: 'dang_ky_khai_sinh', agencies: [COMMUNE, SECOND_COMMUNE, SECOND_DISTRICT_COMMUNE] }, 34],
  [{ key: 'dang_ky_ho_kinh_doanh', agencies: [CITY, SECOND_DISTRICT] }, 20],
  [{ key: 'gpxd_nha_o_rieng_le', agencies: [CITY, SECOND_DISTRICT] }, 14],
  // The land certificate hops to the city's land office and tax office: city communes only.
  [{ key: 'cap_gcn_lan_dau', agencies: [COMMUNE, SECOND_COMMUNE] }, 12],
  [{ key: 'cap_phieu_ly_lich_tu_phap', agencies: [PROVINCE_JUSTICE] }, 20],
];

const CHANNELS: ReadonlyArray<readonly [Channel, number]> = [
  ['desk', 70],
  ['online', 25],
  ['post', 5],
];

/** Per-dossier odds. Late dossiers get one bottleneck step that overruns the appointment. */
const P_LATE = 0.12;
const P_SUPPLEMENT = 0.1;
const P_REJECT = 0.03;
const P_WITHDRAW = 0.02;
/** Among late dossiers: the agency issues an apology slip (Mẫu 04) before the appointment passes. */
const P_APOLOGY = 0.35;
/** A step of an on-time dossier now and then overruns its own allotment (the dossier still makes it). */
const P_STEP_SLIP = 0.04;
/** The second outcome (rework, refuse, recheck, ineligible) instead of the first. */
const P_OTHER_OUTCOME = 0.06;

/** Working minutes in a working day (07:30–11:30, 13:30–17:00). */
const DAY = WORKING_DAY_MINUTES;

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý', 'A', 'Y'];
const MIDDLE = ['Văn', 'Thị', 'Đức', 'Minh', 'Ngọc', 'Thanh', 'Quốc', 'Hữu', 'Thu', 'Kim'];
const GIVEN = ['An', 'Bình', 'Chi', 'Dũng', 'Giang', 'Hà', 'Hải', 'Hạnh', 'Hiếu', 'Hòa', 'Khoa', 'Linh', 'Long', 'Mai', 'Nam', 'Nga', 'Phong', 'Quân', 'Sơn', 'Tâm', 'Thảo', 'Trang', 'Tú', 'Vy', 'Blông', 'H’Nhi'];

function applicant(rng: Rng) {
  const digits = (n: number) => Array.from({ length: n }, () => rng.int(0, 9)).join('');
  return {
    name: `${rng.pick(FAMILY)} ${rng.pick(MIDDLE)} ${rng.pick(GIVEN)}`,
    // CCCD: 3-digit province code (Kon Tum 062), then 9 digits.
    idNumber: `062${rng.int(0, 3)}${digits(8)}`,
    phone: `09${digits(8)}`,
  };
}

// ─── who acts ───────────────────────────────────────────────────────────────

function actorFor(agencyCode: string, role: string): Actor {
  const user = DEMO_USERS.find((u) => u.agencyCode === agencyCode && u.roles.includes(role));
  if (!user) throw new Error(`no demo account with role ${role} at ${agencyCode}`);
  return { username: user.username, agencyCode: user.agencyCode, roles: [...user.roles] };
}

function actorNamed(username: string): Actor {
  const user = DEMO_USERS.find((u) => u.username === username);
  if (!user) throw new Error(`no demo account ${username}`);
  return { username: user.username, agencyCode: user.agencyCode, roles: [...user.roles] };
}

// ─── the agenda ─────────────────────────────────────────────────────────────

type TaskAction = { type: 'complete'; outcome: string | null } | { type: 'requestSupplement' } | { type: 'reject' };

type Job =
  | { kind: 'receive'; ordinal: number; procedureKey: string; agency: string; channel: Channel; data: Record<string, unknown> }
  | { kind: 'claim' | 'complete'; dossierId: string; taskId: string; token: number; completeAt: number; action: TaskAction }
  | { kind: 'return' | 'supplement' | 'withdraw' | 'apologize'; dossierId: string };

interface Scheduled {
  at: number;
  seq: number;
  job: Job;
}

/** Jobs in time order; equal instants keep the order they were added in. */
class Agenda {
  private readonly items: Scheduled[] = [];
  private seq = 0;

  add(at: Date | number, job: Job): void {
    const item = { at: typeof at === 'number' ? at : at.getTime(), seq: this.seq++, job };
    let lo = 0;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const m = this.items[mid];
      if (m.at < item.at || (m.at === item.at && m.seq < item.seq)) lo = mid + 1;
      else hi = mid;
    }
    this.items.splice(lo, 0, item);
  }

  peek(): number | null {
    return this.items.length > 0 ? this.items[0].at : null;
  }

  shift(): Scheduled | undefined {
    return this.items.shift();
  }
}

interface Plan {
  rng: Rng;
  late: boolean;
  supplement: boolean;
  reject: boolean;
  apology: boolean;
  /** Late dossiers: the n-th step planned is the one that overruns. */
  bottleneck: number;
  stepsPlanned: number;
  /** Open task id → token of its current plan; a stale job (planned before a pause) carries an old token. */
  planned: Map<string, number>;
  returnPlanned: boolean;
}

// ─── playing ────────────────────────────────────────────────────────────────

/** The `count` working days ending with `today` (today included when it is one), oldest first. */
function workingDaysUntil(calendar: WorkingCalendar, today: string, count: number): string[] {
  const days: string[] = [];
  for (let d = today; days.length < count; d = addDays(d, -1)) {
    if (calendar.isWorkingDay(d)) days.unshift(d);
  }
  return days;
}

const isClosed = (state: DossierState) => CLOSED_STATUSES.includes(state.status);

export async function playHistory(options: HistoryOptions): Promise<HistorySummary> {
  const started = Date.now();
  const { knex } = options;
  const days = options.days ?? 90;
  const perDay = options.perDay ?? 6;
  const seed = options.seed ?? 42;
  const log = options.log ?? (() => {});
  const realNow = new Date();
  // The clock must never run ahead of the real now: the server would find "future" rows.
  const until = new Date(Math.min((options.until ?? realNow).getTime(), realNow.getTime()));
  if (!Number.isInteger(days) || days < 1) throw new Error('--days must be a whole number ≥ 1');
  if (!(perDay > 0)) throw new Error('--per-day must be > 0');

  await migrate(knex);
  const previous = await getSetting(knex, HISTORY_SETTING);
  if (previous !== null && !options.force) throw new HistoryAlreadyPlayed(previous);

  const clock = new FixedClock(until);
  const service = new DossierService(knex, clock);
  // Seeded and deployed "at" the start of the history, as a server started then would
  // have been. On an empty database the calendar overrides arrive with the seed, so the
  // working days are counted again once they are in.
  const firstGuess = (await service.engineContext()).calendar;
  clock.set(firstGuess.atLocal(workingDaysUntil(firstGuess, firstGuess.localDate(until), days)[0], '07:00'));
  await seedIfEmpty(knex, { now: clock.now().toISOString() });
  // The history's mix (offices, accounts) is the pre-reform fixture's: on a database of
  // another province it would find none of them — and deploying the pre-reform files there
  // would put old versions on top of the current ones. Refuse before touching anything.
  if (!(await getAgency(knex, CITY))) {
    throw new Error(
      'demo:history plays the pre-reform demo province (MOTCUA_DEMO=kon-tum-2024) only; this database holds another province. ' +
        'demo:history chỉ chạy trên tỉnh mẫu trước cải cách (MOTCUA_DEMO=kon-tum-2024).',
    );
  }
  await deployBundledProcedures(knex, service, PROCEDURES_BEFORE_2025_DIR);
  const cal = (await service.refresh()).calendar;
  const dayList = workingDaysUntil(cal, cal.localDate(until), days);
  const from = cal.atLocal(dayList[0], '07:00');
  clock.set(from);
  await putSetting(knex, HISTORY_SETTING, JSON.stringify({ playedAt: realNow.toISOString(), from: from.toISOString(), until: until.toISOString(), days, perDay, seed }));
  const outboxBefore = Number((await knex('outbox').max({ id: 'id' }).first())?.id ?? 0);

  const agenda = new Agenda();
  const states = new Map<string, DossierState>();
  const plans = new Map<string, Plan>();
  const outcomesCache = new Map<string, Map<string, { key: string }[]>>();
  const byProcedure: Record<string, number> = {};
  let supplementRequests = 0;
  let apologies = 0;
  let escalations = 0;
  let token = 0;
  let refused = 0;

  // Every working day's arrivals, drawn from the day's own stream.
  let ordinal = 0;
  dayList.forEach((day, index) => {
    const rng = createRng(seed, 1, index);
    const count = rng.int(Math.round(perDay * 0.5), Math.round(perDay * 1.5));
    const opening = cal.atLocal(day, '07:30');
    for (let i = 0; i < count; i++) {
      const { key, agencies } = rng.weighted(MIX);
      const at = cal.addWorkingTime(opening, rng.between(5, DAY - 10));
      if (at.getTime() > until.getTime()) continue;
      const data: Record<string, unknown> = key === 'gpxd_nha_o_rieng_le' ? { needsFireSafetyOpinion: rng.chance(0.4) } : {};
      agenda.add(at, { kind: 'receive', ordinal: ordinal++, procedureKey: key, agency: rng.pick(agencies), channel: rng.weighted(CHANNELS), data });
    }
  });

  async function outcomesOf(state: DossierState, stepId: string): Promise<{ key: string }[]> {
    const cacheKey = `${state.procedureKey}@${state.procedureVersion}`;
    let outcomes = outcomesCache.get(cacheKey);
    if (!outcomes) {
      outcomes = (await service.compiledProcedure(state.procedureKey, state.procedureVersion)).outcomes;
      outcomesCache.set(cacheKey, outcomes);
    }
    return outcomes.get(stepId) ?? [];
  }

  const now = () => clock.now();

  /** Plans one open task: when it is claimed and finished, and what is done with it then. */
  async function planTask(state: DossierState, plan: Plan, task: Task): Promise<void> {
    const rng = plan.rng;
    const base = new Date(Math.max(now().getTime(), new Date(task.startedAt).getTime()));
    const budget = task.dueAt ? cal.workingTimeBetween(base, new Date(task.dueAt)) : DAY / 2;
    const step = plan.stepsPlanned++;
    let minutes: number;
    let completeAt: Date;
    if (plan.late && step === plan.bottleneck) {
      // The bottleneck: it finishes after the dossier's appointment has passed.
      minutes = budget * rng.between(0.9, 1.6);
      const overrun = cal.addWorkingTime(new Date(state.appointmentAt), rng.between(30, 2 * DAY));
      completeAt = new Date(Math.max(cal.addWorkingTime(base, Math.max(5, minutes)).getTime(), overrun.getTime()));
      if (plan.apology) {
        // Mẫu 04 goes out while the appointment still stands, once the delay is known.
        const left = cal.workingTimeBetween(base, new Date(state.appointmentAt));
        if (left > 10) agenda.add(cal.addWorkingTime(base, left * rng.between(0.5, 0.9)), { kind: 'apologize', dossierId: state.id });
      }
    } else {
      const f = rng.chance(P_STEP_SLIP) ? rng.between(1.05, 1.5) : rng.between(0.1, 0.85);
      minutes = Math.max(5, budget * f);
      completeAt = cal.addWorkingTime(base, minutes);
    }
    let action: TaskAction;
    if (plan.reject && task.role === 'reception') {
      action = { type: 'reject' };
      plan.reject = false;
    } else if (plan.supplement && task.role === 'specialist') {
      action = { type: 'requestSupplement' };
      plan.supplement = false;
    } else {
      const outcomes = await outcomesOf(state, task.stepId);
      const outcome =
        outcomes.length === 0 ? null : outcomes.length > 1 && rng.chance(P_OTHER_OUTCOME) ? rng.pick(outcomes.slice(1)).key : outcomes[0].key;
      action = { type: 'complete', outcome };
    }
    const mine = ++token;
    plan.planned.set(task.id, mine);
    const job = { dossierId: state.id, taskId: task.id, token: mine, completeAt: completeAt.getTime(), action };
    if (task.assignee) agenda.add(completeAt, { kind: 'complete', ...job });
    else {
      const claimAt = cal.addWorkingTime(base, Math.max(1, cal.workingTimeBetween(base, completeAt) * rng.between(0.05, 0.5)));
      agenda.add(Math.min(claimAt.getTime(), completeAt.getTime()), { kind: 'claim', ...job });
    }
  }

  /** After every committed change: remember the state and plan whatever it opened. */
  async function settle(state: DossierState): Promise<void> {
    states.set(state.id, state);
    const plan = plans.get(state.id);
    if (!plan || isClosed(state) || state.pause) return;
    if (state.status === 'awaitingReturn') {
      if (plan.returnPlanned) return;
      plan.returnPlanned = true;
      const rng = plan.rng;
      const at = now();
      const appointment = new Date(state.appointmentAt);
      let returnAt: Date;
      if (at.getTime() >= appointment.getTime()) {
        returnAt = cal.addWorkingTime(at, rng.between(10, 240));
      } else if (rng.chance(0.35)) {
        // The citizen comes on the appointment day, as the receipt says.
        const dayStart = cal.atLocal(cal.localDate(appointment), '07:30');
        const start = new Date(Math.max(at.getTime(), dayStart.getTime()));
        returnAt = cal.addWorkingTime(start, Math.max(1, cal.workingTimeBetween(start, appointment) * rng.next()));
      } else {
        const task = state.tasks.find((t) => t.state === 'open');
        const budget = task?.dueAt ? cal.workingTimeBetween(at, new Date(task.dueAt)) : DAY / 2;
        returnAt = cal.addWorkingTime(at, Math.max(5, budget * rng.between(0.1, 0.9)));
      }
      if (returnAt.getTime() > appointment.getTime() && at.getTime() < appointment.getTime()) returnAt = appointment;
      agenda.add(returnAt, { kind: 'return', dossierId: state.id });
      return;
    }
    for (const task of state.tasks) {
      if (task.state === 'open' && !plan.planned.has(task.id)) await planTask(state, plan, task);
    }
  }

  async function receive(job: Extract<Job, { kind: 'receive' }>): Promise<void> {
    const rng = createRng(seed, 2, job.ordinal);
    const late = rng.chance(P_LATE);
    const plan: Plan = {
      rng,
      late,
      supplement: rng.chance(P_SUPPLEMENT),
      reject: rng.chance(P_REJECT),
      apology: late && rng.chance(P_APOLOGY),
      // Not the desk's step (0): the examining or signing step holds late dossiers up.
      bottleneck: rng.int(1, 2),
      stepsPlanned: 0,
      planned: new Map(),
      returnPlanned: false,
    };
    const withdraw = rng.chance(P_WITHDRAW);
    const received = await service.receive({
      procedureKey: job.procedureKey,
      receivingAgency: job.agency,
      applicant: applicant(rng),
      data: job.data,
      channel: job.channel,
      actor: actorFor(job.agency, 'reception'),
    });
    byProcedure[job.procedureKey] = (byProcedure[job.procedureKey] ?? 0) + 1;
    plans.set(received.id, plan);
    const state = received.result.state;
    if (withdraw) {
      const span = cal.workingTimeBetween(now(), new Date(state.appointmentAt));
      agenda.add(cal.addWorkingTime(now(), Math.max(20, span * rng.between(0.2, 0.6))), { kind: 'withdraw', dossierId: received.id });
    }
    await settle(state);
  }

  async function perform(job: Job): Promise<void> {
    if (job.kind === 'receive') return receive(job);
    const state = states.get(job.dossierId);
    const plan = plans.get(job.dossierId);
    if (!state || !plan || isClosed(state)) return;
    const desk = actorFor(state.receivingAgency, 'reception');
    switch (job.kind) {
      case 'claim':
      case 'complete': {
        const task = state.tasks.find((t) => t.id === job.taskId);
        if (!task || task.state !== 'open' || plan.planned.get(task.id) !== job.token || state.pause) return;
        const actor = task.assignee ? actorNamed(task.assignee) : actorFor(task.agencyCode, task.role);
        if (job.kind === 'claim') {
          await settle((await service.claim(state.id, { taskId: task.id, actor })).state);
          agenda.add(job.completeAt, { ...job, kind: 'complete' });
          return;
        }
        const action = job.action;
        if (action.type === 'reject') {
          await settle(
            (await service.reject(state.id, { actor, reason: 'Hồ sơ không thuộc thẩm quyền giải quyết / không đủ thành phần theo quy định' })).state,
          );
        } else if (action.type === 'requestSupplement') {
          supplementRequests++;
          await settle(
            (await service.requestSupplement(state.id, { actor, reason: 'Hồ sơ còn thiếu giấy tờ theo quy định', items: ['Bản sao giấy tờ còn thiếu'] }))
              .state,
          );
          // The citizen comes back after 1–5 working days.
          agenda.add(cal.addWorkingTime(now(), plan.rng.between(1, 5) * DAY), { kind: 'supplement', dossierId: state.id });
        } else {
          // A send-back needs its reason (engine: INVALID_OUTCOME.reasonRequired); officers note one on every step anyway.
          const comment = action.outcome === 'rework' ? 'Đề nghị xem xét, hoàn thiện lại' : 'Đã xem xét, đề nghị chuyển bước tiếp theo';
          await settle((await service.complete(state.id, { taskId: task.id, actor, outcome: action.outcome, comment })).state);
        }
        return;
      }
      case 'supplement': {
        if (!state.pause) return;
        // Every deadline moved by the pause: plan the open steps again from now.
        plan.planned.clear();
        await settle((await service.supplement(state.id, { actor: desk, items: ['Bản sao giấy tờ còn thiếu'] })).state);
        return;
      }
      case 'return': {
        if (state.status !== 'awaitingReturn') return;
        const task = state.tasks.find((t) => t.state === 'open');
        const actor = task ? (task.assignee ? actorNamed(task.assignee) : actorFor(task.agencyCode, task.role)) : desk;
        await settle((await service.returnResult(state.id, { actor })).state);
        return;
      }
      case 'withdraw': {
        if (state.status === 'awaitingReturn') return;
        await settle((await service.withdraw(state.id, { actor: desk, reason: 'Công dân xin rút hồ sơ' })).state);
        return;
      }
      case 'apologize': {
        const appointment = new Date(state.appointmentAt);
        if (state.pause || state.status === 'awaitingReturn' || appointment.getTime() <= now().getTime() || state.apologies.length > 0) return;
        const holder = DEMO_USERS.some((u) => u.agencyCode === state.holdingAgency && u.roles.includes('leader')) ? state.holdingAgency : state.receivingAgency;
        apologies++;
        await settle(
          (
            await service.apologize(state.id, {
              actor: actorFor(holder, 'leader'),
              reason: 'Hồ sơ cần thêm thời gian xác minh, phối hợp giữa các cơ quan',
              newAppointmentAt: cal.addWorkingTime(appointment, plan.rng.int(2, 5) * DAY).toISOString(),
            })
          ).state,
        );
        return;
      }
    }
  }

  async function runDue(): Promise<void> {
    for (;;) {
      const results = await service.runDue();
      for (const result of results) {
        escalations += result.events.filter((e) => e.type === 'escalated').length;
        await settle(result.state);
      }
      if (results.length < 100) return;
    }
  }

  const total = ordinal;
  let done = 0;
  let lastMonth = '';
  for (;;) {
    const nextJob = agenda.peek();
    const nextDue = await nextDueAfter(knex, now());
    const candidates = [nextJob, nextDue?.getTime() ?? null].filter((t): t is number => t !== null);
    if (candidates.length === 0) break;
    const at = Math.min(...candidates);
    if (at > until.getTime()) break;
    clock.set(new Date(Math.max(at, now().getTime())));
    const month = cal.localDate(now()).slice(0, 7);
    if (month !== lastMonth) log(`  … ${month}: ${done}/${total} dossiers received so far`);
    lastMonth = month;
    if (nextDue && nextDue.getTime() <= at) await runDue();
    while (agenda.peek() !== null && agenda.peek()! <= now().getTime()) {
      const { job } = agenda.shift()!;
      try {
        await perform(job);
      } catch (error) {
        // The engine refusing one simulated step (a state this script did not foresee) is
        // its answer, not a reason to lose the whole history: that dossier just stays as it is.
        if (!isDomainError(error)) throw error;
        refused++;
        log(`  ! ${job.kind} refused on ${cal.localDate(now())}: ${error.code} ${error.message}`);
      }
      if (job.kind === 'receive') done++;
    }
  }
  clock.set(until);
  await runDue();

  // The outbox rows are what a running server would have pushed to sockets as it
  // happened; nobody was listening in the past, and a server started now must not
  // replay weeks of notifications to whoever logs in first.
  const backlog: number[] = (await knex('outbox').where('id', '>', outboxBefore).whereNull('published_at').select('id')).map((r: { id: number }) =>
    Number(r.id),
  );
  for (let i = 0; i < backlog.length; i += 500) await markPublished(knex, backlog.slice(i, i + 500), until.toISOString());

  const finals = [...states.values()];
  const returned = finals.filter((s) => s.status === 'returned');
  const count = (result: string) => returned.filter((s) => s.result === result).length;
  const open = finals.filter((s) => !isClosed(s));
  const early = count('early');
  const onTime = count('onTime');
  return {
    from: from.toISOString(),
    until: until.toISOString(),
    workingDays: dayList.length,
    received: finals.length,
    byProcedure,
    returned: returned.length,
    returnedEarly: early,
    returnedOnTime: onTime,
    returnedLate: count('late'),
    open: open.length,
    openOverdue: open.filter((s) => !s.pause && (new Date(s.appointmentAt).getTime() < until.getTime() || s.apologies.length > 0)).length,
    awaitingSupplement: open.filter((s) => s.pause).length,
    rejected: finals.filter((s) => s.status === 'rejected').length,
    withdrawn: finals.filter((s) => s.status === 'withdrawn').length,
    supplementRequests,
    apologies,
    escalations,
    refused,
    onTimeRate: returned.length === 0 ? null : (early + onTime) / returned.length,
    elapsedMs: Date.now() - started,
  };
}

/** The summary as the script prints it. */
export function formatSummary(s: HistorySummary): string {
  const pct = (n: number | null) => (n === null ? '—' : `${(n * 100).toFixed(1)} %`);
  return [
    `history ${s.from} → ${s.until} (${s.workingDays} working days)`,
    `received      ${s.received}  (${Object.entries(s.byProcedure)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')})`,
    `returned      ${s.returned}: early ${s.returnedEarly}, on time ${s.returnedOnTime}, late ${s.returnedLate}`,
    `on-time rate  ${pct(s.onTimeRate)}`,
    `open          ${s.open} (overdue ${s.openOverdue}, awaiting supplement ${s.awaitingSupplement})`,
    `rejected      ${s.rejected}, withdrawn ${s.withdrawn}`,
    `supplements   ${s.supplementRequests} requested; apologies ${s.apologies}; escalations ${s.escalations}${s.refused ? `; ${s.refused} actions refused` : ''}`,
    `took          ${(s.elapsedMs / 1000).toFixed(1)} s`,
  ].join('\n');
}
