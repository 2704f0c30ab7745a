// Which procedures a one-stop desk offers, and whether the clerk names the competent
// agency (issue 20: "a ward desk put a provincial judicial-record dossier into the ward's
// own inbox"). The server decides what it accepts (engine/dossier/places.ts checkIntake);
// this keeps the desk from offering what would land in the wrong inbox:
//   - `mc:intake="province"` (Decree 118/2025, province-wide intake): every desk of the
//     province receives it; when the procedure is of another level than the desk, the
//     clerk names the competent agency of that level (the steps run there, `@competent`).
//   - `mc:intake="competent"`: only the competent agency's own desk — a desk of the
//     procedure's level, which is then the competent agency.
//   - a model without `mc:intake` (before the reform): a desk of the procedure's level.
import { foldForSearch } from '../../contract/text.js';
import type { Level } from '../../engine/index.js';

export interface IntakeRule {
  level: Level | null;
  intake?: 'province' | 'competent' | null;
}

/** May a desk of `deskLevel` receive this procedure? */
export function offeredAtDesk(procedure: IntakeRule, deskLevel: Level | null | undefined): boolean {
  if (procedure.intake === 'province') return true;
  if (!procedure.level || !deskLevel) return true;
  return procedure.level === deskLevel;
}

/** Must the clerk name the competent agency (a province-wide intake of another level's procedure)? */
export function competentChoiceNeeded(procedure: IntakeRule, deskLevel: Level | null | undefined): boolean {
  return procedure.intake === 'province' && !!procedure.level && !!deskLevel && procedure.level !== deskLevel;
}

/**
 * What the desk asks about the competent agency:
 * - `required`: a province-wide procedure of another level (the clerk must name it);
 * - `optional`: a province-wide procedure of the desk's own level — by default the desk's
 *   own agency, or another of that level (a ward's desk receiving a dossier of the ward
 *   where the citizen lives, Decree 118/2025);
 * - `none`: the desk's own agency is the competent one.
 */
export type CompetentChoice = 'required' | 'optional' | 'none';

export function competentChoice(procedure: IntakeRule, deskLevel: Level | null | undefined): CompetentChoice {
  if (competentChoiceNeeded(procedure, deskLevel)) return 'required';
  if (procedure.intake === 'province' && !!procedure.level && !!deskLevel && procedure.level === deskLevel) return 'optional';
  return 'none';
}

/** "UBND phường Cẩm Thành" → "phuong cam thanh": the place an address names. */
const placeOf = (agencyName: string): string => foldForSearch(agencyName.replace(/^(UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+/i, ''));

/**
 * The candidate whose place the applicant's address names ("Tổ 3, phường Cẩm Thành" →
 * UBND phường Cẩm Thành), or null when none or more than one does. Only a suggestion:
 * the clerk confirms it.
 */
export function suggestFromAddress(address: string, candidates: ReadonlyArray<{ code: string; name: string }>): string | null {
  const folded = foldForSearch(address);
  if (folded.length < 4) return null;
  const found = candidates.filter((c) => {
    const place = placeOf(c.name);
    return place.length >= 4 && folded.includes(place);
  });
  return found.length === 1 ? found[0].code : null;
}
