// The databases every store test runs on: a real SQLite file (always) and a real
// PostgreSQL (when DATABASE_URL is set, or when the default local server answers).
// Each test file opens its own database — a temp file, or a fresh schema — so files
// may run in parallel and leave nothing behind.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import knexFactory, { type Knex } from 'knex';
import { openDatabase, type DatabaseKind, type OpenDatabaseOptions } from '../../server/store/index.js';

const DEFAULT_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  kind: DatabaseKind;
  knex: Knex;
  /** What `openDatabase` was given, to open a second connection (a second "process") to the same database. */
  url: string;
  options: OpenDatabaseOptions;
  openAnother(options?: OpenDatabaseOptions): Promise<Knex>;
  /** Closes every knex opened here and removes the file or schema. */
  cleanup(): Promise<void>;
}

export interface DatabaseTarget {
  kind: DatabaseKind;
  open(): Promise<TestDatabase>;
}

function track(kind: DatabaseKind, url: string, options: OpenDatabaseOptions, knex: Knex, drop: () => Promise<void>): TestDatabase {
  const opened: Knex[] = [knex];
  return {
    kind,
    knex,
    url,
    options,
    async openAnother(extra = {}) {
      const another = await openDatabase(url, { ...options, ...extra });
      opened.push(another);
      return another;
    },
    async cleanup() {
      for (const k of opened) await k.destroy();
      await drop();
    },
  };
}

const sqliteTarget: DatabaseTarget = {
  kind: 'sqlite',
  async open() {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'motcua-test-'));
    const url = path.join(dir, 'motcua.db');
    const knex = await openDatabase(url);
    return track('sqlite', url, {}, knex, () => rm(dir, { recursive: true, force: true }));
  },
};

function postgresTarget(url: string): DatabaseTarget {
  return {
    kind: 'postgres',
    async open() {
      const schema = `motcua_test_${randomBytes(6).toString('hex')}`;
      const options = { schema };
      const knex = await openDatabase(url, options);
      return track('postgres', url, options, knex, async () => {
        const admin = await openDatabase(url, { poolMax: 1 });
        try {
          await admin.raw('drop schema if exists ?? cascade', [schema]);
        } finally {
          await admin.destroy();
        }
      });
    },
  };
}

/** Connects once; resolves to the reason it failed, or null when the server answers. */
async function unreachable(url: string): Promise<string | null> {
  const probe = knexFactory({
    client: 'pg',
    connection: { connectionString: url, connectionTimeoutMillis: 2000 },
    acquireConnectionTimeout: 3000,
    pool: { min: 0, max: 1 },
  });
  try {
    await probe.raw('select 1');
    return null;
  } catch (error) {
    return error instanceof Error ? error.message || error.name : String(error);
  } finally {
    await probe.destroy().catch(() => {});
  }
}

async function detectTargets(): Promise<DatabaseTarget[]> {
  const explicit = process.env.DATABASE_URL;
  if (explicit && /^postgres(ql)?:\/\//i.test(explicit)) {
    // Asked for by name: a failure to connect must fail the tests, not skip them.
    return [sqliteTarget, postgresTarget(explicit)];
  }
  const reason = await unreachable(DEFAULT_POSTGRES_URL);
  if (reason !== null) {
    console.warn(
      [
        '',
        '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!',
        `!!! PostgreSQL store tests SKIPPED: ${DEFAULT_POSTGRES_URL} did not answer`,
        `!!! (${reason}). Set DATABASE_URL=postgres://… to run them.`,
        '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!',
        '',
      ].join('\n'),
    );
    return [sqliteTarget];
  }
  return [sqliteTarget, postgresTarget(DEFAULT_POSTGRES_URL)];
}

/** Use with `describe.each(databaseTargets)('… on $kind', (target) => …)`. */
export const databaseTargets: DatabaseTarget[] = await detectTargets();
