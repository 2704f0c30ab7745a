// Static assets compressed once, at build time, and served as they are: the vite build
// writes `<file>.br` and `<file>.gz` beside every text asset (brotli at its highest
// quality costs seconds once, never per request), and `precompressed()` hands the
// smallest one the browser accepts. A phone on 3G downloads the lookup page's scripts
// at about a quarter of their size (issue 20, Operations).
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { NextFunction, Request, Response } from 'express';

/** What compresses: text. Images (png), fonts in woff2 are compressed already. */
const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|txt|map|eot|ttf)$/;
/** Below this a compressed copy saves less than its headers cost. */
const MIN_BYTES = 1024;

function* files(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* files(full);
    else yield full;
  }
}

/** Writes `.br` and `.gz` beside every compressible file of `dir` that they make smaller. */
export function precompressDirectory(dir: string): number {
  let written = 0;
  for (const file of [...files(dir)]) {
    if (!COMPRESSIBLE.test(file) || statSync(file).size < MIN_BYTES) continue;
    const bytes = readFileSync(file);
    const br = brotliCompressSync(bytes, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
    });
    const gz = gzipSync(bytes, { level: 9 });
    if (br.length < bytes.length) writeFileSync(`${file}.br`, br), (written += 1);
    if (gz.length < bytes.length) writeFileSync(`${file}.gz`, gz), (written += 1);
  }
  return written;
}

/** A vite plugin: precompress the build's output when it is written. */
export function precompressPlugin(): { name: string; apply: 'build'; writeBundle: (options: { dir?: string }) => void } {
  return {
    name: 'motcua-precompress',
    apply: 'build',
    writeBundle(options) {
      if (options.dir) precompressDirectory(options.dir);
    },
  };
}

const ENCODINGS = [
  { token: 'br', suffix: '.br' },
  { token: 'gzip', suffix: '.gz' },
] as const;

/** Which of br, gzip the request accepts (q=0 refuses). */
function accepted(header: string | undefined): Set<string> {
  const out = new Set<string>();
  for (const part of (header ?? '').split(',')) {
    const [token, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (q && Number(q.slice(2)) === 0) continue;
    if (token) out.add(token);
  }
  return out;
}

/**
 * The precompressed twin of `file` this request may have, or null. Sets
 * `Content-Encoding` and `Vary` on `res` when it returns one.
 */
export function compressedTwin(req: Request, res: Response, file: string): string | null {
  res.vary('Accept-Encoding');
  const ok = accepted(req.headers['accept-encoding'] as string | undefined);
  for (const { token, suffix } of ENCODINGS) {
    if (!ok.has(token)) continue;
    const twin = `${file}${suffix}`;
    if (existsSync(twin)) {
      res.setHeader('Content-Encoding', token);
      return twin;
    }
  }
  return null;
}

/**
 * Express middleware for a static folder: a GET or HEAD of a file that has a `.br` or
 * `.gz` twin gets the twin, with the original's media type and `cacheControl`; anything
 * else falls through to express.static.
 */
export function precompressed(root: string, cacheControl: string) {
  const base = path.resolve(root);
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    let relative: string;
    try {
      relative = decodeURIComponent(req.path);
    } catch {
      return next();
    }
    const file = path.resolve(base, `.${relative}`);
    if (!file.startsWith(base + path.sep) || !COMPRESSIBLE.test(file) || !existsSync(file)) return next();
    const twin = compressedTwin(req, res, file);
    if (!twin) return next();
    res.type(path.extname(file));
    res.setHeader('Cache-Control', cacheControl);
    res.sendFile(twin, (error) => {
      if (error) next(error);
    });
  };
}
