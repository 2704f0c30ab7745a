// Backups and restores of the whole database (`npm run backup`, `npm run restore`).
//
// A backup is a folder, `motcua-<UTC instant>/`, holding `manifest.json` and the files it
// lists with their size and SHA-256: today the database (`database.sqlite` or
// `database.pgdump`), later the uploaded documents beside it. The folder is written under
// a hidden name and renamed when complete, so a folder with a manifest is a whole backup.
//
// Consistent while the server writes:
// - SQLite: `VACUUM INTO` copies the database inside ONE read transaction. Under WAL
//   (server/store/db.ts) a reader never blocks the writer and sees one snapshot, so the
//   copy is exactly the database at one instant while the server goes on writing. The
//   online backup API (sqlite3's `db.backup()`) copies pages in steps and starts again
//   whenever another connection writes between two steps — on a busy server it may never
//   finish — unless it copies everything in one step, which is what VACUUM INTO does
//   anyway, through the store's own connection and with a compact file as the result.
// - PostgreSQL: `pg_dump` (custom format) of the schema in use, run on a snapshot this
//   process exported from a repeatable-read transaction, so the manifest's counts are
//   those of the dump. Restored with `pg_restore | psql` in one transaction: all or nothing.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, link, mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { DEFAULT_SQLITE_FILE, MIGRATIONS, openDatabase, type DatabaseKind } from './db.js';

export const BACKUP_FORMAT = 'motcua-backup';
export const DEFAULT_BACKUP_DIR = 'backups';
const MANIFEST = 'manifest.json';

export type BackupErrorCode =
  | 'BACKUP_TOOL_MISSING'
  | 'BACKUP_TOOL_FAILED'
  | 'BACKUP_NOT_FOUND'
  | 'BACKUP_CORRUPT'
  | 'BACKUP_KIND_MISMATCH'
  | 'BACKUP_TOO_NEW'
  | 'RESTORE_TARGET_NOT_EMPTY';

/** An operator's error: a code and a sentence saying what to do. */
export class BackupError extends Error {
  constructor(
    readonly code: BackupErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'BackupError';
  }
}

export interface BackupFile {
  /** Relative to the backup folder, `/`-separated. */
  path: string;
  /** `database` today; the file store's documents will be `file`. */
  role: 'database' | 'file';
  bytes: number;
  sha256: string;
}

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  formatVersion: 1;
  createdAt: string;
  database: {
    kind: DatabaseKind;
    /** PostgreSQL: the schema dumped (restored under the same name). */
    schema?: string;
    /** The last migration applied to the database backed up. */
    migration: string | null;
    counts: { dossiers: number; events: number };
  };
  files: BackupFile[];
}

export interface BackupOptions {
  /** DATABASE_URL (default the SQLite file). */
  url?: string;
  /** PostgreSQL: the schema (default the connection's current schema). */
  schema?: string;
  /** Where backup folders go (default `backups/`). */
  dir?: string;
  now?: Date;
  /**
   * The local file store's folder (server/files, MOTCUA_FILES): its documents are copied
   * into `files/` with role `file`. Null or absent: none (an S3 store is backed up with
   * the object store's own tools — versioning, replication).
   */
  filesDir?: string | null;
}

export interface BackupResult {
  folder: string;
  manifest: BackupManifest;
}

const isPostgresUrl = (url: string | undefined): url is string => !!url && /^postgres(ql)?:\/\//i.test(url);
const sqliteFile = (url: string | undefined): string => {
  const u = url || DEFAULT_SQLITE_FILE;
  if (!/^sqlite:/i.test(u)) return u;
  const rest = u.slice('sqlite:'.length);
  return rest.startsWith('//') ? rest.slice(2) : rest;
};

/** `motcua-20261112T020000123Z`: sorts by time, safe in every file system. */
export function backupName(now: Date): string {
  return `motcua-${now.toISOString().replace(/[-:.]/g, '')}`;
}

async function sha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function describeFile(folder: string, name: string, role: BackupFile['role']): Promise<BackupFile> {
  const full = path.join(folder, name);
  return { path: name, role, bytes: (await stat(full)).size, sha256: await sha256(full) };
}

async function facts(db: Knex | Knex.Transaction): Promise<{ migration: string | null; counts: { dossiers: number; events: number } }> {
  // A database never migrated has none of these tables: nothing to count, still a backup.
  const [last] = (await db.schema.hasTable('knex_migrations')) ? await db('knex_migrations').orderBy('id', 'desc').limit(1).select('name') : [];
  const count = async (table: string) => ((await db.schema.hasTable(table)) ? Number((await db(table).count({ n: '*' }))[0].n) : 0);
  return { migration: last?.name ?? null, counts: { dossiers: await count('dossiers'), events: await count('events') } };
}

