// MộtCửa in-process: DossierService (server/services/dossierService.ts) on a fresh
// database with the demo agencies, one client, every dossier received and then each of
// its six steps claimed and completed — 13 actions, each its own committed transaction
// (load → engine → save), exactly what the REST routes call.
import type { ActionResult } from '../../engine/index.js';
import type { DossierService } from '../../server/services/dossierService.js';
import { ACTORS, PERMIT_KEY, STEPS, applicant } from '../lib/permit.js';
import { openProvince, type Province } from '../lib/province.js';
import { SqlProfile } from '../lib/sqlProfile.js';
import { COMMUNE } from '../../server/seed/demoData.js';

type Runner = <T>(label: string, fn: () => Promise<T>) => Promise<T>;
const direct: Runner = (_label, fn) => fn();

/** One dossier through the permit; returns its final state. */
export async function driveDossier(service: DossierService, i: number, run: Runner = direct): Promise<ActionResult> {
  const received = await run('receive', () =>
    service.receive({ procedureKey: PERMIT_KEY, receivingAgency: COMMUNE, applicant: applicant(i), channel: 'desk', actor: ACTORS.reception }),
  );
  const id = received.id;
  let last = received.result;
  for (const step of STEPS) {
    const task = last.state.tasks.find((t) => t.stepId === step.stepId && t.state === 'open');
    if (!task) throw new Error(`dossier ${id}: no open ${step.stepId} (${last.state.tasks.map((t) => `${t.stepId}/${t.state}`).join(', ')})`);
    await run('claim', () => service.claim(id, { taskId: task.id, actor: step.actor }));
    last = await run(`complete`, () =>
      service.complete(id, { taskId: task.id, actor: step.actor, outcome: step.outcome, comment: null }),
    );
  }
  if (last.state.status !== 'returned') throw new Error(`dossier ${id} ended ${last.state.status}`);
  return last;
}

/** A contender of the same-run comparison: dossiers on demand, on its own database. */
export interface Contender {
  name: string;
  /** Drives `count` dossiers (numbered from `offset`) one after another. */
  run(count: number, offset: number): Promise<void>;
  close(): Promise<void>;
}

/** MộtCửa in-process as a contender (DossierService on a fresh database). */
export async function openMotcua(name: string, target: { sqliteFile: string } | { postgresSchema: string }): Promise<Contender & { province: Province }> {
  const province = await openProvince(target);
  return {
    name,
    province,
    async run(count, offset) {
      for (let i = 0; i < count; i++) await driveDossier(province.service, offset + i);
    },
    close: () => province.close(),
  };
}

/** Statements and their time per action, over `dossiers` dossiers on the contender's database (not timed for the rate). */
export async function profileMotcua(province: Province, dossiers: number, offset: number): Promise<SqlProfile> {
  const profile = new SqlProfile(province.knex);
  for (let i = 0; i < dossiers; i++) await driveDossier(province.service, offset + i, (label, fn) => profile.run(label, fn));
  profile.detach();
  return profile;
}

/** Mean length of the `state` column of the returned dossiers (bytes of JSON text). */
export async function stateBytes(province: Province): Promise<number> {
  const row = await province.knex('dossiers').where('status', 'returned').avg({ n: province.knex.raw('length(state)') }).first();
  return Number(row?.n ?? 0);
}
