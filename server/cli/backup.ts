// `npm run backup [-- --dir backups]`: a consistent backup of DATABASE_URL (default the
// SQLite file) taken while the server runs, into a timestamped folder with a manifest
// (server/store/backup.ts). MOTCUA_BACKUP_DIR sets the folder when --dir is not given.
import { parseArgs } from 'node:util';
import { BackupError, DEFAULT_BACKUP_DIR, backupDatabase } from '../store/backup.js';
import { localFilesDirFromEnv } from '../files/config.js';

const { values } = parseArgs({ options: { dir: { type: 'string' } } });
try {
  const { folder, manifest } = await backupDatabase({
    url: process.env.DATABASE_URL || undefined,
    dir: values.dir || process.env.MOTCUA_BACKUP_DIR || DEFAULT_BACKUP_DIR,
    // The documents of the local file store (MOTCUA_FILES); an S3 store keeps its own.
    filesDir: localFilesDirFromEnv(process.env),
  });
  const { counts, migration } = manifest.database;
  const bytes = manifest.files.reduce((sum, f) => sum + f.bytes, 0);
  console.log(`backup written: ${folder}`);
  console.log(`  ${manifest.database.kind}, ${counts.dossiers} dossiers, ${counts.events} history events, schema ${migration ?? '(none)'}, ${bytes} bytes`);
  const documents = manifest.files.filter((f) => f.role === 'file').length;
  console.log(localFilesDirFromEnv(process.env) ? `  ${documents} documents of the file store` : '  documents: MOTCUA_FILES is an S3 store — back it up with the object store’s own tools (versioning, replication)');
} catch (error) {
  if (!(error instanceof BackupError)) throw error;
  console.error(`backup failed [${error.code}]: ${error.message}`);
  process.exitCode = 1;
}