/** Takes a backup of the database while the server may be writing; returns its folder and manifest. */
export async function backupDatabase(options: BackupOptions = {}): Promise<BackupResult> {
  const now = options.now ?? new Date();
  const dir = path.resolve(options.dir || DEFAULT_BACKUP_DIR);
  const name = backupName(now);
  const folder = path.join(dir, name);
  const partial = path.join(dir, `.${name}.partial`);
  await mkdir(partial, { recursive: true });
  try {
    const database = isPostgresUrl(options.url)
      ? await dumpPostgres(options.url, options.schema, partial)
      : await copySqlite(sqliteFile(options.url), partial);
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      formatVersion: 1,
      createdAt: now.toISOString(),
      database: database.database,
      files: [await describeFile(partial, database.file, 'database'), ...(await copyDocuments(options.filesDir ?? null, partial))],
    };
    await writeFile(path.join(partial, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
    await rename(partial, folder);
    return { folder, manifest };
  } catch (error) {
    await rm(partial, { recursive: true, force: true });
    throw error;
  }
}

/** Every file under `root`, as `/`-separated paths relative to it. */
async function walk(root: string, under = ''): Promise<string[]> {
  const entries = await readdir(path.join(root, under), { withFileTypes: true }).catch(() => []);
  const found: string[] = [];
  for (const entry of entries) {
    const relative = under ? `${under}/${entry.name}` : entry.name;
    if (entry.isDirectory()) found.push(...(await walk(root, relative)));
    else if (entry.isFile() && !entry.name.endsWith('.tmp')) found.push(relative);
  }
  return found.sort();
}

/**
 * The documents of a local file store, after the database: a row is written only once
 * its bytes are stored and stored bytes never change or go (content-addressed), so every
 * file the copied database names is already there. Hard-linked when the backup is on the
 * same file system (the bytes never change), copied otherwise.
 */
async function copyDocuments(filesDir: string | null, folder: string): Promise<BackupFile[]> {
  if (!filesDir) return [];
  const described: BackupFile[] = [];
  for (const relative of await walk(filesDir)) {
    const target = path.join(folder, DOCUMENTS_DIR, ...relative.split('/'));
    await mkdir(path.dirname(target), { recursive: true });
    const source = path.join(filesDir, ...relative.split('/'));
    await link(source, target).catch(() => copyFile(source, target));
    described.push(await describeFile(folder, `${DOCUMENTS_DIR}/${relative}`, 'file'));
  }
  return described;
}

/** Where a backup keeps the documents, mirroring the file store's layout. */
const DOCUMENTS_DIR = 'files';

/** Puts a backup's documents back into a local file store (content-addressed: present ones stay). */
async function restoreDocuments(manifest: BackupManifest, folder: string, filesDir: string): Promise<number> {
  let restored = 0;
  for (const file of manifest.files.filter((f) => f.role === 'file')) {
    const relative = file.path.slice(DOCUMENTS_DIR.length + 1);
    const target = path.join(filesDir, ...relative.split('/'));
    if (await stat(target).catch(() => null)) continue;
    await mkdir(path.dirname(target), { recursive: true });
    await copyFile(path.join(folder, ...file.path.split('/')), target);
    restored++;
  }
  return restored;
}

/** A plain connection: no WAL pragma, so opening a copy leaves no side files. */
function plainSqlite(filename: string): Knex {
  return knexFactory({ client: 'sqlite3', connection: { filename }, useNullAsDefault: true, pool: { min: 1, max: 1 } });
}

async function copySqlite(source: string, folder: string): Promise<{ file: string; database: BackupManifest['database'] }> {
  const file = 'database.sqlite';
  const target = path.join(folder, file);
  if (!(await stat(source).catch(() => null))) {
    throw new BackupError('BACKUP_NOT_FOUND', `no SQLite database at ${source}: check DATABASE_URL`);
  }
  const knex = await openDatabase(source);
  try {
    await knex.raw('vacuum into ?', [target]);
  } finally {
    await knex.destroy();
  }
  // Read back from the copy itself: the counts are those of the snapshot, and a copy
  // that is not a sound database never gets a manifest.
  const copy = plainSqlite(target);
  try {
    await copy.raw('pragma journal_mode=delete');
    const [check] = await copy.raw('pragma integrity_check');
    if (check?.integrity_check !== 'ok') throw new BackupError('BACKUP_CORRUPT', `the copy failed its integrity check: ${JSON.stringify(check)}`);
    return { file, database: { kind: 'sqlite', ...(await facts(copy)) } };
  } finally {
    await copy.destroy();
  }
}

async function dumpPostgres(url: string, schemaOption: string | undefined, folder: string): Promise<{ file: string; database: BackupManifest['database'] }> {
  const file = 'database.pgdump';
  const knex = await openDatabase(url, { schema: schemaOption, poolMax: 1 });
  try {
    return await knex.transaction(
      async (trx) => {
        const { rows } = await trx.raw('select current_schema() as schema, pg_export_snapshot() as snapshot');
        const schema: string = schemaOption ?? rows[0].schema;
        const found = await facts(trx);
        await run('pg_dump', [
          '--format=custom',
          '--no-owner',
          '--no-privileges',
          `--schema=${schema}`,
          `--snapshot=${rows[0].snapshot}`,
          `--file=${path.join(folder, file)}`,
          `--dbname=${url}`,
        ]);
        return { file, database: { kind: 'postgres' as const, schema, ...found } };
      },
      { isolationLevel: 'repeatable read', readOnly: true },
    );
  } finally {
    await knex.destroy();
  }
}

/** Runs a PostgreSQL client tool; its stdin gets `before`, then the output of `pipeFrom` (another command). */
function run(command: string, args: string[], stdin?: { before?: string; pipeFrom?: [string, string[]] }): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: [stdin ? 'pipe' : 'ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    const fail = (error: NodeJS.ErrnoException, tool = command) =>
      reject(
        error.code === 'ENOENT'
          ? new BackupError('BACKUP_TOOL_MISSING', `${tool} was not found: install the PostgreSQL client tools (Debian: apt-get install postgresql-client), as new as the server`)
          : error,
      );
    child.on('error', (error) => fail(error));
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new BackupError('BACKUP_TOOL_FAILED', `${command} failed (exit ${code}): ${stderr.trim()}`)),
    );
    if (!stdin) return;
    const input = child.stdin!;
    input.on('error', () => {}); // the child's exit code tells what went wrong
    if (stdin.before) input.write(stdin.before);
    if (!stdin.pipeFrom) {
      input.end();
      return;
    }
    const [source, sourceArgs] = stdin.pipeFrom;
    const producer = spawn(source, sourceArgs, { stdio: ['ignore', 'pipe', 'pipe'] });
    let producerErr = '';
    producer.stderr!.on('data', (chunk) => (producerErr += chunk));
    producer.on('error', (error) => {
      child.kill();
      fail(error, source);
    });
    producer.stdout!.pipe(input);
    producer.on('close', (code) => {
      if (code !== 0) {
        child.kill();
        reject(new BackupError('BACKUP_TOOL_FAILED', `${source} failed (exit ${code}): ${producerErr.trim()}`));
      }
    });
  });
}

