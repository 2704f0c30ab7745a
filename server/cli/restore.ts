// `npm run restore -- <backup folder> [--force]`: restores a backup taken by `npm run
// backup` into DATABASE_URL (default the SQLite file). Stop the server first. A database
// that is not empty is refused unless --force, and then backed up first (into --dir,
// MOTCUA_BACKUP_DIR or backups/). The server's next start migrates an older backup.
import { parseArgs } from 'node:util';
import { BackupError, DEFAULT_BACKUP_DIR, restoreDatabase } from '../store/backup.js';
import { localFilesDirFromEnv } from '../files/config.js';

const { values, positionals } = parseArgs({
  options: { force: { type: 'boolean', default: false }, dir: { type: 'string' } },
  allowPositionals: true,
});
if (positionals.length !== 1) {
  console.error('usage: npm run restore -- <backup folder, e.g. backups/motcua-20261112T020000000Z> [--force] [--dir <where a forced restore backs up first>]');
  process.exit(2);
}
try {
  const { manifest, previous, documents } = await restoreDatabase({
    folder: positionals[0],
    url: process.env.DATABASE_URL || undefined,
    force: values.force,
    dir: values.dir || process.env.MOTCUA_BACKUP_DIR || DEFAULT_BACKUP_DIR,
    filesDir: localFilesDirFromEnv(process.env),
  });
  if (previous) console.log(`the database that was there is backed up in ${previous.folder}`);
  if (documents > 0) console.log(`${documents} documents put back into the file store`);
  const { counts, migration } = manifest.database;
  console.log(`restored the backup of ${manifest.createdAt}: ${counts.dossiers} dossiers, ${counts.events} history events, schema ${migration ?? '(none)'}`);
  console.log('check it with npm run verify-history; the next start (or npm run migrate) brings its schema up to date');
} catch (error) {
  if (!(error instanceof BackupError)) throw error;
  console.error(`restore refused [${error.code}]: ${error.message}`);
  process.exitCode = 1;
}
