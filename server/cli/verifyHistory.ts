// `npm run verify-history`: recomputes every dossier's hash chain (server/store/history.ts)
// on DATABASE_URL and reports the first broken link — dossier, seq, expected and found
// hash — exiting 1; 0 when every chain holds.
import { openDatabase } from '../store/index.js';
import { verifyHistory } from '../store/history.js';

const knex = await openDatabase(process.env.DATABASE_URL || undefined);
try {
  if (!(await knex.schema.hasTable('events')) || !(await knex.schema.hasColumn('events', 'hash'))) {
    console.error('this database has no chained history yet: run npm run migrate (or npm start) on it first');
    process.exit(2);
  }
  const report = await verifyHistory(knex);
  const { broken } = report;
  if (!broken) {
    console.log(`history intact: ${report.events} events of ${report.dossiers} dossiers, every chain holds`);
  } else {
    const where = `dossier ${broken.dossierId}${broken.dossierCode ? ` (${broken.dossierCode})` : ''}, seq ${broken.seq}`;
    const what =
      broken.kind === 'hash'
        ? 'the row does not hash to what it carries: edited, a row before it removed, or written without its hash'
        : broken.seq === 0
          ? 'the dossier records a history of which no row is left'
          : 'the dossier records another last event than its last row: rows removed at the end, or added behind its back';
    console.error(`HISTORY BROKEN at ${where}: ${what}`);
    console.error(`  expected ${broken.expected ?? '(none)'}`);
    console.error(`  found    ${broken.found ?? '(none)'}`);
    console.error(`(checked ${report.events} events of ${report.dossiers} dossiers up to there)`);
    process.exitCode = 1;
  }
} finally {
  await knex.destroy();
}
