// The scheduler: sleeps until the next due instant (one setTimeout, read from the
// indexed wake_at / due_at columns), then runs the service's `runDue` until nothing is
// left, and sleeps again. Commits nudge it, so a task opened already due soon is
// warned about at once; the sleep is capped so a missed nudge, a move of the manual
// clock by another process or a drift of the system clock heals within the cap.
//
// Never twice for the same step and level, also after a restart or with several
// processes: that is not this file's doing but the data's — the task's
// escalationLevel in the state, the version check on every save, and the unique
// (task_id, level) of the escalations table. This loop may run a check twice; the
// second finds nothing to raise.
import type { Knex } from 'knex';
import type { ActionResult } from '../../engine/index.js';
import { isManualClock, type Clock } from '../clock.js';
import type { DossierService } from '../services/dossierService.js';
import { nextDueAfter } from './nextDue.js';

export interface SchedulerOptions {
  /** Longest sleep, whatever the next due instant (default 60 s). */
  maxSleepMs?: number;
  /** Rows per runDue call (default 100). */
  batchSize?: number;
  /** Where a failed pass is reported (default console.error). */
  onError?: (error: unknown) => void;
}

export interface SchedulerPass {
  /** The clock's reading the pass ran at. */
  at: string;
  /** Actions that changed a dossier (raised a warning, an escalation, fired a timer). */
  actions: number;
}

export interface AdvanceReport {
  from: string;
  now: string;
  /** Every instant the clock stopped at on the way, the target last. */
  steps: string[];
  /** Actions that changed a dossier on the way. */
  actions: number;
  /** `forward` (due work ran on the way) or `back` (nothing ran, nothing recorded was undone). */
  direction: 'forward' | 'back';
}

/** A runDue pass that raised nothing and wrote no history changed nothing worth another pass. */
const changedSomething = (result: ActionResult) => result.effects.length > 0 || result.events.length > 0;

const RETRY_AFTER_FAILURE_MS = 5_000;

// A guard, not a limit anyone should reach: each pass settles up to batchSize dossiers.
const MAX_PASSES_PER_INSTANT = 1000;

export class Scheduler {
  private timer: NodeJS.Timeout | null = null;
  private started = false;
  private stopped = false;
  /** Serialises passes and clock moves: the clock must not move under a running pass. */
  private queue: Promise<unknown> = Promise.resolve();
  private passPending = false;
  /** A nudged pass is running (until it has re-armed); `wakeFor` then only notes its instant. */
  private inPass = false;
  private wakeAfterPass: Date | null = null;
  private readonly maxSleepMs: number;
  private readonly batchSize: number;
  private readonly onError: (error: unknown) => void;
  /** Set after a failed pass, until one succeeds: a database that is down is reported once, not every pass. */
  private failing = false;
  /** The instant the current sleep ends at (for tests and diagnostics). */
  wakeAt: Date | null = null;
  /** Passes run so far (for tests and diagnostics). */
  passes = 0;

  constructor(
    private readonly db: Knex,
    private readonly clock: Clock,
    private readonly dossiers: DossierService,
    options: SchedulerOptions = {},
  ) {
    this.maxSleepMs = options.maxSleepMs ?? 60_000;
    this.batchSize = options.batchSize ?? 100;
    this.onError = options.onError ?? ((error) => console.error('scheduler pass failed:', error));
  }

