// The file store: where the bytes of documents live. Two backends behind one small
// interface, chosen by MOTCUA_FILES (config.ts): a local folder (the default, beside the
// SQLite file: zero set-up) and an S3-compatible object store (several server processes,
// or a PostgreSQL deployment on more than one machine).
//
// Objects are content-addressed: the key is the SHA-256 of the bytes. An upload never
// overwrites anything (a key, once written, always holds the same bytes), the same scan
// uploaded twice is kept once, and a reader checks what it got against the key.

export interface FileStore {
  readonly kind: 'local' | 's3';
  /** Where it writes, for the logs and the README (`data/files`, `s3://bucket/prefix`). */
  readonly location: string;
  /** Keeps `bytes` under their SHA-256 (lower-case hex) unless already there. */
  put(sha256: string, bytes: Buffer): Promise<void>;
  /** The bytes kept under `sha256`; FileMissing when there are none. */
  get(sha256: string): Promise<Buffer>;
}

/** The store holds no object for a key a row names: lost storage, a wrong MOTCUA_FILES. */
export class FileMissing extends Error {
  constructor(readonly sha256: string) {
    super(`file ${sha256} is not in the file store`);
    this.name = 'FileMissing';
  }
}

export const SHA256_HEX = /^[0-9a-f]{64}$/;

/** `ab/cd/abcd…`: two levels of fan-out keep any one folder small. */
export const objectPath = (sha256: string): string => {
  if (!SHA256_HEX.test(sha256)) throw new Error(`not a SHA-256: ${sha256}`);
  return `${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
};
