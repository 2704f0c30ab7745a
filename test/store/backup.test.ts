// npm run backup / npm run restore (issue 13): a backup taken while the server writes,
// restored into a fresh database, reads the same dossiers back, with every history chain
// whole, and the restored database works on — on SQLite (through the commands, in their
// own processes) and on PostgreSQL (pg_dump, pg_restore | psql).
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../server/clock.js';
import { DossierService } from '../../server/services/dossierService.js';
import { BackupError, backupDatabase, readBackup, restoreDatabase, type BackupManifest } from '../../server/store/backup.js';
import { verifyHistory } from '../../server/store/history.js';
import { MIGRATIONS, listEvents, loadDossier, migrate, openDatabase, putSetting } from '../../server/store/index.js';
import { staff, vn } from '../engine/dossier/support.js';
import { openProvince } from '../integration/support.js';
import { databaseTargets, type TestDatabase } from '../support/databases.js';
import { dossierWithHistory, landXml } from './dossierHistory.js';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

/** One of the npm scripts in its own process, as an operator runs it. */
function npmScript(script: 'backup' | 'restore', args: string[], databaseUrl: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('npx', ['tsx', `server/cli/${script}.ts`, ...args], { cwd: ROOT, env: { ...process.env, DATABASE_URL: databaseUrl } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Keeps receiving dossiers and working on them until stopped: the server writing. */
function keepWriting(knex: Knex, service: DossierService, clock: FixedClock, from: number) {
  let stopped = false;
  let written = 0;
  const errors: unknown[] = [];
  const loop = (async () => {
    for (let n = from; !stopped; n++) {
      try {
        await dossierWithHistory(knex, service, clock, n);
        written++;
      } catch (error) {
        errors.push(error);
        return;
      }
    }
  })();
  return {
    written: () => written,
    async stop() {
      stopped = true;
      await loop;
      return { written, errors };
    },
  };
}

describe.each(databaseTargets)('backup and restore on $kind', (target) => {
  let db: TestDatabase;
  let clock: FixedClock;
  let service: DossierService;
  let dir: string;
  const ids: string[] = [];
  const extraDatabases: string[] = [];
  const opened: Knex[] = [];

  beforeAll(async () => {
    db = await openProvince(target);
    clock = new FixedClock(vn('2026-11-10 08:00'));
    service = new DossierService(db.knex, clock);
    await service.deploy(landXml, 'admin');
    for (let n = 1; n <= 3; n++) ids.push(await dossierWithHistory(db.knex, service, clock, n));
    // Some bulk, so that copying takes a while and the server's writes land during it.
    await putSetting(db.knex, 'padding', 'x'.repeat(target.kind === 'sqlite' ? 24_000_000 : 4_000_000));
    dir = await mkdtemp(path.join(os.tmpdir(), 'motcua-backup-'));
  });
  afterAll(async () => {
    for (const k of opened) await k.destroy();
    if (target.kind === 'postgres' && extraDatabases.length > 0) {
      const admin = await openDatabase(db.url, { poolMax: 1 });
      for (const name of extraDatabases) await admin.raw('drop database if exists ?? with (force)', [name]);
      await admin.destroy();
    }
    await db?.cleanup();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** A fresh, empty database of the same kind: its url, and the options to open it. */
  async function freshDatabase(): Promise<{ url: string; open: () => Promise<Knex> }> {
    if (target.kind === 'sqlite') {
      const url = path.join(dir, `fresh-${randomBytes(4).toString('hex')}`, 'motcua.db');
      return { url, open: async () => track(await openDatabase(url)) };
    }
    const name = `motcua_restore_${randomBytes(6).toString('hex')}`;
    const admin = await openDatabase(db.url, { poolMax: 1 });
    await admin.raw('create database ??', [name]);
    await admin.destroy();
    extraDatabases.push(name);
    const url = new URL(db.url);
    url.pathname = `/${name}`;
    // The dump keeps its schema's name: the restored tables are in the test's schema.
    return { url: url.toString(), open: async () => track(await openDatabase(url.toString(), db.options)) };
  }
  const track = (k: Knex) => (opened.push(k), k);

  async function takeBackup(): Promise<{ folder: string; manifest: BackupManifest }> {
    if (target.kind === 'sqlite') {
      const run = await npmScript('backup', ['--dir', dir], db.url);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const folder = run.stdout.match(/backup written: (.+)/)![1].trim();
      return { folder, manifest: await readBackup(folder) };
    }
    return backupDatabase({ url: db.url, schema: db.options.schema, dir });
  }

  let backup: { folder: string; manifest: BackupManifest };
  let restored: { url: string; open: () => Promise<Knex> };

  it('backs up while the server writes: a timestamped folder with a manifest, the snapshot of one instant', async () => {
    const writer = keepWriting(db.knex, service, clock, 100);
    const writtenBefore = writer.written();
    backup = await takeBackup();
    const writtenDuring = writer.written() - writtenBefore;
    const { errors } = await writer.stop();
    expect(errors).toEqual([]);
    // The server was never held up: it went on saving dossiers all the while.
    expect(writtenDuring).toBeGreaterThan(0);

    expect(path.basename(backup.folder)).toMatch(/^motcua-\d{8}T\d{9}Z$/);
    expect((await readdir(dir)).filter((name) => name.startsWith('.'))).toEqual([]);
    const manifest = JSON.parse(await readFile(path.join(backup.folder, 'manifest.json'), 'utf8')) as BackupManifest;
    expect(manifest).toEqual(backup.manifest);
    expect(manifest).toMatchObject({
      format: 'motcua-backup',
      formatVersion: 1,
      // The last migration the database has: the newest one the server knows.
      database: { kind: target.kind, migration: MIGRATIONS.at(-1)![0] },
      files: [{ path: target.kind === 'sqlite' ? 'database.sqlite' : 'database.pgdump', role: 'database', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }],
    });
    expect(manifest.database.counts.dossiers).toBeGreaterThanOrEqual(3);
  });

  it('restores into a fresh database, which reads the same dossiers back with every chain whole, and works on', async () => {
    restored = await freshDatabase();
    if (target.kind === 'sqlite') {
      const run = await npmScript('restore', [backup.folder], restored.url);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
    } else {
      expect(await restoreDatabase({ folder: backup.folder, url: restored.url, dir })).toMatchObject({ previous: null });
    }
    const knex = await restored.open();
    // The copy is of one instant: its counts are the manifest's, its chains and heads agree.
    const report = await verifyHistory(knex);
    expect(report).toMatchObject({ broken: null, dossiers: backup.manifest.database.counts.dossiers, events: backup.manifest.database.counts.events });
    for (const id of ids) {
      expect(await loadDossier(knex, id)).toEqual(await loadDossier(db.knex, id));
      expect(await listEvents(knex, id)).toEqual(await listEvents(db.knex, id));
    }
    // A server on the restored database carries on with the dossier: its history chains on.
    expect(await migrate(knex)).toEqual([]);
    const again = new DossierService(knex, new FixedClock(vn('2026-11-17 14:00')));
    await again.supplement(ids[0], { actor: staff.reception, items: ['Sổ hộ khẩu'] });
    expect((await loadDossier(knex, ids[0])).row.status).not.toBe('awaitingSupplement');
    expect((await verifyHistory(knex)).broken).toBeNull();
  });

  it('refuses to overwrite a database that is not empty; --force backs it up first, then overwrites', async () => {
    await expect(restoreDatabase({ folder: backup.folder, url: restored.url, dir })).rejects.toMatchObject({ code: 'RESTORE_TARGET_NOT_EMPTY' });
    if (target.kind === 'sqlite') {
      const run = await npmScript('restore', [backup.folder], restored.url);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/RESTORE_TARGET_NOT_EMPTY.*--force/);
      // Close what the test holds open on the file: restoring is for a stopped server.
      for (const k of opened.splice(0)) await k.destroy();
    }
    const forced = await restoreDatabase({ folder: backup.folder, url: restored.url, force: true, dir });
    // The supplement made after the restore is in the safety backup, and gone from the database.
    expect(forced.previous!.manifest.database.counts.events).toBeGreaterThan(backup.manifest.database.counts.events);
    const knex = await restored.open();
    expect((await loadDossier(knex, ids[0])).row.status).toBe('awaitingSupplement');
    expect((await verifyHistory(knex)).broken).toBeNull();
  });

  it('refuses a backup whose files are not those backed up, or of the other database kind', async () => {
    const copy = path.join(dir, 'tampered');
    await rm(copy, { recursive: true, force: true });
    const { cp } = await import('node:fs/promises');
    await cp(backup.folder, copy, { recursive: true });
    const file = path.join(copy, backup.manifest.files[0].path);
    const bytes = await readFile(file);
    bytes[bytes.length - 1] ^= 1;
    await writeFile(file, bytes);
    const fresh = await freshDatabase();
    await expect(restoreDatabase({ folder: copy, url: fresh.url, dir })).rejects.toMatchObject({ code: 'BACKUP_CORRUPT' });
    await expect(restoreDatabase({ folder: dir, url: fresh.url, dir })).rejects.toBeInstanceOf(BackupError);
    const otherKind = target.kind === 'sqlite' ? 'postgres://nobody@127.0.0.1:1/none' : path.join(dir, 'other.db');
    await expect(restoreDatabase({ folder: backup.folder, url: otherKind, dir })).rejects.toMatchObject({ code: 'BACKUP_KIND_MISMATCH' });
  });
});
