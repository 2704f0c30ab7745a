// npm run backup / npm run restore with documents (issue 16): the local file store beside
// the SQLite file travels in the backup (role `file`, size and SHA-256 in the manifest)
// and comes back byte for byte into an empty store with the database.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalFileStore } from '../../server/files/index.js';
import { insertFile, migrate, newId, openDatabase } from '../../server/store/index.js';
import { scanJpeg, makePdf } from '../api/fixtures/documents.js';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

function npmScript(script: 'backup' | 'restore', args: string[], databaseUrl: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: databaseUrl };
    delete env.MOTCUA_FILES;
    const child = spawn('npx', ['tsx', `server/cli/${script}.ts`, ...args], { cwd: ROOT, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('backups carry the documents of the local file store', () => {
  let tmp: string;
  const files: Buffer[] = [];
  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'motcua-backup-docs-'));
    const knex = await openDatabase(path.join(tmp, 'live', 'motcua.db'));
    await migrate(knex);
    // The server's default store: files/ beside the SQLite file.
    const store = new LocalFileStore(path.join(tmp, 'live', 'files'));
    files.push(scanJpeg, await makePdf('GIAY KHAI SINH'));
    for (const [i, bytes] of files.entries()) {
      await store.put(sha256(bytes), bytes);
      await insertFile(knex, {
        id: newId(),
        dossierId: 'd1',
        name: `scan-${i}`,
        mediaType: i === 0 ? 'image/jpeg' : 'application/pdf',
        size: bytes.length,
        sha256: sha256(bytes),
        component: null,
        purpose: 'working',
        uploadedBy: 'commune.reception',
        uploadedAt: '2026-11-12T02:00:00.000Z',
        signed: false,
        signer: null,
        signedAt: null,
        sourceFileId: null,
      });
    }
    await knex.destroy();
  });
  afterAll(async () => {
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('backs up the scans beside the database and restores them byte for byte into an empty store', async () => {
    const backup = await npmScript('backup', ['--dir', path.join(tmp, 'backups')], path.join(tmp, 'live', 'motcua.db'));
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stdout).toContain('2 documents of the file store');
    const [folder] = await readdir(path.join(tmp, 'backups'));
    const manifest = JSON.parse(await readFile(path.join(tmp, 'backups', folder, 'manifest.json'), 'utf8'));
    const documents = manifest.files.filter((f: { role: string }) => f.role === 'file');
    expect(documents.map((f: { sha256: string; bytes: number }) => [f.sha256, f.bytes]).sort()).toEqual(files.map((b) => [sha256(b), b.length]).sort());

    const restored = await npmScript('restore', [path.join(tmp, 'backups', folder)], path.join(tmp, 'elsewhere', 'motcua.db'));
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toContain('2 documents put back into the file store');
    const store = new LocalFileStore(path.join(tmp, 'elsewhere', 'files'));
    for (const bytes of files) expect((await store.get(sha256(bytes))).equals(bytes)).toBe(true);
  }, 120_000);
});
