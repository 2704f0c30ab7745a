// Two processes writing one SQLite file — `npm run demo:history` beside a running server
// (issue 20) — each read their dossier, then write. With knex's deferred `BEGIN` the
// second to write got SQLITE_BUSY at once (its snapshot was stale and WAL cannot upgrade
// it); with `BEGIN IMMEDIATE` (server/store/db.ts) it waits its turn.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction, openDatabase } from '../../server/store/index.js';

describe('two SQLite writers on one file', () => {
  let dir: string;
  let server: Knex;
  let history: Knex;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'motcua-writers-'));
    const file = path.join(dir, 'motcua.db');
    // Two knex instances, two connections: two processes as far as SQLite's locks go.
    server = await openDatabase(file);
    history = await openDatabase(file);
    await server.schema.createTable('counter', (t) => {
      t.integer('id').primary();
      t.integer('value').notNullable();
    });
    await server('counter').insert({ id: 1, value: 0 });
  });

  afterAll(async () => {
    await server?.destroy();
    await history?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lets read-then-write transactions of both wait their turn instead of failing with SQLITE_BUSY', async () => {
    const bump = (knex: Knex) =>
      // attempts: 1 — no retry may hide a refusal.
      inTransaction(
        knex,
        async (trx) => {
          const row = await trx('counter').where({ id: 1 }).first();
          await new Promise((resolve) => setTimeout(resolve, 2));
          await trx('counter').where({ id: 1 }).update({ value: row.value + 1 });
        },
        { attempts: 1 },
      );
    const runs = Array.from({ length: 40 }, (_, i) => bump(i % 2 === 0 ? server : history));
    const results = await Promise.allSettled(runs);
    const failures = results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason));
    expect(failures).toEqual([]);
    // Serialised for real: no lost update.
    expect((await server('counter').where({ id: 1 }).first()).value).toBe(40);
  });
});

describe('a transaction inside a transaction on SQLite', () => {
  it('runs as a savepoint on the same connection, never waiting for a second one', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'motcua-nested-'));
    const knex = await openDatabase(path.join(dir, 'motcua.db'));
    try {
      await knex.schema.createTable('t', (t) => t.integer('n'));
      const result = await inTransaction(knex, (trx) =>
        trx.transaction(async (inner) => {
          await inner('t').insert({ n: 1 });
          return (await inner('t').count({ c: '*' }).first())?.c;
        }),
      );
      expect(Number(result)).toBe(1);
    } finally {
      await knex.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 10_000);
});
