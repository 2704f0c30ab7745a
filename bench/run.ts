// `npm run bench`: MộtCửa's figures of record, measured in one run, each beside its peer
// or target. Progress goes to stderr; stdout carries only `name: value` lines — first the
// ones the issue asks for, with extra lines after each section. See README.md,
// "Benchmark of record", for what each measures and the latest results.
//
//   npm run bench                      the whole run (about 8 minutes on 2 cores)
//   npm run bench -- --quick           small counts, to check the harness (figures not of record)
//   npm run bench -- --only=compare,http,sockets,million,postgres
//   npm run bench -- --readme          also write the "Benchmark of record" section of README.md
//   BENCH_CACHE_DIR=dir npm run bench  keep the 1M database there and reuse it while its sources are unchanged
//   BENCH_REPORT=file.json             also write everything measured (and the machine) as JSON
//   npm run bench -- --readme-from=file.json   write the README section from such a file
import { writeFileSync } from 'node:fs';
import { describeMachine, type Machine } from './lib/machine.js';
import { PG_URL, tempFile } from './lib/province.js';
import { writeReadme, type RunReport } from './lib/readme.js';
import { nowMs, result, results, say } from './lib/stats.js';
import { openBpmnEngine } from './sections/bpmnEngine.js';
import { compare } from './sections/compare.js';
import { openFloor } from './sections/floor.js';
import { measureHttp } from './sections/http.js';
import { openMotcua, profileMotcua, stateBytes } from './sections/inProcess.js';
import { measureMillion } from './sections/million.js';
import { measureSockets } from './sections/sockets.js';

const args = process.argv.slice(2);

// `--readme-from=report.json` (a BENCH_REPORT file of a full run): write the README section again without measuring.
const from = args.find((a) => a.startsWith('--readme-from='))?.slice('--readme-from='.length);
if (from) {
  const { readFileSync } = await import('node:fs');
  writeReadme(JSON.parse(readFileSync(from, 'utf8')) as RunReport);
  process.exit(0);
}
const quick = args.includes('--quick');
const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
const wants = (section: string) => !only || only.includes(section);

const COUNTS = quick
  ? { rounds: 4, perRound: 5, warmup: 3, pg: 10, profile: 3, httpOne: 3, httpPerClient: 2, sockets: 100, million: 20_000, ticks: 20, inbox: 5, dashboard: 5 }
  : { rounds: 60, perRound: 5, warmup: 10, pg: 100, profile: 20, httpOne: 20, httpPerClient: 8, sockets: 1000, million: 1_000_000, ticks: 200, inbox: 100, dashboard: 30 };

const t0 = nowMs();
const machine: Machine = await describeMachine(PG_URL);
say(`machine: ${machine.cores} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, Node ${machine.node}, SQLite ${machine.sqlite}, PostgreSQL ${machine.postgres ?? 'absent'}; load average ${machine.loadAverage.map((l) => l.toFixed(1)).join(' ')}; commit ${machine.commit}${machine.dirtyFiles ? ` + ${machine.dirtyFiles} uncommitted files` : ''}`);
const report: RunReport = { machine, quick, notes: {}, profile: '', httpProfile: '' };

// 1. The write path, same run, same minutes: MộtCửa in-process, bpmn-engine, the floor.
if (wants('compare')) {
  say(`compare: ${COUNTS.rounds} rounds × ${COUNTS.perRound} dossiers × 13 actions each (SQLite files, one client)`);
  const motcua = await openMotcua('motcua', { sqliteFile: tempFile('motcua.db') });
  const peer = await openBpmnEngine('memory');
  const peerRecovering = await openBpmnEngine('recover');
  const floor = await openFloor('NORMAL');
  const floorFull = await openFloor('FULL');
  try {
    const rates = await compare([motcua, peer, peerRecovering, floor, floorFull], COUNTS);
    const ours = rates.get('motcua')!.actionsPerSecond;
    const theirs = rates.get('bpmn-engine')!.actionsPerSecond;
    const bare = rates.get(floor.name)!.actionsPerSecond;
    const bareFull = rates.get(floorFull.name)!.actionsPerSecond;
    result('engine-vs-bpmn-engine', ours / theirs, (ours / theirs).toFixed(2));
    result('engine-vs-sqlite-floor', ours / bare, (ours / bare).toFixed(2));
    result('motcua-sqlite-actions-per-s', ours);
    result('bpmn-engine-actions-per-s', theirs);
    const recovering = rates.get(peerRecovering.name)!.actionsPerSecond;
    result('bpmn-engine-recover-actions-per-s', recovering);
    result('engine-vs-bpmn-engine-recover', ours / recovering, (ours / recovering).toFixed(2));
    result('sqlite-floor-actions-per-s', bare);
    result('sqlite-floor-full-actions-per-s', bareFull);
    result('engine-vs-sqlite-floor-full', ours / bareFull, (ours / bareFull).toFixed(2));
    result('floor-statements-per-action', floor.statementsPerAction());
    result('state-bytes-per-dossier', await stateBytes(motcua.province));
    result('bpmn-engine-state-bytes-per-dossier', peer.stateBytes());
    // Where MộtCửa's time goes: every statement of a few more dossiers, counted and timed.
    const profile = await profileMotcua(motcua.province, COUNTS.profile, 5_000_000);
    result('statements-per-action', profile.statementsPerAction());
    result('sql-share-of-action-time', profile.sqlShare(), profile.sqlShare().toFixed(2));
    report.profile = profile.report(12);
    say(`profile of MộtCửa in-process (SQLite), per action:\n${report.profile}`);
  } finally {
    for (const c of [motcua, peer, peerRecovering, floor, floorFull]) await c.close();
  }
}

