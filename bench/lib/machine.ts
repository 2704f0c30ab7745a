// What the numbers were measured on: cores, CPU model, memory, Node, SQLite, PostgreSQL,
// the commit (and whether the tree had uncommitted changes), and how busy the machine
// was — other processes on a shared box move every figure.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import knexFactory from 'knex';

export interface Machine {
  cores: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  sqlite: string;
  postgres: string | null;
  commit: string;
  dirtyFiles: number;
  loadAverage: number[];
  startedAt: string;
}

function cpuModel(): string {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    if (line) return line.split(':')[1].trim();
  } catch {
    /* not Linux */
  }
  return os.cpus()[0]?.model ?? 'unknown';
}

function git(args: string[]): string {
  try {
    return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '';
  }
}

async function sqliteVersion(): Promise<string> {
  const knex = knexFactory({ client: 'sqlite3', connection: { filename: ':memory:' }, useNullAsDefault: true });
  try {
    const [row] = (await knex.raw('select sqlite_version() as v')) as Array<{ v: string }>;
    return row.v;
  } finally {
    await knex.destroy();
  }
}

export async function postgresVersion(url: string): Promise<string | null> {
  const knex = knexFactory({ client: 'pg', connection: url, pool: { min: 0, max: 1 }, acquireConnectionTimeout: 3000 });
  try {
    const r = await knex.raw('show server_version');
    return String(r.rows[0].server_version).split(' ')[0];
  } catch {
    return null;
  } finally {
    await knex.destroy();
  }
}

export async function describeMachine(pgUrl: string): Promise<Machine> {
  return {
    cores: os.cpus().length,
    cpuModel: cpuModel(),
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    sqlite: await sqliteVersion(),
    postgres: await postgresVersion(pgUrl),
    commit: git(['rev-parse', '--short', 'HEAD']),
    dirtyFiles: git(['status', '--porcelain', '--untracked-files=no']).split('\n').filter(Boolean).length,
    loadAverage: os.loadavg(),
    startedAt: new Date().toISOString(),
  };
}
