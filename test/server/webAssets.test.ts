// The web app's files as a phone on 3G gets them (issue 20, Operations): hashed assets
// precompressed (brotli, else gzip) and cached for good, index.html compressed and
// revalidated every time so a new build is picked up at once.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { precompressDirectory } from '../../server/precompress.js';
import { mountWebApp } from '../../server/web.js';

describe('static assets', () => {
  let dir: string;
  let base: string;
  let close: () => void;
  const script = `export const greeting = ${JSON.stringify('Xin chào, '.repeat(500))};\n`;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'motcua-web-'));
    mkdirSync(path.join(dir, 'assets'));
    writeFileSync(path.join(dir, 'assets', 'index-AbC123.js'), script);
    writeFileSync(path.join(dir, 'assets', 'tiny-Xy.js'), 'export {};\n');
    writeFileSync(path.join(dir, 'index.html'), `<!doctype html><html><head><title>MộtCửa</title></head><body>${'<div></div>'.repeat(200)}</body></html>`);
    precompressDirectory(dir);
    const app = express();
    mountWebApp(app, dir);
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => server.close();
  });

  afterAll(() => {
    close?.();
    rmSync(dir, { recursive: true, force: true });
  });

  const get = (p: string, encoding: string) => fetch(`${base}${p}`, { headers: { 'accept-encoding': encoding } });

  it('serves a hashed script brotli-compressed, immutable for a year, with its own media type', async () => {
    const res = await get('/assets/index-AbC123.js', 'gzip, deflate, br');
    expect(res.headers.get('content-encoding')).toBe('br');
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('vary')).toMatch(/Accept-Encoding/i);
    // fetch decodes it; the bytes on the wire are the .br twin.
    expect(await res.text()).toBe(script);
    const wire = Number(res.headers.get('content-length'));
    expect(wire).toBeLessThan(script.length / 4);
  });

  it('falls back to gzip, and to the plain file for a client that takes neither', async () => {
    const gz = await get('/assets/index-AbC123.js', 'gzip');
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(await gz.text()).toBe(script);
    const plain = await get('/assets/index-AbC123.js', 'identity');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(plain.headers.get('cache-control')).toMatch(/immutable/);
    expect(await plain.text()).toBe(script);
    // A file too small to be worth compressing is served as it is.
    const tiny = await get('/assets/tiny-Xy.js', 'br');
    expect(tiny.headers.get('content-encoding')).toBeNull();
  });

  it('serves index.html compressed but never cached without asking (no-cache), on every app path', async () => {
    for (const p of ['/', '/tra-cuu']) {
      const res = await get(p, 'br');
      expect(res.headers.get('content-encoding')).toBe('br');
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(await res.text()).toContain('<title>MộtCửa</title>');
    }
  });

});
