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
