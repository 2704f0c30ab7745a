// Real engine states to fill the million rows with: every procedure the 1M database has
// (the five of procedures/ and the bench permit) run once through the pure engine on its
// happy path — receive, then claim and complete whatever is open (a positive outcome where
// one is asked for, timers fired when nothing else is open) until it is returned. What
// comes back per procedure: its steps in the order they ran (with their agency selector
// and allotment, for the task rows) and the state JSON at each stage (for the `state`
// column: a dossier open at step k carries the real state of one open at step k, with its
// own id and code put in).
import { readFileSync, readdirSync } from 'node:fs';
import {
  AgencyDirectory,
  DEFAULT_POLICY,
  DomainError,
  OFFICIAL_DECISIONS,
  WorkingCalendar,
  claimTask,
  compileProcedure,
  completeTask,
  fireTimer,
  loadProcedure,
  receiveDossier,
  returnResult,
  type ActionResult,
  type AgencySelector,
  type CompiledProcedure,
  type DossierState,
  type EngineContext,
  type ProcedureModel,
} from '../../engine/index.js';
import { CITY, COMMUNE, PROVINCE_JUSTICE } from '../../server/seed/demoData.js';
// The pre-reform fixture's procedures: bigProvince() is Kon Tum with its districts.
import { PROCEDURES_BEFORE_2025_DIR as PROCEDURES_DIR } from '../../server/seed/procedures.js';
import { bigProvince, officer, type BigAgency } from './bigProvince.js';
import { permitXml, vn } from './permit.js';

export const TEMPLATE_ID = 'TEMPLATEID-0000-4000-8000-000000000000';
export const TEMPLATE_CODE = 'TEMPLATE.CODE-000000-0000';

export interface StepTemplate {
  stepId: string;
  name: string;
  role: string;
  selector: AgencySelector;
  allotted: string | null;
}

export interface ProcedureTemplate {
  key: string;
  xml: string;
  model: ProcedureModel;
  level: 'commune' | 'district' | 'province';
  steps: StepTemplate[];
  /** stateAt[k]: the state JSON while step k is open (steps before it done). */
  stateAt: string[];
  /** The returned dossier's state JSON. */
  closed: string;
  /** A timer node of the model (its open dossiers carry one pending timer), or null. */
  timerNode: string | null;
}

const POSITIVE = ['approve', 'eligible', 'forward', 'grant', 'issue', 'register', 'sign'];

function findTimerNode(model: ProcedureModel): string | null {
  const stack = [model.root];
  while (stack.length > 0) {
    const c = stack.pop()!;
    for (const node of Object.values(c.nodes) as Array<Record<string, any>>) {
      if (node.event?.kind === 'timer' || node.definition?.kind === 'timer' || node.timer) return String(node.id);
      if (node.nodes) stack.push(node as any);
    }
  }
  return null;
}

function userTasks(model: ProcedureModel): Map<string, Record<string, any>> {
  const out = new Map<string, Record<string, any>>();
  const stack = [model.root];
  while (stack.length > 0) {
    const c = stack.pop()!;
    for (const node of Object.values(c.nodes) as Array<Record<string, any>>) {
      if (node.type === 'userTask') out.set(String(node.id), node);
      if (node.nodes) stack.push(node as any);
    }
  }
  return out;
}

