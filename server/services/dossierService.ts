// Application service: the one place where the pure engine meets the database. Every
// action is load → engine function → save, in ONE transaction: the dossier snapshot
// and version, its tasks, timers, history and outbox rows commit together or not at
// all. A stale version is a VERSION_CONFLICT; a refused action writes nothing.

import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { Knex } from 'knex';
import {
  AgencyDirectory,
  DEFAULT_POLICY,
  DomainError,
  WorkingCalendar,
  acceptDossier,
  refuseDossier,
  submitDossier,
  apologize,
  checkDeadlines,
  assignTask,
  claimTask,
  compileProcedure,
  completeTask,
  fireTimer,
  loadProcedure,
  receiveDossier,
  rejectDossier,
  requestSupplement,
  returnResult,
  supplementDossier,
  taskWakeAt,
  transferTask,
  mergeAgency,
  assertActive,
  withdrawDossier,
  type ActionResult,
  type Actor,
  type Channel,
  type CompiledProcedure,
  type DeadlinePolicy,
  type DossierState,
  type EngineContext,
  type Problem,
  type AgencyInfo,
} from '../../engine/index.js';
import type { Clock } from '../clock.js';
import { retryOnVersionConflict } from './conflicts.js';
import {
  agencyTree,
  recordMerger,
  allOverrides,
  deployVersion,
  dueTasks,
  dueTimers,
  dueTimersOf,
  recordIncidentFailure,
  resolveIncidents,
  type IncidentFailure,
  getVersion,
  inTransaction,
  insertDossier,
  latestVersionNumber,
  loadDossierWithSetting,
  newId,
  newLookupSecret,
  nextDossierCode,
  databaseKind,
  getSetting,
  putSetting,
  saveDossierAction,
  dossierAfterSave,
  dossierAsInserted,
  readerOf,
  GroupCommit,
  type NewDossier,
  type Applicant,
  type DossierSnapshot,
  type LoadedDossier,
  type SaveDossierAction,
  type VersionRecord,
} from '../store/index.js';

/** Changes whenever agencies or calendar overrides change, so other processes reload them. */
const REFERENCE_VERSION = 'reference_version';

export interface ReceiveRequest {
  procedureKey: string;
  receivingAgency: string;
  /** The agency competent to decide; default the receiving agency (engine/dossier/places.ts). */
  competentAgency?: string;
  /** An agency code or `post`; default the receiving agency. */
  returnAt?: string;
  applicant: Applicant;
  data?: Record<string, unknown>;
  channel?: Channel;
  actor: Actor;
  /** A clerk at the desk received it: the procedure's reception step is this receipt (engine/dossier/receptionStep.ts). */
  completesReceptionStep?: boolean;
}

export interface Received {
  id: string;
  code: string;
  lookupSecret: string;
  result: ActionResult;
  /** The dossier as inserted (no read back). */
  dossier: LoadedDossier;
}

export interface Deployed {
  key: string;
  version: number;
  warnings: Problem[];
}

type EngineAction<I> = (
  ctx: EngineContext,
  procedure: CompiledProcedure,
  state: DossierState,
  input: I,
  now: Date,
) => ActionResult;

/** The local date of an instant in the business time zone, for dossier codes. */
function localDate(at: Date, timeZone: string): string {
  let format = LOCAL_DATE_FORMATS.get(timeZone);
  if (!format) {
    // Building a DateTimeFormat costs more than a receipt's SQL; one per zone, kept.
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    LOCAL_DATE_FORMATS.set(timeZone, format);
  }
  return format.format(at);
}
const LOCAL_DATE_FORMATS = new Map<string, Intl.DateTimeFormat>();

/**
 * Told after an action's transaction committed something: the outbox publisher and the
 * scheduler wake. `wakeAt` is the earliest instant the committed dossier needs the
 * scheduler at (an open task's next warning or escalation, a pending timer), or null.
 */
export type CommitListener = (result: ActionResult, wakeAt: Date | null) => void;

