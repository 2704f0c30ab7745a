// The register's search (GET /dossiers?q=): one folded text per dossier, kept in
// `dossiers.search_text` when the dossier is inserted (its code and applicant never
// change afterwards). SQLite's lower() folds ASCII only and neither database ignores
// Vietnamese diacritics, so both sides of the LIKE are folded here, in one place: a
// clerk typing "nguyen van an" or "NGUYỄN VĂN AN" finds "Nguyễn Văn An".
import { foldForSearch } from '../../contract/text.js';
import type { Applicant } from '../../engine/dossier/types.js';

export { foldForSearch };

/** A phone number as its digits: "0905 123 456", "0905.123.456" and "0905123456" are one number. */
const digitsOf = (text: string): string => text.replace(/\D/g, '');

/** What `q` is matched against: the code, the applicant's name, ID number, phone (as typed and as digits) and e-mail. */
export function dossierSearchText(code: string, applicant: Applicant): string {
  const parts = [code, applicant.name, applicant.idNumber, applicant.phone, digitsOf(String(applicant.phone ?? '')), applicant.email ?? ''];
  return parts.map((part) => foldForSearch(String(part ?? ''))).filter(Boolean).join(' | ');
}

/**
 * The LIKE patterns for what a clerk typed (any may match): folded, and a number typed with
 * spaces or dots ("0905 123 456") also as its digits — a part of a code ("261112-0001")
 * stays as typed too. `%`, `_` and `\` are literal characters.
 */
export function searchPatterns(q: string): string[] {
  const like = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const folded = foldForSearch(q);
  const digits = digitsOf(q);
  const number = /^[\d\s.+()-]+$/.test(q) && digits.length >= 3 && digits !== folded;
  return number ? [like(folded), like(digits)] : [like(folded)];
}
