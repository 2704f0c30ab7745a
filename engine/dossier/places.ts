// The three places of a dossier since the 2025 reform (DOMAIN.md "Since 1 July 2025";
// Decree 118/2025/NĐ-CP, province-wide intake — "tiếp nhận không phụ thuộc địa giới hành
// chính"): the center that RECEIVED it (its desk, its code in the dossier code), the agency
// COMPETENT to decide (chosen at intake; `@competent` steps run there), and where the
// result is RETURNED (a center the citizen chose, or by post). One home for the rules that
// tie them together: who may receive, which agency a choice may name, which desk returns.

import { DomainError } from '../errors.js';
import type { ProcedureModel } from '../model/procedure.js';
import type { AgencyDirectory, DossierAgencies } from './agencies.js';
import { RETURN_BY_POST, type DossierState } from './types.js';

/** The competent agency as recorded (the receiving one for dossiers received before it existed). */
export function competentAgencyOf(state: Pick<DossierState, 'receivingAgency' | 'competentAgency'>): string {
  return state.competentAgency ?? state.receivingAgency;
}

/** The return place as recorded: an agency code or `post` (the receiving agency when absent). */
export function returnPlaceOf(state: Pick<DossierState, 'receivingAgency' | 'returnAt'>): string {
  return state.returnAt ?? state.receivingAgency;
}

/** What `mc:agency` selectors resolve from. */
export function dossierAgencies(state: Pick<DossierState, 'receivingAgency' | 'competentAgency'>): DossierAgencies {
  return { receiving: state.receivingAgency, competent: competentAgencyOf(state) };
}

/**
 * The desk where the citizen meets the office again — supplements, withdraws: the
 * receiving center as it is today (its successor once merged).
 */
export function receivingDeskOf(directory: AgencyDirectory, state: Pick<DossierState, 'receivingAgency'>): string {
  return directory.current(state.receivingAgency).code;
}

/**
 * The desk that hands the result over: the center the citizen chose, or — for a result
 * sent by post — the receiving center, whose one-stop desk posts it (Decree 118/2025: the
 * one-stop unit returns results, also through the public postal service). A merged agency
 * through its successor.
 */
export function returnDeskOf(directory: AgencyDirectory, state: Pick<DossierState, 'receivingAgency' | 'returnAt'>): string {
  const place = returnPlaceOf(state);
  return directory.current(place === RETURN_BY_POST ? state.receivingAgency : place).code;
}

export interface IntakeChoice {
  receivingAgency: string;
  /** Default: the receiving agency. */
  competentAgency?: string | null;
  /** An agency code or `post`; default: the receiving agency. */
  returnAt?: string | null;
}

/**
 * Checks the places chosen at intake and answers them complete. A merged agency receives
 * nothing (AGENCY_MERGED); the competent agency must be of the procedure's level (a
 * commune procedure is decided by a commune) and in the receiving center's province
 * (province-wide intake stops at the province); a return center too; with
 * `mc:intake="competent"` only the competent agency's own desk receives.
 */
export function checkIntake(
  directory: AgencyDirectory,
  model: Pick<ProcedureModel, 'level' | 'intake'>,
  choice: IntakeChoice,
): { competentAgency: string; returnAt: string } {
  const receiving = directory.require(choice.receivingAgency);
  assertActive(directory, receiving.code);
  const competent = directory.require(choice.competentAgency ?? receiving.code);
  assertActive(directory, competent.code);
  const province = directory.provinceOf(receiving.code);
  // Chosen explicitly, the competent agency is checked; left out, it is the receiving
  // agency as before the reform, whose steps reach the deciding level through `@parent`
  // and `kind:` (a commune desk receiving a district procedure).
  const chosen = choice.competentAgency != null && competent.code !== receiving.code;
  if (chosen && directory.provinceOf(competent.code) !== province) {
    throw new DomainError('AGENCY_NOT_ELIGIBLE.province', { agencyCode: competent.code }, { field: 'competentAgency', agencyCode: competent.code, province });
  }
  if (chosen && model.level && competent.level !== model.level) {
    throw new DomainError(
      'AGENCY_NOT_ELIGIBLE.level',
      { agencyCode: competent.code, level: model.level },
      { field: 'competentAgency', agencyCode: competent.code, level: competent.level, procedureLevel: model.level },
    );
  }
  if ((model.intake ?? 'province') === 'competent' && competent.code !== receiving.code) {
    throw new DomainError('WRONG_AGENCY.intake', { agencyCode: competent.code }, { field: 'competentAgency', agencyCode: competent.code });
  }
  const returnAt = choice.returnAt ?? receiving.code;
  if (returnAt !== RETURN_BY_POST && returnAt !== receiving.code) {
    const place = directory.require(returnAt);
    assertActive(directory, place.code);
    if (directory.provinceOf(place.code) !== province) {
      throw new DomainError('AGENCY_NOT_ELIGIBLE.province', { agencyCode: place.code }, { field: 'returnAt', agencyCode: place.code, province });
    }
  }
  return { competentAgency: competent.code, returnAt };
}

/** A merged agency stays readable but takes nothing new (AGENCY_MERGED, naming its successor). */
export function assertActive(directory: AgencyDirectory, code: string): void {
  const agency = directory.require(code);
  if (agency.mergedInto) {
    throw new DomainError('AGENCY_MERGED', { agencyCode: agency.code, into: directory.current(agency.code).code }, { agencyCode: agency.code, mergedInto: agency.mergedInto });
  }
}
