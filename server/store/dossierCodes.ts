// Dossier codes, lookup secrets and ids.
// DOMAIN.md, "Dossier code": `<agency code>-<YYMMDD>-<4-digit sequence of that agency
// that day>`, e.g. `000.00.23.H40-261112-0007`, printed on every paper.
import { randomInt, randomUUID } from 'node:crypto';
import type { Db } from './db.js';

const LOCAL_DATE = /^(\d{2})(\d{2})-(\d{2})-(\d{2})$/;

/**
 * The next code of `agencyCode` for the local day `localDate` (`YYYY-MM-DD` in
 * Asia/Ho_Chi_Minh — the caller converts, the store has no calendar).
 *
 * One atomic upsert: both databases take the row lock of (agency, day) and hand out
 * `last + 1`, so concurrent receptions never share a number. Called inside the
 * transaction that inserts the dossier, a rolled-back reception gives its number back
 * and the register (Mẫu 06) has no gaps; the price is that receptions of one agency
 * on one day commit one after the other.
 */
export async function nextDossierCode(trx: Db, agencyCode: string, localDate: string): Promise<string> {
  const match = LOCAL_DATE.exec(localDate);
  if (!match) throw new Error(`local date must be YYYY-MM-DD: ${localDate}`);
  const day = `${match[2]}${match[3]}${match[4]}`;
  const rows: Array<{ last: number | string }> = await trx('dossier_sequences')
    .insert({ agency_code: agencyCode, day, last: 1 })
    .onConflict(['agency_code', 'day'])
    .merge({ last: trx.raw('?? + 1', ['dossier_sequences.last']) })
    .returning('last');
  const last = Number(rows[0].last);
  // Past 9999 in one day the number grows a fifth digit rather than wrapping:
  // uniqueness matters more than width, and no desk receives 10,000 dossiers a day.
  return `${agencyCode}-${day}-${String(last).padStart(4, '0')}`;
}

// No 0/O, 1/I/L: the citizen reads the secret off paper and types it in.
const SECRET_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** 6 characters, crypto random: with the dossier code, the key of the citizen's lookup. */
export function newLookupSecret(): string {
  let secret = '';
  for (let i = 0; i < 6; i++) secret += SECRET_ALPHABET[randomInt(SECRET_ALPHABET.length)];
  return secret;
}

/**
 * A secret as the citizen typed it, in the form it is stored: phone keyboards type
 * lowercase and people add spaces, and the alphabet has no look-alikes, so case and
 * surrounding white space carry no meaning.
 */
export const canonicalSecret = (typed: string): string => typed.trim().toUpperCase();

/**
 * The spellings of a typed dossier code to look up, most likely first: as typed, then in
 * capitals — the state's agency codes are written in capitals (`H40`), and phones type
 * lowercase. Exact matches keep the lookup on the unique index.
 */
export function codeSpellings(typed: string): string[] {
  const trimmed = typed.trim();
  const upper = trimmed.toUpperCase();
  return upper === trimmed ? [trimmed] : [trimmed, upper];
}

/** Dossier ids are minted by the server, never derived from the code (codes are guessable). */
export function newId(): string {
  return randomUUID();
}