  /** Runs a first pass at once (whatever fell due while no process was running), then keeps itself armed. */
  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    this.nudge();
  }

  /** Something was committed: look again now instead of at the end of the sleep. Cheap to call often. */
  nudge(): void {
    if (!this.started || this.stopped || this.passPending) return;
    this.passPending = true;
    this.clearTimer();
    void this.exclusive(async () => {
      this.passPending = false;
      if (this.stopped) return;
      this.inPass = true;
      this.wakeAfterPass = null;
      try {
        await this.pass();
        await this.arm();
        this.failing = false;
        this.inPass = false;
        const wake = this.wakeAfterPass;
        this.wakeAfterPass = null;
        this.wakeFor(wake);
      } catch (error) {
        this.inPass = false;
        if (this.stopped) return;
        if (!this.failing) this.onError(error);
        this.failing = true;
        // The database is away: try again later rather than never.
        this.sleep(Math.min(this.maxSleepMs, RETRY_AFTER_FAILURE_MS));
      }
    });
  }

  /**
   * A commit needs the scheduler at `at` (its dossier's earliest wake-up), or never (null).
   * Due already: a pass now. Later than the instant this scheduler sleeps towards: nothing
   * to do — no query, which is what keeps a busy server's commits from each costing a
   * pass. Earlier: sleep until then instead. While a pass runs, the earliest such instant
   * is kept and looked at once the pass has re-armed.
   */
  wakeFor(at: Date | null): void {
    if (at === null || !this.started || this.stopped || this.passPending) return;
    if (this.inPass) {
      if (this.wakeAfterPass === null || at < this.wakeAfterPass) this.wakeAfterPass = at;
      return;
    }
    const now = this.clock.now();
    if (at.getTime() <= now.getTime()) return this.nudge();
    if (this.wakeAt && this.wakeAt.getTime() <= at.getTime()) return;
    const delay = Math.min(this.maxSleepMs, at.getTime() - now.getTime());
    this.sleep(delay, new Date(now.getTime() + delay));
  }

  /** Stops the loop; resolves when the pass in flight (if any) has finished. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.clearTimer();
    await this.queue.catch(() => {});
  }

  /** One pass at the clock's current reading: everything due until nothing is. */
  async runNow(): Promise<SchedulerPass> {
    return this.exclusive(() => this.pass());
  }

  /**
   * The manual clock's move (CONTRACT.md §5, §6.1). Forwards: stops at every instant
   * something falls due between the current reading and `target`, in order, and runs it
   * there — so a due-soon warning is raised before the escalation that follows it, each
   * stamped with its own instant — then settles at `target`. Back: the clock is simply
   * put there; nothing falls due on the way back, and nothing already recorded (a
   * warning, an escalation, a fired timer, a verdict) is undone.
   */
  async advanceTo(target: Date): Promise<AdvanceReport> {
    if (!isManualClock(this.clock)) throw new Error('advanceTo needs the manual clock');
    const clock = this.clock;
    const report = await this.exclusive(async (): Promise<AdvanceReport> => {
      const from = await clock.reload();
      if (target.getTime() < from.getTime()) {
        await clock.set(target);
        const now = clock.now().toISOString();
        return { from: from.toISOString(), now, steps: [now], actions: 0, direction: 'back' };
      }
      const steps: string[] = [];
      let actions = await this.settle(); // anything already due at the old reading first
      for (;;) {
        const next = await nextDueAfter(this.db, clock.now());
        if (next === null || next.getTime() > target.getTime()) break;
        await clock.set(next);
        steps.push(clock.now().toISOString());
        actions += await this.settle();
      }
      await clock.set(target);
      if (steps.at(-1) !== clock.now().toISOString()) steps.push(clock.now().toISOString());
      actions += await this.settle();
      return { from: from.toISOString(), now: clock.now().toISOString(), steps, actions, direction: 'forward' };
    });
    // The next due instant changed for this process's own sleep too.
    this.nudge();
    return report;
  }

  private async pass(): Promise<SchedulerPass> {
    if (isManualClock(this.clock)) await this.clock.reload();
    this.passes += 1;
    const actions = await this.settle();
    return { at: this.clock.now().toISOString(), actions };
  }

  /** runDue at the clock's current reading until a pass changes nothing. Returns the actions that changed something. */
  private async settle(): Promise<number> {
    let actions = 0;
    for (let i = 0; i < MAX_PASSES_PER_INSTANT; i++) {
      const results = await this.dossiers.runDue(this.batchSize);
      const changed = results.filter(changedSomething).length;
      actions += changed;
      // A full batch may hide more behind it; otherwise stop once nothing changed.
      if (changed === 0 && results.length < this.batchSize) break;
    }
    return actions;
  }

  private async arm(): Promise<void> {
    const now = this.clock.now();
    const next = await nextDueAfter(this.db, now);
    if (this.stopped || this.passPending) return;
    const delay = next === null ? this.maxSleepMs : Math.min(this.maxSleepMs, Math.max(0, next.getTime() - now.getTime()));
    this.sleep(delay, new Date(now.getTime() + delay));
  }

  private sleep(delay: number, until: Date | null = null): void {
    this.clearTimer();
    this.wakeAt = until;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.nudge();
    }, delay);
    // A sleeping scheduler must not keep a process alive that has nothing else to do.
    this.timer.unref();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.wakeAt = null;
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => {});
    return run;
  }
}