/** What a person's action did, and the dossier as it saved it. */
export interface Acted {
  result: ActionResult;
  dossier: LoadedDossier;
}

/** The actions a person takes on a dossier (the scheduler's are timers and deadline checks). */
const PERSON_ACTIONS = {
  // Online filing (issue 17): the desk accepts or refuses what was submitted.
  accept: acceptDossier,
  refuse: refuseDossier,
  claim: claimTask,
  assign: assignTask,
  complete: completeTask,
  requestSupplement,
  supplement: supplementDossier,
  reject: rejectDossier,
  withdraw: withdrawDossier,
  transfer: transferTask,
  apologize,
  returnResult,
} as const;
export type PersonAction = keyof typeof PERSON_ACTIONS;
export type PersonActionInput<V extends PersonAction> = Parameters<(typeof PERSON_ACTIONS)[V]>[3];

const resultOf = (acted: Acted): ActionResult => acted.result;

/** How long a reference version seen unchanged is taken as current for views (see engineContext). */
const CONTEXT_FRESH_MS = 250;

/** The earliest instant this dossier needs the scheduler: an open task's wake-up or a pending timer. */
function earliestWake(state: DossierState, wakeAt: (task: DossierState['tasks'][number]) => string | null): Date | null {
  let earliest: number | null = null;
  const consider = (iso: string | null | undefined) => {
    if (!iso) return;
    const at = Date.parse(iso);
    if (earliest === null || at < earliest) earliest = at;
  };
  for (const task of state.tasks) if (task.state === 'open') consider(wakeAt(task));
  for (const timer of state.timers) consider(timer.dueAt);
  return earliest === null ? null : new Date(earliest);
}

/** A check that found nothing to do must not bump the version or write. */
const isNoop = (result: ActionResult, before: DossierState): boolean =>
  result.effects.length === 0 && result.events.length === 0 && isDeepStrictEqual(result.state, before);

