// Opening the database and applying migrations: the only place that knows which
// database is behind the knex instance. Everything else in the store writes SQL both
// SQLite and PostgreSQL understand.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import * as foundation from '../../migrations/20261122000000_foundation.js';
import * as reporting from '../../migrations/20261122020000_reporting.js';
import * as dashboardIndexes from '../../migrations/20261129000000_dashboard_indexes.js';
import * as api from '../../migrations/20261122010000_api.js';
import * as history from '../../migrations/20261129030000_history.js';
import * as operations from '../../migrations/20261129020000_operations.js';
import * as accounts from '../../migrations/20261129010000_accounts.js';
import * as reform from '../../migrations/20261129040000_reform.js';
import * as register from '../../migrations/20261129050000_register.js';
import * as drafts from '../../migrations/20261129060000_drafts.js';
import * as citizens from '../../migrations/20261129090000_citizens.js';
import * as openAppointment from '../../migrations/20261129100000_open_appointment.js';
import * as index766 from '../../migrations/20261129080000_index766.js';
import * as files from '../../migrations/20261129070000_files.js';

export type DatabaseKind = 'sqlite' | 'postgres';

/** A knex instance or a transaction: repositories accept either. */
export type Db = Knex | Knex.Transaction;

export const DEFAULT_SQLITE_FILE = 'data/motcua.db';

export interface OpenDatabaseOptions {
  /** PostgreSQL only: schema to create (if missing) and use as the search path, so tests get a fresh one. */
  schema?: string;
  /** PostgreSQL only: largest pool size (default 10). SQLite always has one connection. */
  poolMax?: number;
}

interface Migration {
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

// Migrations are imported here, not discovered by knex: knex's own loader `require`s or
// natively `import`s the files, which cannot load TypeScript under vitest (and would
// need a loader hook under tsx). A new migration is one line below; a test checks
// that every file in migrations/ is listed.
export const MIGRATIONS: ReadonlyArray<readonly [name: string, migration: Migration]> = [
  ['20261122000000_foundation', foundation],
  ['20261122010000_api', api],
  ['20261122020000_reporting', reporting],
  ['20261129000000_dashboard_indexes', dashboardIndexes],
  ['20261129010000_accounts', accounts],
  ['20261129020000_operations', operations],
  ['20261129030000_history', history],
  ['20261129040000_reform', reform],
  ['20261129050000_register', register],
  ['20261129060000_drafts', drafts],
  ['20261129070000_files', files],
  ['20261129080000_index766', index766],
  ['20261129090000_citizens', citizens],
  ['20261129100000_open_appointment', openAppointment],
];

const migrationSource: Knex.MigrationSource<readonly [string, Migration]> = {
  getMigrations: async () => [...MIGRATIONS],
  getMigrationName: ([name]) => name,
  getMigration: async ([, migration]) => migration,
};

const isPostgresUrl = (url: string): boolean => /^postgres(ql)?:\/\//i.test(url);

/** `sqlite:data/x.db`, `sqlite://data/x.db`, `sqlite:///tmp/x.db` or a bare path → the file path. */
function sqliteFile(url: string): string {
  if (!/^sqlite:/i.test(url)) return url;
  const rest = url.slice('sqlite:'.length);
  return rest.startsWith('//') ? rest.slice(2) : rest;
}

/**
 * Opens SQLite (no url, a file path or a `sqlite:` url; default `data/motcua.db`) or
 * PostgreSQL (`postgres://…`). Does not migrate: call `migrate` for that.
 */
export async function openDatabase(url?: string, options: OpenDatabaseOptions = {}): Promise<Knex> {
  if (url && isPostgresUrl(url)) return openPostgres(url, options);
  return openSqlite(sqliteFile(url || DEFAULT_SQLITE_FILE));
}

const SQLITE_PRAGMAS = [
  'PRAGMA journal_mode=WAL', // readers never block the writer
  'PRAGMA busy_timeout=5000', // another process holding the write lock: wait, don't fail
  'PRAGMA foreign_keys=ON', // off by default in SQLite
  'PRAGMA synchronous=NORMAL', // durable enough with WAL, far fewer fsyncs
];

type SqliteConnection = { exec(sql: string, cb: (err: Error | null) => void): void };

/** Readers of a SQLite file, per writer (see `readerOf`). */
const readers = new WeakMap<Knex, Knex>();

/**
 * Where reports and views read: on SQLite a second pool of read-only connections to the
 * same file (WAL lets them read beside the writer, and the two cores then run a report's
 * queries side by side instead of queueing them behind every write on the writer's one
 * connection); on PostgreSQL and in-memory SQLite the database itself. Each statement sees
 * everything committed before it started. Never for a read that a write in the same
 * transaction depends on: that is the write path's own load.
 */
export function readerOf(knex: Knex): Knex {
  return readers.get(knex) ?? knex;
}

async function openSqlite(filename: string): Promise<Knex> {
  if (filename !== ':memory:') await mkdir(path.dirname(path.resolve(filename)), { recursive: true });
  const knex = sqliteKnex(filename, 1, SQLITE_PRAGMAS);
  beginImmediately(knex);
  if (filename === ':memory:') return knex;
  const reader = sqliteKnex(filename, READER_CONNECTIONS, ['PRAGMA busy_timeout=5000', 'PRAGMA query_only=ON']);
  readers.set(knex, reader);
  // Closing the writer closes its readers (`knex.destroy` itself is read-only; it calls the client's).
  const client = knex.client as { destroy(callback?: unknown): Promise<void> };
  const destroyClient = client.destroy.bind(client);
  client.destroy = async (callback?: unknown) => {
    await reader.destroy();
    return destroyClient(callback);
  };
  return knex;
}

type SqliteTransaction = { begin(conn: unknown): Promise<unknown>; query(conn: unknown, sql: string): Promise<unknown>; readOnly?: boolean };

/**
 * Writers wait their turn, never fail (issue 20: `npm run demo:history` beside a running
 * server raised SQLITE_BUSY). knex begins a SQLite transaction with a plain `BEGIN`
 * (deferred): it reads on a snapshot and asks for the write lock only at its first
 * write, and when another process has committed since that snapshot, WAL cannot upgrade
 * it — SQLITE_BUSY at once, busy_timeout never consulted. `BEGIN IMMEDIATE` takes the
 * write lock first, waiting up to busy_timeout for it, so every read inside sees the
 * latest commit and the writes cannot be refused.
 */
function beginImmediately(knex: Knex): void {
  const client = knex.client as unknown as { transaction(...args: unknown[]): SqliteTransaction };
  const create = client.transaction;
  // Not bound: a nested transaction is created by the transaction's own client (which
  // inherits this method) and must stay on its connection as a savepoint; bound to the
  // root client it would wait for a second connection the pool of one never has.
  client.transaction = function (this: unknown, ...args: unknown[]) {
    const trx = create.apply(this, args);
    // Called once the connection is acquired, after the constructor returned (never for a savepoint).
    trx.begin = (conn: unknown) => trx.query(conn, trx.readOnly ? 'BEGIN;' : 'BEGIN IMMEDIATE;');
    return trx;
  };
}

/** Read-only connections per process (the machine of record has 2 cores). */
const READER_CONNECTIONS = 2;

function sqliteKnex(filename: string, connections: number, pragmas: readonly string[]): Knex {
  return knexFactory({
    client: 'sqlite3',
    connection: { filename },
    useNullAsDefault: true,
    pool: {
      // SQLite has one writer. One connection per process makes knex queue
      // transactions instead of letting two of them race for the write lock; the
      // readers' pool has no transactions and may have more (none until first used).
      min: connections === 1 ? 1 : 0,
      max: connections,
      // Per connection, not per file: none of these pragmas except journal_mode
      // persist, so a connection the pool re-creates after an error must get them too.
      afterCreate(conn: SqliteConnection, done: (err: Error | null, conn: unknown) => void) {
        conn.exec(pragmas.join(';'), (err) => done(err, conn));
      },
    },
  });
}

async function openPostgres(url: string, options: OpenDatabaseOptions): Promise<Knex> {
  const { schema } = options;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schema)) {
    throw new Error(`invalid schema name: ${schema}`);
  }
  const knex = knexFactory({
    client: 'pg',
    connection: url,
    searchPath: schema ? [schema] : undefined,
    // min 0: idle servers and finished tests hold no connections.
    pool: { min: 0, max: options.poolMax ?? 10 },
  });
  if (schema) {
    // The search path may name a schema that does not exist yet; tables would then
    // have nowhere to go.
    await knex.raw('create schema if not exists ??', [schema]);
  }
  return knex;
}

