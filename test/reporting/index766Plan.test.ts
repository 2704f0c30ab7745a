// The Decision 766 index reads index ranges, never the table (SQLite has no statistics:
// the plan is what the query's shape makes it). EXPLAIN QUERY PLAN of the on-time
// counts, for the province and for one agency: the finished-at expression indexes of
// migrations/20261129080000_index766.ts, covering; history rows through their partial indexes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { migrate, openDatabase } from '../../server/store/index.js';
import { onTimeGroups } from '../../server/store/index766.js';

let dir: string;
let knex: Knex;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'motcua-plan-'));
  knex = await openDatabase(path.join(dir, 'plan.db'));
  await migrate(knex);
});
afterAll(async () => {
  await knex?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

async function plans(run: () => Promise<unknown>): Promise<string[]> {
  const seen: Array<{ sql: string; bindings: unknown[] }> = [];
  const listener = (q: { sql: string; bindings: unknown[] }) => seen.push(q);
  knex.on('query', listener);
  await run();
  knex.off('query', listener);
  const out: string[] = [];
  for (const q of seen.filter((s) => /from `dossiers`/.test(s.sql))) {
    const rows = (await knex.raw(`explain query plan ${q.sql}`, q.bindings as any[])) as Array<{ detail: string }>;
    out.push(rows.map((r) => r.detail).join('\n'));
  }
  return out;
}

const W = { from: '2026-10-31T17:00:00.000Z', to: '2026-11-30T17:00:00.000Z', asOf: '2026-11-20T03:00:00.000Z' };

it('counts the province over the covering finished-at index, both halves', async () => {
  const p = await plans(() => onTimeGroups(knex, { agencies: 'all', procedure: null }, W));
  expect(p).toHaveLength(2);
  for (const plan of p) {
    expect(plan).toContain('SEARCH d USING COVERING INDEX dossiers_index766_finished (<expr>>? AND <expr><?)');
    expect(plan).toContain('COVERING INDEX events_index766_supplements');
    expect(plan).not.toMatch(/SCAN d\b/);
  }
});

it('counts one agency over the agency-led covering index', async () => {
  const p = await plans(() => onTimeGroups(knex, { agencies: ['000.00.23.H40'], procedure: null }, W));
  for (const plan of p) {
    expect(plan).toContain('SEARCH d USING COVERING INDEX dossiers_index766_agency_finished (receiving_agency=? AND <expr>>? AND <expr><?)');
    expect(plan).not.toMatch(/SCAN d\b/);
  }
});
