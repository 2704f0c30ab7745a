// The bounds of a dossier's `data` (what reception and each completed step hand in). A
// value nested thousands deep is a few kilobytes of JSON, yet every later copy of the
// state (structuredClone in the draft) and every save would throw on it — the dossier
// could then never move again, and its scheduled work would fail at every pass. Refused
// at the door instead, with INVALID_DATA.

import { DomainError } from '../errors.js';

/** Nesting of objects and arrays inside `data` (`{a: [1]}` is 2 deep). */
export const MAX_DATA_DEPTH = 32;
/** `data` handed in by one action, as JSON text (UTF-16 code units, close enough to bytes for a bound). */
export const MAX_DATA_CHARS = 256 * 1024;

/** Deeper than `limit`? Stops descending at the limit, so a bomb costs no stack. */
export function deeperThan(value: unknown, limit: number): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (limit <= 0) return true;
  const children = Array.isArray(value) ? value : Object.values(value as Record<string, unknown>);
  for (const child of children) if (deeperThan(child, limit - 1)) return true;
  return false;
}

/** Throws INVALID_DATA when `data` is nested deeper than MAX_DATA_DEPTH or larger than MAX_DATA_CHARS. */
export function checkDossierData(data: unknown): void {
  if (data === undefined || data === null) return;
  if (deeperThan(data, MAX_DATA_DEPTH)) {
    throw new DomainError('INVALID_DATA.tooDeep', { max: MAX_DATA_DEPTH }, { maxDepth: MAX_DATA_DEPTH });
  }
  const size = JSON.stringify(data)?.length ?? 0;
  if (size > MAX_DATA_CHARS) {
    throw new DomainError('INVALID_DATA.tooLarge', { max: MAX_DATA_CHARS }, { maxChars: MAX_DATA_CHARS });
  }
}