export function databaseKind(knex: Db): DatabaseKind {
  const client = String(knex.client.config.client);
  return client === 'pg' || client === 'postgres' || client === 'postgresql' ? 'postgres' : 'sqlite';
}

/** Applies every pending migration; returns the names applied. */
export async function migrate(knex: Knex): Promise<string[]> {
  const [, applied] = (await knex.migrate.latest({ migrationSource })) as [number, string[]];
  return applied;
}

/** Reverts every applied migration (tests, and a deliberate reset). */
export async function rollbackAll(knex: Knex): Promise<string[]> {
  const [, reverted] = (await knex.migrate.rollback({ migrationSource }, true)) as [number, string[]];
  return reverted;
}

/** Throws unless the database answers. */
export async function pingDatabase(knex: Knex): Promise<void> {
  await knex.raw('select 1');
}

/**
 * The one stored shape of an instant: `YYYY-MM-DDTHH:mm:ss.sssZ` (UTC, fixed width).
 * Fixed width is what makes string order chronological on both databases.
 */
export function dbInstant(value: string): string;
export function dbInstant(value: string | null | undefined): string | null;
export function dbInstant(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new Error(`not an ISO 8601 instant: ${value}`);
  return date.toISOString();
}

/** A unique or primary key was violated (PostgreSQL 23505, SQLite SQLITE_CONSTRAINT_UNIQUE/PRIMARYKEY). */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | null;
  if (!e) return false;
  if (e.code === '23505') return true;
  return e.code === 'SQLITE_CONSTRAINT' && /UNIQUE constraint failed/.test(String(e.message));
}

/** SQLite hands booleans back as 0/1. */
export const toBoolean = (value: unknown): boolean => value === true || value === 1 || value === '1';

export const toJson = (value: unknown): string => JSON.stringify(value);

export function fromJson<T>(text: unknown): T {
  return JSON.parse(String(text)) as T;
}
