// A fresh database as the server would have it: migrated, the demo agencies and
// accounts seeded (server/seed), the bench permit deployed — on a SQLite file or a fresh
// PostgreSQL schema — with a DossierService on a FixedClock.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { FixedClock } from '../../server/clock.js';
import { seedIfEmpty } from '../../server/seed/seed.js';
import { DossierService } from '../../server/services/dossierService.js';
import { migrate, openDatabase } from '../../server/store/index.js';
import { BENCH_NOW, permitXml } from './permit.js';

export const PG_URL = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A temporary directory removed at exit, for the run's SQLite files. */
let workDir: string | null = null;
export function benchDir(): string {
  if (!workDir) {
    workDir = mkdtempSync(path.join(process.env.BENCH_TMPDIR ?? tmpdir(), 'motcua-bench-'));
    const dir = workDir;
    process.on('exit', () => {
      if (!process.env.BENCH_KEEP) rmSync(dir, { recursive: true, force: true });
    });
  }
  return workDir;
}

export const tempFile = (name: string): string => path.join(benchDir(), name);

export interface Province {
  knex: Knex;
  clock: FixedClock;
  service: DossierService;
  close(): Promise<void>;
}

export async function openProvince(target: { sqliteFile: string } | { postgresSchema: string }): Promise<Province> {
  const isPg = 'postgresSchema' in target;
  const knex = isPg
    ? await openDatabase(PG_URL, { schema: target.postgresSchema, poolMax: 4 })
    : await openDatabase(target.sqliteFile);
  if (isPg) {
    await knex.raw('drop schema if exists ?? cascade', [target.postgresSchema]);
    await knex.raw('create schema ??', [target.postgresSchema]);
  }
  await migrate(knex);
  const clock = new FixedClock(BENCH_NOW);
  await seedIfEmpty(knex, { now: clock.now().toISOString() });
  const service = new DossierService(knex, clock);
  await service.deploy(permitXml, 'bench');
  return {
    knex,
    clock,
    service,
    async close() {
      if (isPg) await knex.raw('drop schema if exists ?? cascade', [target.postgresSchema]);
      await knex.destroy();
    },
  };
}
