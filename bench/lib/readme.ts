// Writes the "Benchmark of record" section of README.md from one full run: the figures
// beside their targets, the machine, and where the time goes. README.md is shared, so this
// replaces that one section (or adds it after "Benchmarks") and touches nothing else.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Machine } from './machine.js';
import { round, type ResultLine } from './stats.js';
import type { MillionResult } from '../sections/million.js';

export interface RunReport {
  machine: Machine;
  quick: boolean;
  notes: Record<string, string>;
  profile: string;
  httpProfile: string;
  million?: MillionResult;
  finishedLoadAverage?: number[];
  seconds?: number;
  results?: ResultLine[];
}

const HEADING = '## Benchmark of record / Kết quả đo chuẩn';

/** The issue's figures, their targets and what "met" means. */
const TARGETS: Array<{ name: string; target: string; met: (v: number) => boolean; what: string }> = [
  { name: 'engine-vs-bpmn-engine', target: '≥ 3', met: (v) => v >= 3, what: 'actions/s over bpmn-engine 25, same permit, both persisting every action to SQLite (same driver, same pragmas)' },
  { name: 'engine-vs-sqlite-floor', target: '≥ 0.5', met: (v) => v >= 0.5, what: 'actions/s over bare SQL: 4 statements per action in one transaction, synchronous=NORMAL as the store' },
  { name: 'http-actions-per-s-16', target: '≥ 300', met: (v) => v >= 300, what: 'real server, 16 concurrent clients, actions/s' },
  { name: 'http-p99-16', target: '≤ 150 ms', met: (v) => v <= 150, what: 'p99 latency of those requests' },
  { name: 'scheduler-idle-tick-1M', target: '≤ 5 ms', met: (v) => v <= 5, what: 'runDue finding nothing + nextDueAfter, median' },
  { name: 'inbox-p95-1M', target: '≤ 50 ms', met: (v) => v <= 50, what: 'GET /api/tasks, the demo clerk with the largest inbox' },
  { name: 'dashboard-p95-1M', target: '≤ 200 ms', met: (v) => v <= 200, what: 'GET /api/dashboard, November 2026, the worse of one agency and the province' },
  { name: 'sockets-1000-fanout-p99', target: '≤ 1000 ms', met: (v) => v <= 1000, what: 'one escalation: clock moved → task:overdue at each of 1,000 sockets' },
];

function value(results: ResultLine[], name: string): ResultLine | undefined {
  return results.find((r) => r.name === name);
}

const shown = (r: ResultLine) => r.text ?? round(r.value);

function missedBy(name: string, v: number, target: string): string {
  const limit = Number(target.replace(/[^\d.]/g, ''));
  if (target.startsWith('≥')) return `missed: ${(limit / v).toFixed(1)}× short`;
  return `missed: ${(v / limit).toFixed(1)}× over`;
}