// 2. PostgreSQL in-process, one client.
if (wants('postgres')) {
  if (!machine.postgres) {
    say(`postgres: ${PG_URL} does not answer — skipped`);
  } else {
    const schema = `bench_${process.pid}`;
    const pg = await openMotcua('motcua-postgres', { postgresSchema: schema });
    try {
      await pg.run(5, 9_000_000);
      const t = nowMs();
      await pg.run(COUNTS.pg, 0);
      const seconds = (nowMs() - t) / 1000;
      result('motcua-postgres-actions-per-s-1', (COUNTS.pg * 13) / seconds);
    } finally {
      await pg.close();
    }
  }
}

// 3. Over HTTP: the real server, 1 then 16 clients.
if (wants('http')) {
  const http = await measureHttp({ clients: 16, dossiersPerClient: COUNTS.httpPerClient, oneClientDossiers: COUNTS.httpOne, profileDossiers: 3 });
  result('http-actions-per-s-16', http.many.actionsPerSecond);
  result('http-p99-16', http.many.p99);
  result('http-p50-16', http.many.p50);
  result('http-actions-per-s-1', http.one.actionsPerSecond);
  result('http-p99-1', http.one.p99);
  result('statements-per-request', http.statementsPerRequest);
  report.httpProfile = http.profileText;
  say(`profile of the server, per request:\n${http.profileText}`);
}

// 4. One escalation to 1,000 sockets.
if (wants('sockets')) {
  const s = await measureSockets({ sockets: COUNTS.sockets });
  result(`sockets-${COUNTS.sockets}-fanout-p99`, s.p99);
  result(`sockets-${COUNTS.sockets}-fanout-p50`, s.p50);
  result(`sockets-${COUNTS.sockets}-fanout-spread`, s.spread);
  result(`sockets-${COUNTS.sockets}-clock-move-ms`, s.clockMoveMs);
  result(`sockets-${COUNTS.sockets}-connect-s`, s.connectSeconds);
}

// 5. A million dossiers.
if (wants('million')) {
  const m = await measureMillion({
    dossiers: COUNTS.million,
    ticks: COUNTS.ticks,
    inboxRequests: COUNTS.inbox,
    dashboardRequests: COUNTS.dashboard,
    cacheDir: process.env.BENCH_CACHE_DIR,
  });
  const suffix = COUNTS.million === 1_000_000 ? '1M' : `${COUNTS.million / 1000}k`;
  // The clerk with the largest inbox among the demo accounts is the figure of record.
  const [clerk, inbox] = Object.entries(m.inbox).sort((a, b) => b[1].size - a[1].size)[0];
  result(`scheduler-idle-tick-${suffix}`, m.tick.median);
  result(`inbox-p95-${suffix}`, inbox.p95);
  result(`dashboard-p95-${suffix}`, Math.max(m.dashboard.agency.p95, m.dashboard.province.p95));
  result(`index766-p95-${suffix}`, Math.max(m.index766.agency.p95, m.index766.province.p95));
  result(`scheduler-idle-tick-${suffix}-p95`, m.tick.p95);
  result(`scheduler-run-due-${suffix}`, m.tick.runDue);
  result(`scheduler-next-due-${suffix}`, m.tick.nextDue);
  for (const [name, t] of Object.entries(m.inbox)) result(`inbox-p95-${suffix}-${name}-${t.size}-tasks`, t.p95);
  for (const [name, t] of Object.entries(m.dashboard)) result(`dashboard-p95-${suffix}-${name}`, t.p95);
  for (const [name, t] of Object.entries(m.index766)) result(`index766-p95-${suffix}-${name}`, t.p95);
  result(`million-load-s`, m.info.seconds);
  result(`million-state-bytes-per-dossier`, m.avgStateBytes);
  report.notes.inboxClerk = clerk;
  report.million = m;
}

const seconds = (nowMs() - t0) / 1000;
result('bench-run-seconds', seconds);
report.finishedLoadAverage = (await import('node:os')).loadavg();
report.seconds = seconds;
report.results = [...results()];
say(`done in ${(seconds / 60).toFixed(1)} min; load average now ${report.finishedLoadAverage.map((l) => l.toFixed(1)).join(' ')}`);
if (process.env.BENCH_REPORT) writeFileSync(process.env.BENCH_REPORT, JSON.stringify(report, null, 2));
if (args.includes('--readme')) {
  if (quick || only) say('--readme ignored: only a full run is of record');
  else writeReadme(report);
}
