// Procedures and their immutable versions. A dossier stays on the version it was
// received under; deploying only ever adds a version. The XML is kept verbatim so the
// designer can show and diff exactly what was deployed.
import type { Level, ProcedureModel } from '../../engine/model/procedure.js';
import type { Problem } from '../../engine/model/problem.js';
import { dbInstant, fromJson, toJson, type Db } from './db.js';

export interface Deployment {
  /** The BPMN process id. */
  key: string;
  code: string | null;
  name: string;
  xml: string;
  model: ProcedureModel;
  timeLimit: string | null;
  level: Level | null;
  deployedBy: string;
  /** Validator warnings at deploy time (errors never get this far). */
  warnings: Problem[];
  now: string;
  /** What the officer said about this version (issue 20); absent for the shipped procedures. */
  record?: VersionRecord;
}

/** Kept with a deployed version, shown in its history. */
export interface VersionRecord {
  changeNote: string | null;
  /** The approving decision's number, e.g. `1234/QĐ-UBND`. */
  decisionNumber: string | null;
  /** Local date `YYYY-MM-DD` the decision takes effect. */
  effectiveFrom: string | null;
  /** Why the steps may exceed the legal time limit (deployed only with a reason). */
  overLimitReason: string | null;
}

export interface ProcedureVersion {
  key: string;
  version: number;
  xml: string;
  model: ProcedureModel;
  timeLimit: string | null;
  level: Level | null;
  deployedBy: string;
  deployedAt: string;
  warnings: Problem[];
  record: VersionRecord;
}

/** One line of the version history (no XML, no model). */
export type ProcedureVersionSummary = Omit<ProcedureVersion, 'xml' | 'model'>;

export interface ProcedureSummary {
  key: string;
  code: string | null;
  name: string;
  latestVersion: number;
  timeLimit: string | null;
  level: Level | null;
  createdAt: string;
  deployedAt: string;
}

type Row = Record<string, any>;

const versionFromRow = (row: Row): ProcedureVersion => ({
  key: row.procedure_key,
  version: Number(row.version),
  xml: row.xml,
  model: fromJson<ProcedureModel>(row.model),
  timeLimit: row.time_limit ?? null,
  level: row.level ?? null,
  deployedBy: row.deployed_by,
  deployedAt: row.deployed_at,
  warnings: fromJson<Problem[]>(row.warnings),
  record: {
    changeNote: row.change_note ?? null,
    decisionNumber: row.decision_number ?? null,
    effectiveFrom: row.effective_from ?? null,
    overLimitReason: row.over_limit_reason ?? null,
  },
});

/**
 * Stores a new version and returns its number (1 for a new procedure). The number
 * comes from one atomic upsert of `procedures.latest_version`, which holds the row
 * lock until commit: two concurrent deploys of the same key get 1 and 2, never 1 twice.
 */
export async function deployVersion(trx: Db, deployment: Deployment): Promise<number> {
  const now = dbInstant(deployment.now);
  const rows: Array<{ latest_version: number | string }> = await trx('procedures')
    .insert({ key: deployment.key, code: deployment.code, name: deployment.name, latest_version: 1, created_at: now })
    .onConflict('key')
    .merge({
      code: deployment.code,
      name: deployment.name,
      latest_version: trx.raw('?? + 1', ['procedures.latest_version']),
    })
    .returning('latest_version');
  const version = Number(rows[0].latest_version);
  await trx('procedure_versions').insert({
    procedure_key: deployment.key,
    version,
    xml: deployment.xml,
    model: toJson(deployment.model),
    time_limit: deployment.timeLimit,
    level: deployment.level,
    deployed_by: deployment.deployedBy,
    deployed_at: now,
    warnings: toJson(deployment.warnings),
    change_note: deployment.record?.changeNote ?? null,
    decision_number: deployment.record?.decisionNumber ?? null,
    effective_from: deployment.record?.effectiveFrom ?? null,
    over_limit_reason: deployment.record?.overLimitReason ?? null,
  });
  return version;
}

export async function getVersion(db: Db, key: string, version: number): Promise<ProcedureVersion | null> {
  const row = await db('procedure_versions').where({ procedure_key: key, version }).first();
  return row ? versionFromRow(row) : null;
}