export function section(report: RunReport): string {
  const m = report.machine;
  const results = report.results ?? [];
  const required = new Set(TARGETS.map((t) => t.name));
  const lines: string[] = [];
  lines.push(HEADING, '');
  lines.push(
    `\`npm run bench\` (\`bench/run.ts\`, run with tsx; the vitest micro-benchmarks of the section above are now \`npm run bench:micro\`) ` +
      `prints one \`name: value\` line per figure on stdout, progress on stderr; \`npm run bench -- --readme\` rewrites this section. ` +
      `Every figure below comes from one run of ${((report.seconds ?? 0) / 60).toFixed(1)} minutes on ${m.startedAt.slice(0, 10)}:`,
  );
  lines.push('');
  lines.push(
    `**Machine:** ${m.cores} cores, ${m.cpuModel} (\`/proc/cpuinfo\`), ${m.memoryGiB} GiB; Node ${m.node}; SQLite ${m.sqlite} (node-sqlite3); ` +
      `PostgreSQL ${m.postgres ?? '—'}; commit \`${m.commit}\`${m.dirtyFiles ? ` with ${m.dirtyFiles} files of others' work in progress` : ''}. ` +
      `Load average ${m.loadAverage.map((l) => l.toFixed(1)).join(' / ')} at the start, ` +
      `${(report.finishedLoadAverage ?? []).map((l) => l.toFixed(1)).join(' / ')} at the end (a shared box: other processes ran too).`,
  );
  lines.push('');
  lines.push('| figure | value | target | | what |', '| --- | --- | --- | --- | --- |');
  for (const t of TARGETS) {
    const r = value(results, t.name);
    if (!r) continue;
    lines.push(`| \`${t.name}\` | ${shown(r)} | ${t.target} | ${t.met(r.value) ? 'met' : missedBy(t.name, r.value, t.target)} | ${t.what} |`);
  }
  lines.push('');
  lines.push('Beside them in the same run:', '');
  lines.push('| figure | value |', '| --- | --- |');
  for (const r of results) if (!required.has(r.name)) lines.push(`| \`${r.name}\` | ${shown(r)} |`);
  lines.push('');
  lines.push(...METHOD);
  if (report.million) {
    const i = report.million.info;
    lines.push(
      '',
      `The 1M database of this run: ${i.dossiers.toLocaleString('en')} dossiers, ${i.tasks.toLocaleString('en')} tasks (${i.openTasks.toLocaleString('en')} open), ` +
        `${(i.bytes / 2 ** 30).toFixed(1)} GiB, bulk-loaded in ${i.seconds.toFixed(0)} s; inbox sizes of the demo clerks: ` +
        `${Object.entries(report.million.inbox)
          .map(([k, v]) => `\`${k}\` ${v.size}`)
          .join(', ')}.`,
    );
  }
  lines.push('', '### Where the time goes / Thời gian đi đâu', '', ...ANALYSIS, '');
  if (report.profile) {
    lines.push('MộtCửa in-process on SQLite, per action (statements counted and timed through knex\'s query events; BEGIN/COMMIT not listed):', '', '```', report.profile, '```', '');
  }
  if (report.httpProfile) {
    lines.push('The server, per HTTP request (the outbox publisher and the scheduler nudge each commit sets off included):', '', '```', report.httpProfile, '```', '');
  }
  return lines.join('\n');
}

const METHOD = [
  'How each is measured (`bench/`):',
  '',
  '- **The permit** (`bench/fixtures/permit.bpmn`): six user tasks — received at a commune desk, examined there, a hop to the district tax office (`kind:tax`), reviewed by the commune head with an outcome, signed, handed back (`mc:returns`) — and the same process in plain BPMN for bpmn-engine (`permit-plain.bpmn`, the outcome a JavaScript condition). 13 actions a dossier: receive, then claim + complete of each step, each committed on its own.',
  '- **MộtCửa in-process:** `DossierService` on a fresh SQLite file with the demo agencies and accounts (`server/seed`), one client. **bpmn-engine 25:** one `Engine` per dossier kept in memory (its natural use), the assignee written into its variables for a claim, `signal` for a completion, and after every action its whole `getState()` JSON saved to SQLite through the store\'s own `openDatabase` (knex + node-sqlite3, WAL, synchronous=NORMAL, busy_timeout, foreign_keys). **Floor:** node-sqlite3 without knex on the migrated schema, the bytes MộtCửa writes for the permit (captured from a real run), 4 prepared statements per action in one BEGIN…COMMIT (dossier insert or compare-and-set update, one multi-row task upsert, one multi-row events insert, one multi-row outbox insert) and no read; synchronous=NORMAL like the store (FULL as an extra line). The three take turns in rounds in the same minutes; each rate is its actions over its own turns.',
  '- **HTTP:** `startServer` in a process of its own on a fresh SQLite file, port 0, a FixedClock on a Tuesday morning; each demo account logs in once; 16 clients each drive dossiers (`POST /dossiers`, `POST /tasks/:id/claim`, `POST /tasks/:id/complete`) one request after another; latency at the client.',
  '- **Sockets:** the server with `MOTCUA_CLOCK=manual`, 1,000 socket.io-client connections (websocket, authenticated) of the accounts who hear `task:overdue` of a commune step; one dossier; the clock moved to a minute before the step is due, then (t0) past it through `POST /api/admin/clock`; latency = arrival at each socket − t0, so it includes the scheduler\'s pass that raises the escalation and the outbox publisher that sends it.',
  '- **1M:** the schema from `migrations/` through the store, the demo agencies plus the rest of a province (10 districts with their tax and land offices, 102 communes), the five shipped procedures and the permit; then 1,000,000 dossiers over three years up to Friday 20 November 2026 10:00 written with multi-row INSERTs in transactions of 100,000 (the indexes of the migrations in place, rows in the order received; no ANALYZE, as in production) — desks, procedures, channels, fates and paces as described in `bench/lib/millionLoader.ts`, tasks with the engine\'s due, due-soon and escalation rules, the scheduler caught up at "now". The idle tick runs in-process on that file; the inbox and dashboard requests go to the real server on it, one at a time.',
];

/** Written from the profile of the run that first filled this section; the code blocks below carry each run's own numbers. */
const ANALYSIS: string[] = ['(analysis pending)'];

export function writeReadme(report: RunReport): void {
  const file = fileURLToPath(new URL('../../README.md', import.meta.url));
  const readme = readFileSync(file, 'utf8');
  const text = section(report);
  const start = readme.indexOf(`\n${HEADING}\n`);
  let next: string;
  if (start >= 0) {
    const end = readme.indexOf('\n## ', start + HEADING.length + 2);
    next = readme.slice(0, start + 1) + text + '\n' + (end >= 0 ? readme.slice(end) : '');
  } else {
    const anchor = readme.indexOf('\n## Procedures / Thủ tục mẫu');
    next = anchor >= 0 ? readme.slice(0, anchor + 1) + text + '\n' + readme.slice(anchor) : `${readme.trimEnd()}\n\n${text}`;
  }
  writeFileSync(file, next);
}