// ---------------------------------------------------------------------------------
// Restoring

export interface RestoreOptions {
  /** The backup folder (the one holding manifest.json). */
  folder: string;
  /** DATABASE_URL of the database to restore into (default the SQLite file). */
  url?: string;
  /** Overwrite a database that is not empty; what it held is first backed up into `dir`. */
  force?: boolean;
  /** Where the safety backup of an overwritten database goes (default `backups/`). */
  dir?: string;
  /** The local file store's folder, where the backup's documents go back (absent: not restored). */
  filesDir?: string | null;
}

export interface RestoreResult {
  manifest: BackupManifest;
  /** The backup taken of the database that was overwritten (with `force`), if any. */
  previous: BackupResult | null;
  /** Documents put back into the file store (those already there are left as they are). */
  documents: number;
}

/** Reads and checks a backup: its manifest, every file's size and SHA-256, and that this version of MộtCửa knows its schema. */
export async function readBackup(folder: string): Promise<BackupManifest> {
  const text = await readFile(path.join(folder, MANIFEST), 'utf8').catch(() => null);
  if (text === null) throw new BackupError('BACKUP_NOT_FOUND', `no ${MANIFEST} in ${folder}: give the folder of one backup (backups/motcua-…)`);
  const manifest = JSON.parse(text) as BackupManifest;
  if (manifest.format !== BACKUP_FORMAT || manifest.formatVersion !== 1) {
    throw new BackupError('BACKUP_CORRUPT', `${folder} is not a MộtCửa backup of format 1`);
  }
  for (const file of manifest.files) {
    const full = path.join(folder, ...file.path.split('/'));
    const size = (await stat(full).catch(() => null))?.size;
    if (size !== file.bytes || (await sha256(full)) !== file.sha256) {
      throw new BackupError('BACKUP_CORRUPT', `${file.path} in ${folder} is missing or not the file backed up (size or SHA-256 differ)`);
    }
  }
  const known = MIGRATIONS.map(([name]) => name);
  if (manifest.database.migration !== null && !known.includes(manifest.database.migration)) {
    throw new BackupError('BACKUP_TOO_NEW', `the backup's schema (${manifest.database.migration}) is newer than this MộtCửa knows: restore with the version that took it`);
  }
  return manifest;
}