/** The number of a procedure's latest version, reading only the small `procedures` row (null: no such procedure). */
export async function latestVersionNumber(db: Db, key: string): Promise<number | null> {
  const row = await db('procedures').where({ key }).first('latest_version');
  return row ? Number(row.latest_version) : null;
}

export async function latestVersion(db: Db, key: string): Promise<ProcedureVersion | null> {
  const row = await db('procedure_versions')
    .join('procedures', function () {
      this.on('procedures.key', '=', 'procedure_versions.procedure_key').andOn(
        'procedures.latest_version',
        '=',
        'procedure_versions.version',
      );
    })
    .where('procedures.key', key)
    .first('procedure_versions.*');
  return row ? versionFromRow(row) : null;
}

/** Version history, oldest first. */
export async function listVersions(db: Db, key: string): Promise<ProcedureVersionSummary[]> {
  const rows = await db('procedure_versions')
    .where({ procedure_key: key })
    .orderBy('version')
    .select('procedure_key', 'version', 'time_limit', 'level', 'deployed_by', 'deployed_at', 'warnings', 'change_note', 'decision_number', 'effective_from', 'over_limit_reason');
  return rows.map((row: Row) => {
    const { xml: _xml, model: _model, ...summary } = versionFromRow({ ...row, xml: '', model: 'null' });
    return summary;
  });
}

/** Every procedure with its latest version, by name. */
export async function listProcedures(db: Db): Promise<ProcedureSummary[]> {
  const rows = await db('procedures')
    .join('procedure_versions', function () {
      this.on('procedure_versions.procedure_key', '=', 'procedures.key').andOn(
        'procedure_versions.version',
        '=',
        'procedures.latest_version',
      );
    })
    .orderBy([{ column: 'procedures.name' }, { column: 'procedures.key' }])
    .select(
      'procedures.key',
      'procedures.code',
      'procedures.name',
      'procedures.latest_version',
      'procedures.created_at',
      'procedure_versions.time_limit',
      'procedure_versions.level',
      'procedure_versions.deployed_at',
    );
  return rows.map((row: Row) => ({
    key: row.key,
    code: row.code ?? null,
    name: row.name,
    latestVersion: Number(row.latest_version),
    timeLimit: row.time_limit ?? null,
    level: row.level ?? null,
    createdAt: row.created_at,
    deployedAt: row.deployed_at,
  }));
}

// ─── drafts (issue 20): what an officer is drawing, kept per procedure and officer ───

export interface ProcedureDraft {
  procedureKey: string;
  username: string;
  xml: string;
  baseVersion: number | null;
  savedAt: string;
}

const draftFromRow = (row: Row): ProcedureDraft => ({
  procedureKey: row.procedure_key,
  username: row.username,
  xml: row.xml,
  baseVersion: row.base_version === null || row.base_version === undefined ? null : Number(row.base_version),
  savedAt: row.saved_at,
});

export async function getDraft(db: Db, procedureKey: string, username: string): Promise<ProcedureDraft | null> {
  const row = await db('procedure_drafts').where({ procedure_key: procedureKey, username }).first();
  return row ? draftFromRow(row) : null;
}

/** One draft per procedure and officer: a save replaces it. */
export async function saveDraft(db: Db, draft: ProcedureDraft): Promise<ProcedureDraft> {
  const row = { procedure_key: draft.procedureKey, username: draft.username, xml: draft.xml, base_version: draft.baseVersion, saved_at: dbInstant(draft.savedAt) };
  await db('procedure_drafts').insert(row).onConflict(['procedure_key', 'username']).merge({ xml: row.xml, base_version: row.base_version, saved_at: row.saved_at });
  return { ...draft, savedAt: row.saved_at };
}

export async function deleteDraft(db: Db, procedureKey: string, username: string): Promise<boolean> {
  return (await db('procedure_drafts').where({ procedure_key: procedureKey, username }).delete()) > 0;
}

/** The officer's drafts, newest first (the procedures page lists them). */
export async function listDrafts(db: Db, username: string): Promise<Array<Omit<ProcedureDraft, 'xml'>>> {
  const rows = await db('procedure_drafts').where({ username }).orderBy('saved_at', 'desc').select('procedure_key', 'username', 'base_version', 'saved_at');
  return rows.map((row: Row) => {
    const { xml: _xml, ...rest } = draftFromRow({ ...row, xml: '' });
    return rest;
  });
}
