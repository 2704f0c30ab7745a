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
    .select('procedure_key', 'version', 'time_limit', 'level', 'deployed_by', 'deployed_at', 'warnings');
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