/**
 * Restores a backup into the database at `url`. Refuses a database that holds anything
 * unless `force`; then the database is backed up first. Stop the server first: restored
 * over a running server, SQLite would have it write into a file that is gone.
 * The server's start (or `npm run migrate`) brings an older backup's schema up to date.
 */
export async function restoreDatabase(options: RestoreOptions): Promise<RestoreResult> {
  const manifest = await readBackup(options.folder);
  const kind: DatabaseKind = isPostgresUrl(options.url) ? 'postgres' : 'sqlite';
  if (manifest.database.kind !== kind) {
    throw new BackupError('BACKUP_KIND_MISMATCH', `this is a ${manifest.database.kind} backup; DATABASE_URL points at ${kind}`);
  }
  const database = manifest.files.find((f) => f.role === 'database')!;
  const source = path.join(options.folder, database.path);
  const schema = manifest.database.schema;
  const empty = kind === 'postgres' ? await postgresEmpty(options.url!, schema!) : await sqliteEmpty(sqliteFile(options.url));
  if (!empty && !options.force) {
    throw new BackupError(
      'RESTORE_TARGET_NOT_EMPTY',
      `the database at ${kind === 'postgres' ? redact(options.url!) : sqliteFile(options.url)} is not empty: restore into a fresh database, or pass --force to overwrite it (it is backed up first)`,
    );
  }
  const previous = empty ? null : await backupDatabase({ url: options.url, schema, dir: options.dir, filesDir: options.filesDir });
  // The documents first: the restored rows then name only bytes that are there.
  const documents = options.filesDir ? await restoreDocuments(manifest, options.folder, options.filesDir) : 0;
  if (kind === 'postgres') await restorePostgres(options.url!, schema!, source);
  else await restoreSqlite(sqliteFile(options.url), source);
  return { manifest, previous, documents };
}

const redact = (url: string) => url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');

async function sqliteEmpty(file: string): Promise<boolean> {
  const size = (await stat(file).catch(() => null))?.size ?? 0;
  if (size === 0) return true;
  const knex = plainSqlite(file);
  try {
    const [row] = await knex('sqlite_master').whereIn('type', ['table', 'view']).whereNot('name', 'like', 'sqlite_%').count({ n: '*' });
    return Number(row.n) === 0;
  } finally {
    await knex.destroy();
  }
}

async function restoreSqlite(file: string, source: string): Promise<void> {
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  const incoming = `${file}.restoring`;
  await copyFile(source, incoming);
  // A write-ahead log left by the old database would be replayed into the new one.
  await rm(`${file}-wal`, { force: true });
  await rm(`${file}-shm`, { force: true });
  await rename(incoming, file);
}

async function postgresEmpty(url: string, schema: string): Promise<boolean> {
  const knex = await openDatabase(url, { poolMax: 1 });
  try {
    const { rows } = await knex.raw(
      `select count(*)::int as n from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = ? and c.relkind in ('r', 'p', 'v', 'm', 'S', 'f')`,
      [schema],
    );
    return rows[0].n === 0;
  } finally {
    await knex.destroy();
  }
}

async function restorePostgres(url: string, schema: string, source: string): Promise<void> {
  // The dump creates its schema (public too), so whatever is there goes first — empty,
  // or backed up by the caller — and everything runs in ONE transaction: a failed
  // restore leaves the database as it was.
  const quoted = `"${schema.replace(/"/g, '""')}"`;
  await run('psql', ['--no-psqlrc', '--quiet', '--single-transaction', '--set=ON_ERROR_STOP=1', '--file=-', `--dbname=${url}`], {
    before: `drop schema if exists ${quoted} cascade;\n`,
    pipeFrom: ['pg_restore', ['--no-owner', '--no-privileges', '--file=-', source]],
  });
}

