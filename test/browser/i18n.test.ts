// The web app speaks Vietnamese first and English on request: both dictionaries must say
// everything, with the same placeholders, and every key a screen asks for must exist.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../../designer/src/', import.meta.url));
const vi = JSON.parse(readFileSync(path.join(SRC, 'i18n/vi.json'), 'utf8')) as Record<string, string>;
const en = JSON.parse(readFileSync(path.join(SRC, 'i18n/en.json'), 'utf8')) as Record<string, string>;

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sources(full);
    return /\.tsx?$/.test(name) ? [full] : [];
  });
}

describe('the web app’s dictionaries', () => {
  it('have the same keys in Vietnamese and English, none empty', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(vi).sort());
    for (const [key, text] of Object.entries({ ...vi, ...en })) expect(text.trim(), key).not.toBe('');
  });

  it('use the same placeholders in both languages', () => {
    for (const key of Object.keys(vi)) expect(placeholders(en[key]), key).toEqual(placeholders(vi[key]));
  });

  it('know every literal key the screens ask for', () => {
    const used = new Set<string>();
    for (const file of sources(SRC)) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\bt\(\s*'([a-zA-Z][\w.-]*)'/g)) used.add(m[1]);
    }
    expect(used.size).toBeGreaterThan(200);
    expect([...used].filter((key) => !(key in vi))).toEqual([]);
  });
});
