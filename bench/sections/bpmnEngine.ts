// The peer: bpmn-engine (devDependency) running the same six-step permit in plain BPMN
// (bench/fixtures/permit-plain.bpmn), its whole `getState()` JSON saved to SQLite after
// every action through the same driver and pragmas as the store (server/store/db.ts
// openDatabase: knex + node-sqlite3, WAL, synchronous NORMAL, busy_timeout, foreign_keys).
// The same 13 actions as MộtCửa: start (receive), then per user task a claim (the assignee
// recorded in the process variables, the state saved) and a completion (signal, the
// state saved). Two ways to hold a dossier between actions:
// - `bpmn-engine`: one Engine per dossier kept in memory, its natural use (the figure of
//   record: the peer at its best);
// - `bpmn-engine-recover`: like MộtCửa, nothing kept — every action reads the saved state,
//   `recover` + `resume`, acts, saves (an extra line, like for like).
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import { Engine } from 'bpmn-engine';
import type { Knex } from 'knex';
import { openDatabase } from '../../server/store/index.js';
import { STEPS, plainPermitXml } from '../lib/permit.js';
import { tempFile } from '../lib/province.js';
import type { Contender } from './inProcess.js';

interface WaitingApi {
  id: string;
  environment: { variables: Record<string, unknown> };
}

const TABLE = 'bpmn_engine_states';

async function save(knex: Knex, id: string, engine: Engine, insert: boolean): Promise<number> {
  const state = JSON.stringify(await engine.getState());
  const at = new Date().toISOString();
  if (insert) await knex(TABLE).insert({ id, state, version: 1, updated_at: at });
  else await knex(TABLE).where({ id }).update({ state, version: knex.raw('version + 1'), updated_at: at });
  return state.length;
}

/** One dossier, its Engine kept in memory between actions. Returns the last state's size. */
async function inMemory(knex: Knex, i: number): Promise<number> {
  const id = randomUUID();
  const waiting: WaitingApi[] = [];
  const listener = new EventEmitter();
  listener.on('wait', (api: WaitingApi) => waiting.push(api));
  const engine = new Engine({ name: id, source: plainPermitXml, variables: { applicant: `Nguyễn Văn Thử ${i}` } });
  const execution = await engine.execute({ listener });
  let bytes = await save(knex, id, engine, true);
  for (const step of STEPS) {
    const api = waiting.shift();
    if (!api || api.id !== step.stepId) throw new Error(`bpmn-engine: expected ${step.stepId}, waiting ${api?.id}`);
    api.environment.variables[`${step.stepId}_assignee`] = step.actor.username;
    await save(knex, id, engine, false);
    if (step.outcome) api.environment.variables.outcome = step.outcome;
    execution.signal({ id: step.stepId });
    bytes = await save(knex, id, engine, false);
  }
  if (engine.state !== 'idle' || waiting.length > 0) throw new Error(`bpmn-engine: ended ${engine.state}`);
  return bytes;
}

/** One dossier, nothing kept: every action reads the saved state, recovers and resumes the engine. */
async function recovering(knex: Knex, i: number): Promise<number> {
  const id = randomUUID();
  const started = new Engine({ name: id, source: plainPermitXml, variables: { applicant: `Nguyễn Văn Thử ${i}` } });
  await started.execute({ listener: new EventEmitter() });
  let bytes = await save(knex, id, started, true);
  const act = async (stepId: string, fn: (api: WaitingApi, execution: Awaited<ReturnType<Engine['resume']>>) => void) => {
    const row = await knex(TABLE).where({ id }).first('state');
    const engine = new Engine({ name: id }).recover(JSON.parse(row.state));
    const execution = await engine.resume({ listener: new EventEmitter() });
    const api = execution.getPostponed().find((a) => a.id === stepId) as unknown as WaitingApi | undefined;
    if (!api) throw new Error(`bpmn-engine (recover): ${stepId} is not waiting`);
    fn(api, execution);
    bytes = await save(knex, id, engine, false);
    return engine;
  };
  let last: Engine | null = null;
  for (const step of STEPS) {
    await act(step.stepId, (api) => {
      api.environment.variables[`${step.stepId}_assignee`] = step.actor.username;
    });
    last = await act(step.stepId, (api, execution) => {
      if (step.outcome) api.environment.variables.outcome = step.outcome;
      execution.signal({ id: step.stepId });
    });
  }
  if (last?.state !== 'idle') throw new Error(`bpmn-engine (recover): ended ${last?.state}`);
  return bytes;
}

/** The peer as a contender of the same-run comparison. */
export async function openBpmnEngine(mode: 'memory' | 'recover' = 'memory'): Promise<Contender & { stateBytes(): number }> {
  const knex = await openDatabase(tempFile(`bpmn-engine-${mode}.db`));
  await knex.schema.createTable(TABLE, (t) => {
    t.string('id', 64).primary();
    t.text('state').notNullable();
    t.integer('version').notNullable();
    t.string('updated_at', 32).notNullable();
  });
  let bytes = 0;
  const drive = mode === 'memory' ? inMemory : recovering;
  return {
    name: mode === 'memory' ? 'bpmn-engine' : 'bpmn-engine-recover',
    async run(count, offset) {
      for (let i = 0; i < count; i++) bytes = await drive(knex, offset + i);
    },
    stateBytes: () => bytes,
    close: () => knex.destroy(),
  };
}
