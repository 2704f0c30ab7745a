// Documents' infrastructure: the file store, the upload limit and the signing identity,
// made once per server (buildContext) from the environment or a test's options.
import path from 'node:path';
import type { Knex } from 'knex';
import { loadSigningIdentity, type SigningIdentity } from '../signing/certificate.js';
import { fileMaxBytesFrom, fileStoreFrom } from './config.js';
import type { FileStore } from './store.js';

export { FileMissing, type FileStore } from './store.js';
export { LocalFileStore } from './localStore.js';
export { S3FileStore, type S3StoreOptions } from './s3Store.js';
export { fileStoreFrom, fileMaxBytesFrom, defaultFilesDir, DEFAULT_FILE_MAX_MB, MB } from './config.js';

export interface DocumentsOptions {
  /** Default: MOTCUA_FILES (a folder beside the SQLite file when unset). */
  store?: FileStore;
  /** Default: MOTCUA_FILE_MAX_MB, 20 MB. */
  maxBytes?: number;
}

export class Documents {
  constructor(
    readonly store: FileStore,
    readonly maxBytes: number,
    private readonly knex: Knex,
    private readonly production: boolean,
  ) {}

  /**
   * The agency's signing identity, read at each use (signing is rare; an admin's new
   * certificate is used at once by every process); the demo one generated on first use.
   */
  signingIdentity(): Promise<SigningIdentity | null> {
    return loadSigningIdentity(this.knex, { production: this.production });
  }
}

/** The SQLite file a knex instance opened, or null (PostgreSQL). */
function sqliteFileOf(knex: Knex): string | null {
  const connection = knex.client.config?.connection as { filename?: string } | undefined;
  const filename = connection?.filename;
  return typeof filename === 'string' && filename !== ':memory:' ? path.resolve(filename) : null;
}

export function documentsFor(knex: Knex, production: boolean, options: DocumentsOptions = {}): Documents {
  const store = options.store ?? fileStoreFrom(process.env.MOTCUA_FILES, process.env, sqliteFileOf(knex));
  const maxBytes = options.maxBytes ?? fileMaxBytesFrom(process.env.MOTCUA_FILE_MAX_MB);
  return new Documents(store, maxBytes, knex, production);
}