function happyPath(ctx: EngineContext, procedure: CompiledProcedure, receiving: string): ActionResult[] {
  let now = vn('2026-03-02 08:00');
  const tick = () => (now = new Date(now.getTime() + 3600_000));
  const results: ActionResult[] = [];
  let r = receiveDossier(
    ctx,
    procedure,
    {
      id: TEMPLATE_ID,
      code: TEMPLATE_CODE,
      receivingAgency: receiving,
      channel: 'desk',
      data: { needsFireSafetyOpinion: true, fee: 1_500_000 },
      actor: { username: 'template.reception', agencyCode: receiving, roles: ['reception'] },
    },
    now,
  );
  results.push(r);
  for (let guard = 0; guard < 100 && !['returned', 'rejected', 'withdrawn'].includes(r.state.status); guard++) {
    const state: DossierState = r.state;
    const open = state.tasks.find((t) => t.state === 'open');
    if (open) {
      const actor = { username: 'template.officer', agencyCode: open.agencyCode, roles: [open.role] };
      r = claimTask(ctx, procedure, state, { taskId: open.id, actor }, tick());
      results.push(r);
      let done: ActionResult | null = null;
      for (const outcome of [null, ...POSITIVE]) {
        try {
          done = completeTask(ctx, procedure, r.state, { taskId: open.id, actor, outcome }, tick());
          break;
        } catch (e) {
          if (!(e instanceof DomainError)) throw e;
        }
      }
      if (!done) throw new Error(`${procedure.model.key}: cannot complete ${open.stepId}`);
      r = done;
      results.push(r);
    } else if (state.timers.length > 0) {
      const timer = [...state.timers].sort((a, b) => a.dueAt.localeCompare(b.dueAt))[0];
      now = new Date(Math.max(now.getTime(), new Date(timer.dueAt).getTime()));
      r = fireTimer(ctx, procedure, state, { timerId: timer.id }, now);
      results.push(r);
    } else if (state.status === 'awaitingReturn') {
      r = returnResult(ctx, procedure, state, { actor: { username: 'template.return', agencyCode: receiving, roles: ['return'] } } as never, tick());
      results.push(r);
    } else {
      throw new Error(`${procedure.model.key}: stuck in ${state.status}`);
    }
  }
  if (r.state.status !== 'returned') throw new Error(`${procedure.model.key}: ended ${r.state.status}`);
  return results;
}

const RECEIVING: Record<string, string> = { commune: COMMUNE, district: CITY, province: PROVINCE_JUSTICE };

export async function procedureTemplates(): Promise<{ templates: ProcedureTemplate[]; agencies: BigAgency[]; ctx: EngineContext }> {
  const agencies = bigProvince();
  const ctx: EngineContext = {
    calendar: new WorkingCalendar({ overrides: [...OFFICIAL_DECISIONS] }),
    agencies: new AgencyDirectory(agencies),
    policy: DEFAULT_POLICY,
  };
  const xmls = [
    ...readdirSync(PROCEDURES_DIR)
      .filter((f) => f.endsWith('.bpmn'))
      .sort()
      .map((f) => readFileSync(`${PROCEDURES_DIR}/${f}`, 'utf8')),
    permitXml,
  ];
  const templates: ProcedureTemplate[] = [];
  for (const xml of xmls) {
    const model = (await loadProcedure(xml)).model!;
    const procedure = compileProcedure(model, 1);
    const level = (model.level ?? 'commune') as ProcedureTemplate['level'];
    const results = happyPath(ctx, procedure, RECEIVING[level]);
    const final = results.at(-1)!.state;
    const nodes = userTasks(model);
    const tasks = [...final.tasks].sort((a, b) => a.startedAt.localeCompare(b.startedAt) || a.id.localeCompare(b.id));
    const steps: StepTemplate[] = tasks.map((t) => ({
      stepId: t.stepId,
      name: t.name,
      role: t.role,
      selector: (nodes.get(t.stepId)?.agency as AgencySelector) ?? { kind: 'receiving' },
      allotted: t.allotted,
    }));
    const stateAt: string[] = [];
    for (const res of results) {
      const done = res.state.tasks.filter((t) => t.state !== 'open').length;
      if (res.state.tasks.some((t) => t.state === 'open') && stateAt[done] === undefined) stateAt[done] = JSON.stringify(res.state);
    }
    for (let k = 0; k < steps.length; k++) stateAt[k] ??= stateAt[k - 1] ?? JSON.stringify(results[0].state);
    templates.push({ key: model.key, xml, model, level, steps, stateAt, closed: JSON.stringify(final), timerNode: findTimerNode(model) });
  }
  return { templates, agencies, ctx };
}

export { officer };