export class DossierService {
  private readonly compiled = new Map<string, CompiledProcedure>();
  private context: EngineContext | null = null;
  private referenceVersion: string | null = null;
  /**
   * Called after each committed action (never for one that wrote nothing or failed).
   * Set once by the server's wiring; a listener that throws is reported, never turned
   * into a failure of an action that did commit.
   */
  onCommitted: CommitListener | null = null;
  /** Where the actions of people meet and commit together (store/groupCommit.ts). */
  readonly writer: GroupCommit;
  /** When an action's load last found the reference version current (performance.now(), not business time). */
  private contextCheckedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly db: Knex,
    private readonly clock: Clock,
    private readonly policy: DeadlinePolicy = DEFAULT_POLICY,
  ) {
    this.writer = new GroupCommit(db);
  }

  /**
   * After an admin changes agencies or the calendar: mark the reference data changed for
   * every server process on this database, and reload it here.
   */
  async refresh(): Promise<EngineContext> {
    await putSetting(this.db, REFERENCE_VERSION, randomUUID());
    return this.reload();
  }

  private async reload(db: Knex | Knex.Transaction = this.db): Promise<EngineContext> {
    const [agencies, overrides, version] = await Promise.all([
      agencyTree(db),
      allOverrides(db),
      getSetting(db, REFERENCE_VERSION),
    ]);
    this.context = {
      calendar: new WorkingCalendar({
        overrides: overrides.map((o) => ({ year: o.year, holidays: o.holidays, workingDays: o.workingDays })),
      }),
      agencies: new AgencyDirectory(agencies),
      policy: this.policy,
    };
    this.referenceVersion = version;
    return this.context;
  }

  /**
   * Agencies and calendar as the engine needs them; reloaded when another process changed
   * them. Right after an action's own load found them current (within CONTEXT_FRESH_MS),
   * they are taken as they are: the action's answer is shown without a second read.
   * Actions never use this: they check on their load.
   */
  async engineContext(): Promise<EngineContext> {
    if (this.context && performance.now() - this.contextCheckedAt < CONTEXT_FRESH_MS) return this.context;
    if (this.context && (await getSetting(this.db, REFERENCE_VERSION)) === this.referenceVersion) return this.context;
    return this.reload();
  }

  // ── procedures ────────────────────────────────────────────────────────────
  /** Validate and store a new immutable version. Errors: INVALID_MODEL with every problem. */
  async deploy(xml: string, deployedBy: string, record?: VersionRecord): Promise<Deployed> {
    const loaded = await loadProcedure(xml);
    if (!loaded.ok || !loaded.model) {
      throw new DomainError('INVALID_MODEL', {}, loaded.problems.filter((p) => p.severity === 'error'));
    }
    const model = loaded.model;
    compileProcedure(model); // refuses what validates but cannot run
    const warnings = loaded.problems.filter((p) => p.severity === 'warning');
    const version = await inTransaction(this.db, (trx) =>
      deployVersion(trx, {
        key: model.key,
        code: model.code,
        name: model.name,
        xml,
        model,
        timeLimit: model.timeLimit,
        level: model.level,
        deployedBy,
        warnings,
        now: this.clock.now().toISOString(),
        record,
      }),
    );
    return { key: model.key, version, warnings };
  }

  private async procedure(db: Knex | Knex.Transaction, key: string, version?: number): Promise<CompiledProcedure> {
    // Versions are immutable: a compiled one is never read again. The latest number costs
    // one small read of `procedures`, never the XML and model of the version row.
    const number = version ?? (await latestVersionNumber(db, key));
    const cached = number === null ? undefined : this.compiled.get(`${key}@${number}`);
    if (cached) return cached;
    const stored = number === null ? null : await getVersion(db, key, number);
    if (!stored) throw new DomainError('NOT_FOUND.procedure', { procedureKey: key }, { procedureKey: key });
    const cacheKey = `${stored.key}@${stored.version}`;
    let compiled = this.compiled.get(cacheKey);
    if (!compiled) {
      compiled = compileProcedure(stored.model, stored.version);
      this.compiled.set(cacheKey, compiled);
    }
    return compiled;
  }

  /** The compiled version a dossier runs on (from the same cache): the API shows its outcomes and day count. */
  compiledProcedure(key: string, version?: number): Promise<CompiledProcedure> {
    return this.procedure(this.db, key, version);
  }

  private wakeAt(ctx: EngineContext, procedure: CompiledProcedure, state: DossierState) {
    return (task: DossierState['tasks'][number]) => taskWakeAt(ctx.calendar, this.policy, procedure, state, task);
  }

  // ── dossier actions ───────────────────────────────────────────────────────
  async receive(request: ReceiveRequest): Promise<Received> {
    const ctx = await this.engineContext();
    const now = this.clock.now();
    return inTransaction(this.db, async (trx) => {
      const procedure = await this.procedure(trx, request.procedureKey);
      const code = await nextDossierCode(trx, request.receivingAgency, localDate(now, ctx.calendar.timeZone));
      const id = newId();
      const lookupSecret = newLookupSecret();
      // Decree 118/2025: who decides and where the result goes, as chosen at the desk.
      const places = { competentAgency: request.competentAgency, returnAt: request.returnAt };
      const result = receiveDossier(
        ctx,
        procedure,
        { id, code, receivingAgency: request.receivingAgency, ...places, channel: request.channel, data: request.data, actor: request.actor, completesReceptionStep: request.completesReceptionStep },
        now,
      );
      const inserted: NewDossier = {
        result,
        lookupSecret,
        applicant: request.applicant,
        now: now.toISOString(),
        wakeAt: this.wakeAt(ctx, procedure, result.state),
      };
      await insertDossier(trx, inserted);
      return { id, code, lookupSecret, result, dossier: dossierAsInserted(inserted) };
    }).then(async (received) => {
      const ctx = await this.engineContext();
      this.committed(received.result, ctx, await this.procedure(this.db, request.procedureKey, received.result.state.procedureVersion));
      return received;
    });
  }

  /**
   * Online filing (issue 17): a dossier filed by a citizen or handed over by the national
   * portal, `submitted` until a desk accepts it. The competent agency's desk receives it
   * (its code is in the dossier code). `within` runs in the same transaction (the portal's
   * id is recorded with the dossier, so a hand-over repeated at once is refused by the key).
   */
  async submit(
    request: {
      procedureKey: string;
      competentAgency: string;
      returnAt?: string;
      applicant: Applicant;
      data?: Record<string, unknown>;
      actor: Actor;
    },
    within?: (trx: Knex.Transaction, id: string, now: string) => Promise<void>,
  ): Promise<Received> {
    const ctx = await this.engineContext();
    const now = this.clock.now();
    return inTransaction(this.db, async (trx) => {
      const procedure = await this.procedure(trx, request.procedureKey);
      const receivingAgency = request.competentAgency;
      const code = await nextDossierCode(trx, receivingAgency, localDate(now, ctx.calendar.timeZone));
      const id = newId();
      const lookupSecret = newLookupSecret();
      const result = submitDossier(
        ctx,
        procedure,
        { id, code, receivingAgency, competentAgency: request.competentAgency, returnAt: request.returnAt, data: request.data, actor: request.actor },
        now,
      );
      const inserted: NewDossier = { result, lookupSecret, applicant: request.applicant, now: now.toISOString(), wakeAt: this.wakeAt(ctx, procedure, result.state) };
      await insertDossier(trx, inserted);
      await within?.(trx, id, now.toISOString());
      return { id, code, lookupSecret, result, dossier: dossierAsInserted(inserted) };
    }).then(async (received) => {
      this.committed(received.result, ctx, await this.procedure(this.db, request.procedureKey, received.result.state.procedureVersion));
      return received;
    });
  }

  private committed(result: ActionResult, ctx: EngineContext, procedure: CompiledProcedure): void {
    if (!this.onCommitted) return;
    try {
      this.onCommitted(result, earliestWake(result.state, this.wakeAt(ctx, procedure, result.state)));
    } catch (error) {
      console.error('onCommitted listener failed:', error);
    }
  }

  /**
   * A person's action: read the dossier (or take the snapshot the route already read to
   * check access), apply the engine action, and hand the writes to the group commit —
   * whose first statement is the version check, so a snapshot someone else has since
   * saved over is refused with VERSION_CONFLICT and nothing of it is written.
   */
  /** The dossier as an action would read it (see DossierSnapshot); hand it to `perform` to spare the action its own read. */
  snapshot(dossierId: string): Promise<DossierSnapshot> {
    return loadDossierWithSetting(readerOf(this.db), dossierId, REFERENCE_VERSION);
  }

  private async act<I>(dossierId: string, action: EngineAction<I>, input: I, snapshot?: DossierSnapshot): Promise<Acted> {
    const now = this.clock.now();
    const snap = snapshot ?? (await this.snapshot(dossierId));
    const { loaded, setting, lastEventSeq, lastEventHash } = snap;
    // The reference version rides on the dossier's own read: agencies and calendar
    // changed by another process are seen at once, at no statement of their own.
    const ctx = this.context && setting === this.referenceVersion ? this.context : await this.reload();
    this.contextCheckedAt = performance.now();
    const procedure = await this.procedure(this.db, loaded.state.procedureKey, loaded.state.procedureVersion);
    const result = action(ctx, procedure, loaded.state, input, now);
    if (isNoop(result, loaded.state)) return { result, dossier: loaded };
    const save: SaveDossierAction = {
      dossierId,
      expectedVersion: loaded.version,
      result,
      now: now.toISOString(),
      wakeAt: this.wakeAt(ctx, procedure, result.state),
      previous: { state: loaded.state, wakeAt: this.wakeAt(ctx, procedure, loaded.state), lastEventSeq, lastEventHash },
    };
    const version = await this.writer.submit((trx) => saveDossierAction(trx, save));
    this.committed(result, ctx, procedure);
    return { result, dossier: dossierAfterSave(loaded, result.state, version, save.now) };
  }

  /**
   * The scheduler's action: load, apply, save in one transaction of its own. With `claim`,
   * PostgreSQL first locks the dossier row with SKIP LOCKED: a dossier another process is
   * working on is skipped (null), not waited for and done twice.
   */
  private async actClaimed<I>(dossierId: string, action: EngineAction<I>, input: I): Promise<ActionResult | null> {
    const now = this.clock.now();
    let saved: { ctx: EngineContext; procedure: CompiledProcedure } | null = null;
    const result = await inTransaction(this.db, async (trx) => {
      saved = null;
      if (databaseKind(trx) === 'postgres') {
        const mine = await trx('dossiers').where({ id: dossierId }).forUpdate().skipLocked().first('id');
        if (!mine) return null;
      }
      const { loaded, setting, lastEventSeq, lastEventHash } = await loadDossierWithSetting(trx, dossierId, REFERENCE_VERSION);
      const ctx = this.context && setting === this.referenceVersion ? this.context : await this.reload(trx);
      const procedure = await this.procedure(trx, loaded.state.procedureKey, loaded.state.procedureVersion);
      const result = action(ctx, procedure, loaded.state, input, now);
      // A deadline check that found nothing to do must not bump the version or write.
      if (isNoop(result, loaded.state)) return result;
      await saveDossierAction(trx, {
        dossierId,
        expectedVersion: loaded.version,
        result,
        now: now.toISOString(),
        wakeAt: this.wakeAt(ctx, procedure, result.state),
        previous: { state: loaded.state, wakeAt: this.wakeAt(ctx, procedure, loaded.state), lastEventSeq, lastEventHash },
      });
      saved = { ctx, procedure };
      return result;
    });
    const done = saved as { ctx: EngineContext; procedure: CompiledProcedure } | null;
    if (done && result) this.committed(result, done.ctx, done.procedure);
    return result;
  }

  /**
   * A person's action: run again on the fresh dossier when it lost the version race to
   * another writer (the scheduler marking a step due soon, say). Safe because every
   * attempt reloads and the engine checks every rule again; what stays a refusal is what
   * a person must hear about (the task done or claimed by someone else, the dossier closed).
   */
  private userAct<I>(dossierId: string, action: EngineAction<I>, input: I, snapshot?: DossierSnapshot): Promise<Acted> {
    return retryOnVersionConflict((attempt) => this.act(dossierId, action, input, attempt === 1 ? snapshot : undefined));
  }

  /**
   * One of the actions a person takes on a dossier, by name; answers with the result and
   * the dossier as saved (no read back). `snapshot`: the dossier as the caller just read
   * it (to check who may act), saving this action its own read.
   */
  perform<V extends PersonAction>(verb: V, dossierId: string, input: PersonActionInput<V>, snapshot?: DossierSnapshot): Promise<Acted> {
    return this.userAct(dossierId, PERSON_ACTIONS[verb] as EngineAction<PersonActionInput<V>>, input, snapshot);
  }

  claim(dossierId: string, input: PersonActionInput<'claim'>) {
    return this.perform('claim', dossierId, input).then(resultOf);
  }
  complete(dossierId: string, input: PersonActionInput<'complete'>) {
    return this.perform('complete', dossierId, input).then(resultOf);
  }
  requestSupplement(dossierId: string, input: PersonActionInput<'requestSupplement'>) {
    return this.perform('requestSupplement', dossierId, input).then(resultOf);
  }
  supplement(dossierId: string, input: PersonActionInput<'supplement'>) {
    return this.perform('supplement', dossierId, input).then(resultOf);
  }
  reject(dossierId: string, input: PersonActionInput<'reject'>) {
    return this.perform('reject', dossierId, input).then(resultOf);
  }
  withdraw(dossierId: string, input: PersonActionInput<'withdraw'>) {
    return this.perform('withdraw', dossierId, input).then(resultOf);
  }
  transfer(dossierId: string, input: PersonActionInput<'transfer'>) {
    return this.perform('transfer', dossierId, input).then(resultOf);
  }
  apologize(dossierId: string, input: PersonActionInput<'apologize'>) {
    return this.perform('apologize', dossierId, input).then(resultOf);
  }
  returnResult(dossierId: string, input: PersonActionInput<'returnResult'>) {
    return this.perform('returnResult', dossierId, input).then(resultOf);
  }

  // ── agency reorganisation ─────────────────────────────────────────────────
  /**
   * `from` is merged into `into` (the 2025 reorganisation; DOMAIN.md "Since 1 July 2025"),
   * in one transaction: the agency records (recordMerger: merged_into, its children and
   * users move) and, for every open dossier with work at `from`, the engine's mergeAgency
   * action saved through the normal path — its open tasks and holding agency move, one
   * `agencyMerged` row is appended to its chained history, nothing already written
   * changes. Codes, deadlines, receiving/competent agencies and statistics stay.
   */
  async mergeAgency(from: string, into: string, actor: Actor): Promise<MergeOutcome> {
    const now = this.clock.now();
    const nowIso = now.toISOString();
    let saved: Array<{ result: ActionResult; procedure: CompiledProcedure }> = [];
    let ctx: EngineContext | null = null;
    const outcome = await retryOnVersionConflict(() =>
      inTransaction(this.db, async (trx) => {
        saved = [];
        const before = new AgencyDirectory(await agencyTree(trx));
        if (from === into) throw new DomainError('SAME_AGENCY.merge', { agencyCode: from });
        assertActive(before, from);
        assertActive(before, into);
        if (before.subtree(from).includes(into) && before.require(into).parentCode === from) {
          // Merged into one of its own offices: that office takes the merged agency's place in the tree.
          await trx('agencies').where({ code: into }).update({ parent_code: before.require(from).parentCode });
        }
        const users = await recordMerger(trx, from, into, nowIso);
        await putSetting(trx, REFERENCE_VERSION, randomUUID());
        ctx = await this.reload(trx);
        const ids: string[] = await trx('dossiers')
          .whereNull('closed_at')
          .where((q) =>
            q.where('holding_agency', from).orWhereExists((sub) => {
              sub.select(1).from('tasks').whereRaw('tasks.dossier_id = dossiers.id').where('tasks.state', 'open').where('tasks.agency_code', from);
            }),
          )
          .orderBy('id')
          .pluck('id');
        for (const id of ids) {
          const { loaded, lastEventSeq, lastEventHash } = await loadDossierWithSetting(trx, id, REFERENCE_VERSION);
          const procedure = await this.procedure(trx, loaded.state.procedureKey, loaded.state.procedureVersion);
          const result = mergeAgency(ctx, procedure, loaded.state, { from, into, actor }, now);
          await saveDossierAction(trx, {
            dossierId: id,
            expectedVersion: loaded.version,
            result,
            now: nowIso,
            wakeAt: this.wakeAt(ctx, procedure, result.state),
            previous: { state: loaded.state, wakeAt: this.wakeAt(ctx, procedure, loaded.state), lastEventSeq, lastEventHash },
          });
          saved.push({ result, procedure });
        }
        return { from: before.require(from), into: before.require(into), users, dossiers: ids };
      }),
    );
    // Published and scheduled once committed, as every action is.
    const committedCtx = ctx as EngineContext | null;
    if (committedCtx) for (const { result, procedure } of saved) this.committed(result, committedCtx, procedure);
    return outcome;
  }

  // ── scheduler entry points ────────────────────────────────────────────────
  /**
   * Everything that fell due by now: timers first, then due-soon and escalation checks
   * of tasks whose indexed wake-up instant has passed. Each dossier is its own
   * transaction; a dossier changed meanwhile is simply looked at again next time.
   */
  async runDue(limit = 100): Promise<ActionResult[]> {
    const now = this.clock.now();
    const nowIso = now.toISOString();
    const results: ActionResult[] = [];
    const run: DueRun = { failed: new Set(), succeeded: new Set() };
    const timers = await dueTimers(this.db, nowIso, limit);
    for (const timer of timers) {
      const r = await this.tryAct(timer.dossierId, fireTimer, { timerId: timer.id }, run, { kind: 'timer', ref: timer.id });
      if (r) results.push(r);
    }
    const tasks = await dueTasks(this.db, nowIso, limit);
    const dossierIds = [...new Set(tasks.map((t) => t.dossierId))];
    for (const dossierId of dossierIds) {
      const r = await this.tryAct(dossierId, runDeadlineCheck, null, run, { kind: 'deadlines', ref: null });
      if (r) results.push(r);
    }
    await resolveIncidents(this.db, [...run.succeeded].filter((id) => !run.failed.has(id)), nowIso, 'scheduler');
    return results;
  }

  /**
   * An admin's retry of an incident (POST /admin/incidents/:id/retry): this dossier's
   * due timers and deadline check, now. True when they ran without failing (the incident
   * is then resolved by `resolvedBy`); a failure counts one more attempt on it.
   */
  async runDueFor(dossierId: string, resolvedBy: string): Promise<boolean> {
    const nowIso = this.clock.now().toISOString();
    const run: DueRun = { failed: new Set(), succeeded: new Set() };
    const timers = await dueTimersOf(this.db, dossierId, nowIso);
    for (const timer of timers) await this.tryAct(dossierId, fireTimer, { timerId: timer.id }, run, { kind: 'timer', ref: timer.id });
    await this.tryAct(dossierId, runDeadlineCheck, null, run, { kind: 'deadlines', ref: null });
    if (run.failed.has(dossierId)) return false;
    await resolveIncidents(this.db, [dossierId], nowIso, resolvedBy);
    return true;
  }

  private async tryAct<I>(dossierId: string, action: EngineAction<I>, input: I, run: DueRun, what: Pick<IncidentFailure, 'kind' | 'ref'>): Promise<ActionResult | null> {
    // One failure per dossier and pass: its other due work waits for the retry too.
    if (run.failed.has(dossierId)) return null;
    try {
      const result = await this.actClaimed(dossierId, action, input);
      if (result) run.succeeded.add(dossierId);
      return result;
    } catch (e) {
      // Another process got there first (a newer version, or the same escalation already
      // recorded): this dossier is looked at again on the next pass.
      if (e instanceof DomainError && ['VERSION_CONFLICT', 'DOSSIER_PAUSED', 'DOSSIER_CLOSED', 'TIMER_NOT_FOUND', 'DUPLICATE'].includes(e.code)) {
        return null;
      }
      // Anything else is this dossier's own trouble (a timer into a gateway no flow of
      // which matches, a state that cannot be copied …): an incident, and the pass goes on
      // with every other dossier. Only when even that cannot be written (the database is
      // away) does the whole pass fail.
      run.failed.add(dossierId);
      await this.recordIncident(dossierId, what, e);
      return null;
    }
  }

  private async recordIncident(dossierId: string, what: Pick<IncidentFailure, 'kind' | 'ref'>, error: unknown): Promise<void> {
    const coded = error instanceof DomainError ? error : null;
    try {
      const incident = await recordIncidentFailure(this.db, {
        dossierId,
        ...what,
        code: coded?.code ?? 'INTERNAL',
        message: coded ? coded.messageEn : error instanceof Error ? `${error.name}: ${error.message}` : String(error),
        now: this.clock.now().toISOString(),
      });
      if (incident.attempts === 1) console.error(`scheduled work failed for dossier ${dossierId} (incident ${incident.id}):`, error);
    } catch {
      throw error;
    }
  }
}

/** What a merger did: the two agencies as they were before, the users and open dossiers moved. */
export interface MergeOutcome {
  from: AgencyInfo;
  into: AgencyInfo;
  users: string[];
  dossiers: string[];
}

/** Which dossiers failed and which ran in one runDue call. */
interface DueRun {
  failed: Set<string>;
  succeeded: Set<string>;
}

const runDeadlineCheck: EngineAction<null> = (ctx, p, s, _i, at) => checkDeadlines(ctx, p, s, at);
