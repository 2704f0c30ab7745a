// The web app (designer/, built by vite into designer/dist) served by the API server:
// hashed assets cached for good, index.html for every other non-API path so the app's
// own paths (/viec-can-lam, /ho-so/…, the receipt's QR link /tra-cuu?…) survive a
// reload. `npm start` on a fresh clone builds the app first (ensureWebBuild).
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { compressedTwin, precompressed } from './precompress.js';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const WEB_ROOT = path.join(REPO_ROOT, 'designer');
export const WEB_DIST = path.join(WEB_ROOT, 'dist');
const INDEX_HTML = path.join(WEB_DIST, 'index.html');

/** Paths the SPA fallback must never answer: the API and the socket.io handshake. */
const NOT_THE_APP = /^\/(api|socket\.io)(\/|$)/;
/** The citizen's lookup page: served from its own entry (designer/lookup.html). */
const LOOKUP_PATH = /^\/tra-cuu\/?$/;

export function mountWebApp(app: Express, dist = WEB_DIST): void {
  const index = path.join(dist, 'index.html');
  // Vite names every asset by its content hash: safe to cache for a year. The build
  // wrote brotli and gzip twins beside each (server/precompress.ts): those go first.
  const immutable = 'public, max-age=31536000, immutable';
  app.use('/assets', precompressed(path.join(dist, 'assets'), immutable));
  app.use(
    '/assets',
    express.static(path.join(dist, 'assets'), { immutable: true, maxAge: '365d', index: false, fallthrough: false }),
  );
  app.use(express.static(dist, { index: false, maxAge: '1h' }));
  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || NOT_THE_APP.test(req.path)) return next();
    if (!existsSync(index)) {
      // Started without a build (a test, or `tsx server/main.ts` skipped ensureWebBuild).
      res
        .status(req.path === '/' ? 200 : 404)
        .type('text/plain; charset=utf-8')
        .send('MộtCửa — đang chạy / running\nỨng dụng web chưa được build / the web app is not built: npx vite build\n');
      return;
    }
    // index.html names the current hashed assets: never serve a stale one. The citizen's
    // lookup (the receipt's QR link) has a page of its own, a fraction of the app's weight.
    res.setHeader('Cache-Control', 'no-cache');
    const lookup = path.join(dist, 'lookup.html');
    const page = LOOKUP_PATH.test(req.path) && existsSync(lookup) ? lookup : index;
    const twin = compressedTwin(req, res, page);
    res.type('html');
    res.sendFile(twin ?? page);
  });
}

/** Newest modification time under `dir` (skipping build output and dependencies). */
function newestMtime(dir: string): number {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    // Build output, dependencies, and dot-folders (in-progress builds, the lock).
    if (entry.name === 'dist' || entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** True when designer/dist is missing or older than the sources it is built from. */
export function webBuildIsStale(): boolean {
  if (!existsSync(INDEX_HTML)) return true;
  const built = statSync(INDEX_HTML).mtimeMs;
  const sources = Math.max(
    newestMtime(WEB_ROOT),
    // The app bundles the engine (validation, calendar, deadlines).
    newestMtime(path.join(REPO_ROOT, 'engine')),
    statSync(path.join(REPO_ROOT, 'vite.config.ts')).mtimeMs,
  );
  return sources > built;
}

let building: Promise<boolean> | null = null;

const LOCK = path.join(WEB_ROOT, '.build-lock');
/** A lock older than this belongs to a build that died; a real build takes seconds. */
const STALE_LOCK_MS = 3 * 60_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Is the process that took the lock gone (killed mid-build)? */
function lockIsStale(): boolean {
  const stat = statSync(LOCK, { throwIfNoEntry: false });
  if (!stat) return false;
  if (Date.now() - stat.mtimeMs > STALE_LOCK_MS) return true;
  let pid = NaN;
  try {
    pid = Number(readFileSync(path.join(LOCK, 'pid'), 'utf8'));
  } catch {
    // Not written yet, or the lock was just released.
  }
  if (!Number.isInteger(pid) || pid <= 0) return Date.now() - stat.mtimeMs > 5_000;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** One build at a time across processes (test runs and `npm start` may share the tree). */
async function withBuildLock<T>(run: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      mkdirSync(LOCK);
      writeFileSync(path.join(LOCK, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (lockIsStale()) rmSync(LOCK, { recursive: true, force: true });
      else await sleep(250);
    }
  }
  try {
    return await run();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

/**
 * Builds the web app with vite's `build()` when designer/dist/index.html is missing or
 * older than its sources. Resolves true when it built. vite is imported only here, so a
 * server started on an existing build never loads it. The build goes to a fresh folder
 * that then replaces designer/dist, so a server already serving the old build never sees
 * a half-written one.
 */
export function ensureWebBuild({ quiet = false }: { quiet?: boolean } = {}): Promise<boolean> {
  building ??= withBuildLock(async () => {
    if (!webBuildIsStale()) return false;
    if (!quiet) console.log('Building the web app (designer/ → designer/dist)…');
    const { build } = await import('vite');
    const fresh = path.join(WEB_ROOT, `.dist-${process.pid}-${Date.now()}`);
    const old = `${fresh}-old`;
    try {
      await build({
        configFile: path.join(REPO_ROOT, 'vite.config.ts'),
        logLevel: quiet ? 'error' : 'warn',
        // Always the production build, whatever NODE_ENV the caller runs under: vitest sets
        // it to `test`, and vite then bundled React's development build (60 % heavier, slower).
        mode: 'production',
        define: { 'process.env.NODE_ENV': JSON.stringify('production') },
        // …and JSX compiled for it (the development transform calls React's jsxDEV).
        oxc: { jsx: { runtime: 'automatic', importSource: 'react', development: false } },
        build: { outDir: fresh, emptyOutDir: true },
      });
      if (existsSync(WEB_DIST)) renameSync(WEB_DIST, old);
      renameSync(fresh, WEB_DIST);
    } finally {
      rmSync(fresh, { recursive: true, force: true });
      rmSync(old, { recursive: true, force: true });
    }
    return true;
  }).finally(() => {
    building = null;
  });
  return building;
}
