// Which file store and which limits, from the environment (README, docs/contract.md §1):
//
//   MOTCUA_FILES unset            → a folder `files/` beside the SQLite file (data/files),
//                                   or data/files under PostgreSQL
//   MOTCUA_FILES=/srv/motcua/files (or local:/srv/…) → that folder
//   MOTCUA_FILES=s3://bucket/prefix → an S3-compatible store; MOTCUA_S3_ENDPOINT (e.g.
//                                   http://minio:9000; unset: AWS), MOTCUA_S3_REGION
//                                   (us-east-1), credentials from AWS_ACCESS_KEY_ID and
//                                   AWS_SECRET_ACCESS_KEY (or the SDK's usual chain)
//   MOTCUA_FILE_MAX_MB            → the largest upload, in MB (default 20)
import path from 'node:path';
import { LocalFileStore } from './localStore.js';
import { S3FileStore } from './s3Store.js';
import type { FileStore } from './store.js';

export const DEFAULT_FILE_MAX_MB = 20;
export const MB = 1024 * 1024;

/** The folder a local store defaults to: `files/` beside the SQLite file. */
export function defaultFilesDir(sqliteFile: string | null): string {
  return path.join(sqliteFile ? path.dirname(sqliteFile) : 'data', 'files');
}

/** MOTCUA_FILES → a store; throws with a message for an operator on a value it cannot read. */
export function fileStoreFrom(value: string | undefined, env: NodeJS.ProcessEnv, sqliteFile: string | null): FileStore {
  const text = value?.trim() ?? '';
  if (text === '') return new LocalFileStore(defaultFilesDir(sqliteFile));
  if (/^s3:\/\//i.test(text)) {
    const url = new URL(text);
    if (!url.hostname) throw new Error(`MOTCUA_FILES=${text}: name the bucket, e.g. s3://motcua-files/prod`);
    const prefix = url.pathname.replace(/^\/+/, '');
    const accessKeyId = env.AWS_ACCESS_KEY_ID;
    const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
    return new S3FileStore({
      bucket: url.hostname,
      prefix: prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`,
      endpoint: env.MOTCUA_S3_ENDPOINT || undefined,
      region: env.MOTCUA_S3_REGION || undefined,
      credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined,
    });
  }
  const folder = text.replace(/^(local|file):/i, '');
  if (folder === '') throw new Error(`MOTCUA_FILES=${text}: name a folder or an s3:// bucket`);
  return new LocalFileStore(folder);
}

/** MOTCUA_FILE_MAX_MB → bytes. */
export function fileMaxBytesFrom(value: string | undefined): number {
  const text = value?.trim() ?? '';
  if (text === '') return DEFAULT_FILE_MAX_MB * MB;
  const mb = Number(text);
  if (!Number.isFinite(mb) || mb <= 0) throw new Error(`MOTCUA_FILE_MAX_MB must be a positive number of megabytes, got ${text}`);
  return Math.round(mb * MB);
}

/**
 * The local file store's folder the server would use with this environment (what
 * `npm run backup` copies), or null for an S3 store. DATABASE_URL places the default.
 */
export function localFilesDirFromEnv(env: NodeJS.ProcessEnv): string | null {
  const url = env.DATABASE_URL || '';
  const sqliteFile = /^postgres(ql)?:\/\//i.test(url) ? null : path.resolve((url || 'data/motcua.db').replace(/^sqlite:(\/\/)?/i, ''));
  const store = fileStoreFrom(env.MOTCUA_FILES, env, sqliteFile);
  return store instanceof LocalFileStore ? path.resolve(store.root) : null;
}
