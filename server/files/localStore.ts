// The default file store: a folder (data/files beside data/motcua.db). Each object is
// written to a temporary name and linked into place with `link`, which fails rather than
// replace an existing file: a key is written once and never overwritten, also when two
// processes store the same scan at once. `npm run backup` copies the folder.
import { randomUUID } from 'node:crypto';
import { link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { FileMissing, objectPath, type FileStore } from './store.js';

export class LocalFileStore implements FileStore {
  readonly kind = 'local' as const;

  constructor(readonly root: string) {}

  get location(): string {
    return this.root;
  }

  private pathOf(sha256: string): string {
    return path.join(this.root, ...objectPath(sha256).split('/'));
  }

  async put(sha256: string, bytes: Buffer): Promise<void> {
    const target = this.pathOf(sha256);
    await mkdir(path.dirname(target), { recursive: true });
    const temporary = `${target}.${randomUUID()}.tmp`;
    await writeFile(temporary, bytes, { flag: 'wx' });
    try {
      await link(temporary, target);
    } catch (error) {
      // Already there: the same bytes (the key is their hash).
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      await rm(temporary, { force: true });
    }
  }

  async get(sha256: string): Promise<Buffer> {
    try {
      return await readFile(this.pathOf(sha256));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new FileMissing(sha256);
      throw error;
    }
  }
}
