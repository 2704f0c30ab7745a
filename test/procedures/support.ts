// Shared set-up for the shipped procedures: the files in procedures/ (in force today) and
// procedures/truoc-2025/ (as the pre-reform province ran them), the real calendar (the
// government's 2025–2026 decisions), the two demo provinces — Quảng Ngãi after the 2025
// reform (server/seed/quangNgai2025.ts) and the pre-reform Kon Tum fixture
// (server/seed/demoData.ts) — and their staff, and a small driver that walks one dossier
// through the engine's lifecycle functions with Vietnamese wall-clock times.

import { readdirSync, readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { loadProcedure, type LoadedProcedure } from '../../engine/bpmn/index.js';
import { OFFICIAL_DECISIONS, WorkingCalendar } from '../../engine/calendar/index.js';
import { AgencyDirectory, type AgencyInfo } from '../../engine/dossier/agencies.js';
import {
  checkDeadlines,
  claimTask,
  completeTask,
  fireTimer,
  receiveDossier,
  rejectDossier,
  requestSupplement,
  returnResult,
  supplementDossier,
  type EngineContext,
} from '../../engine/dossier/lifecycle.js';
import type { ActionResult, Actor, Channel, DossierState, Effect, Task } from '../../engine/dossier/types.js';
import { compileProcedure, type CompiledProcedure } from '../../engine/machine/compile.js';
import { DEMO_AGENCIES, DEMO_USERS } from '../../server/seed/demoData.js';
import { QN_AGENCIES, QN_USERS } from '../../server/seed/quangNgai2025.js';
import type { NewAgency } from '../../server/store/index.js';

export const PROCEDURES_DIR = new URL('../../procedures/', import.meta.url);

/** The procedures in force (`x.bpmn`), or with `before2025` the pre-reform ones (`truoc-2025/x.bpmn`). */
export function procedureFiles(before2025 = false): string[] {
  const prefix = before2025 ? 'truoc-2025/' : '';
  return readdirSync(new URL(prefix, PROCEDURES_DIR))
    .filter((f) => f.endsWith('.bpmn'))
    .sort()
    .map((f) => `${prefix}${f}`);
}

export function procedureXml(file: string): string {
  return readFileSync(new URL(file, PROCEDURES_DIR), 'utf8');
}

export interface ShippedProcedure {
  loaded: LoadedProcedure;
  procedure: CompiledProcedure;
}

/**
 * Until the engine reads `mc:fee` and `mc:online` (CONTRACT.md §6.2, being built beside
 * these files), the importer warns that they have no effect; that warning, and only it,
 * is let through. Once the engine knows them, it no longer appears and this is a no-op.
 */
export const pendingAttributeWarning = (p: { severity: string; code: string; messageEn: string }): boolean =>
  p.severity === 'warning' && p.code === 'UNKNOWN_ATTRIBUTE' && /mc:(fee|online)\b/.test(p.messageEn);

/** Loads a shipped file; the test fails on any problem, warnings included (but the pending one above). */
export async function shipped(file: string): Promise<ShippedProcedure> {
  const loaded = await loadProcedure(procedureXml(file));
  expect(loaded.problems.filter((p) => !pendingAttributeWarning(p)), `${file} should load without errors or warnings`).toEqual([]);
  if (!loaded.model) throw new Error(`${file} has no model`);
  return { loaded, procedure: compileProcedure(loaded.model, 1) };
}

const asEngineSees = (agencies: readonly NewAgency[]): AgencyInfo[] =>
  agencies.map((a) => ({ code: a.code, name: a.name, level: a.level, kind: a.kind ?? null, parentCode: a.parentCode ?? null }));

/** The pre-reform demo province (Kon Tum) as the engine sees it. */
export const demoAgencies: AgencyInfo[] = asEngineSees(DEMO_AGENCIES);
/** The demo province after the reform (Quảng Ngãi) as the engine sees it. */
export const reformAgencies: AgencyInfo[] = asEngineSees(QN_AGENCIES);

/** The real calendar: computed holidays plus the government's decisions for 2025 and 2026; the pre-reform province. */
export function engineContext(): EngineContext {
  return {
    calendar: new WorkingCalendar({ overrides: [...OFFICIAL_DECISIONS] }),
    agencies: new AgencyDirectory(demoAgencies),
  };
}

/** The same calendar over the province after the reform. */
export function reformContext(): EngineContext {
  return {
    calendar: new WorkingCalendar({ overrides: [...OFFICIAL_DECISIONS] }),
    agencies: new AgencyDirectory(reformAgencies),
  };
}

/**
 * A demo account as an engine actor: of the pre-reform province (`commune.reception`,
 * `land.specialist` …) or of the reform one (`camthanh.reception`, `datdai.specialist` …);
 * the two never share a username.
 */
export function staff(username: string): Actor {
  const user = [...DEMO_USERS, ...QN_USERS].find((u) => u.username === username);
  if (!user) throw new Error(`no demo account ${username}`);
  return { username: user.username, agencyCode: user.agencyCode, roles: [...user.roles] };
}

/** A Vietnamese wall-clock time: `vn('2026-02-13 09:00')`. */
export const vn = (local: string): Date => new Date(`${local.replace(' ', 'T')}:00+07:00`);

/** An instant printed back in Vietnamese wall-clock time. */
export function local(iso: string | null | undefined): string | null {
  if (!iso) return null;
  const d = new Date(new Date(iso).getTime() + 7 * 3600_000);
  return d.toISOString().slice(0, 16).replace('T', ' ');
}

export interface ReceiveOptions {
  id?: string;
  at: string;
  agency: string;
  by: string;
  data?: Record<string, unknown>;
  channel?: Channel;
  /** The agency competent for the dossier (`@competent`), when not the receiving one (Decree 118/2025). */
  competent?: string;
}

/** One dossier driven through the lifecycle: each call applies one action and keeps its result. */
export class DossierRun {
  state: DossierState;
  last: ActionResult;
  /** Every effect of every action so far, in order. */
  readonly effects: Effect[] = [];

  private constructor(
    readonly ctx: EngineContext,
    readonly procedure: CompiledProcedure,
    received: ActionResult,
  ) {
    this.state = received.state;
    this.last = received;
    this.effects.push(...received.effects);
  }

  static receive(ctx: EngineContext, procedure: CompiledProcedure, o: ReceiveOptions): DossierRun {
    const id = o.id ?? 'd1';
    const at = vn(o.at);
    const code = `${o.agency}-${o.at.slice(2, 10).replace(/-/g, '')}-0001`;
    const result = receiveDossier(
      ctx,
      procedure,
      {
        id,
        code,
        receivingAgency: o.agency,
        actor: staff(o.by),
        data: o.data,
        channel: o.channel,
        ...(o.competent ? { competentAgency: o.competent } : {}),
      },
      at,
    );
    return new DossierRun(ctx, procedure, result);
  }

  private apply(result: ActionResult): this {
    this.state = result.state;
    this.last = result;
    this.effects.push(...result.effects);
    return this;
  }

  /** The open task of a step; fails the test with the open steps when there is none. */
  task(stepId: string): Task {
    const task = this.state.tasks.find((t) => t.stepId === stepId && t.state === 'open');
    if (!task) throw new Error(`no open task for ${stepId}; open: ${this.openSteps().join(', ') || '—'}`);
    return task;
  }

  openSteps(): string[] {
    return this.state.tasks.filter((t) => t.state === 'open').map((t) => t.stepId);
  }

  /** The open step's due instant, in Vietnamese wall-clock time. */
  due(stepId: string): string | null {
    return local(this.task(stepId).dueAt);
  }

  /** Every task of a step, oldest first (a rework loop opens a step again). */
  tasksOf(stepId: string): Task[] {
    return this.state.tasks.filter((t) => t.stepId === stepId);
  }

  claim(stepId: string, by: string, at: string): this {
    return this.apply(claimTask(this.ctx, this.procedure, this.state, { taskId: this.task(stepId).id, actor: staff(by) }, vn(at)));
  }

  complete(stepId: string, by: string, at: string, outcome?: string, data?: Record<string, unknown>, comment?: string): this {
    // A send-back needs a reason (engine: INVALID_OUTCOME.reasonRequired); these scenarios are about
    // deadlines, so one is written for them when the test gives none.
    const sendsBack = this.procedure.outcomes.get(this.task(stepId).stepId)?.some((o) => o.key === outcome && o.sendsBack);
    const reason = comment ?? (sendsBack ? `Trả lại (${outcome})` : undefined);
    return this.apply(
      completeTask(this.ctx, this.procedure, this.state, { taskId: this.task(stepId).id, actor: staff(by), outcome, data, comment: reason }, vn(at)),
    );
  }

  requestSupplement(by: string, at: string, reason: string, items: string[]): this {
    return this.apply(requestSupplement(this.ctx, this.procedure, this.state, { actor: staff(by), reason, items }, vn(at)));
  }

  supplement(by: string, at: string, items: string[]): this {
    return this.apply(supplementDossier(this.ctx, this.procedure, this.state, { actor: staff(by), items }, vn(at)));
  }

  /** Fires the pending timer of a BPMN node (boundary, intermediate or escalation). */
  fire(nodeId: string, at: string): this {
    const timer = this.state.timers.find((t) => t.nodeId === nodeId);
    if (!timer) throw new Error(`no timer for ${nodeId}; pending: ${this.state.timers.map((t) => t.nodeId).join(', ') || '—'}`);
    return this.apply(fireTimer(this.ctx, this.procedure, this.state, { timerId: timer.id }, vn(at)));
  }

  /** The pending timer of a node, due when (wall-clock). */
  timerDue(nodeId: string): string | null {
    return local(this.state.timers.find((t) => t.nodeId === nodeId)?.dueAt);
  }

  checkDeadlines(at: string): this {
    return this.apply(checkDeadlines(this.ctx, this.procedure, this.state, vn(at)));
  }

  reject(by: string, at: string, reason: string): this {
    return this.apply(rejectDossier(this.ctx, this.procedure, this.state, { actor: staff(by), reason }, vn(at)));
  }

  returnResult(by: string, at: string): this {
    return this.apply(returnResult(this.ctx, this.procedure, this.state, { actor: staff(by) }, vn(at)));
  }

  get appointment(): string | null {
    return local(this.state.appointmentAt);
  }

  /** The agencies the dossier was handed between, in order: `from → to`. */
  handoffs(): string[] {
    return this.effects.flatMap((e) => (e.type === 'handoff' ? [`${e.fromAgency} → ${e.toAgency}`] : []));
  }

  /** Effect types of the last action only. */
  lastEffects(): Effect['type'][] {
    return this.last.effects.map((e) => e.type);
  }
}
