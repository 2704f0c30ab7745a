// The citizen's lookup (CONTRACT.md §3, GET /public/dossiers/:code?secret=): no account,
// the printed dossier code and the short secret from the receipt (Mẫu 01) are the key.
// It answers where the dossier stands and nothing personal: no applicant data, no
// officer names, no history details (Decree 13/2023 on personal data: the minimum).
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Knex } from 'knex';
import { CLOSED_STATUSES, DomainError, type DossierState } from '../../engine/index.js';
import { statusLabel, verdictLabel } from '../forms/labels.js';
import { citizenExtras } from '../citizens/lookup.js';
import { canonicalSecret, codeSpellings, findDossierByCode, getAgency, getVersion, type LoadedDossier } from '../store/index.js';

export type { PublicDossier } from '../../contract/index.js';
import type { PublicDossier } from '../../contract/index.js';

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/**
 * Constant-time comparison: both sides hashed to the same length first, so neither the
 * content nor the length of the stored secret leaks through timing.
 */
export function sameSecret(given: string, stored: string): boolean {
  return timingSafeEqual(digest(given), digest(stored));
}

// Compared against when the code is unknown, so a wrong code costs the same as a wrong secret.
const DECOY_SECRET = 'decoy-secret-never-matches';

/** The same 404 whether the code or the secret is wrong: the answer must not tell which. */
const notFound = () => new DomainError('NOT_FOUND.lookup');

/** Is the citizen kept waiting past the date promised (DOMAIN.md, Late dossiers)? */
export function isOverdue(state: DossierState, now: Date): boolean {
  if (state.result) return state.result === 'late';
  if (CLOSED_STATUSES.includes(state.status)) return false;
  // Decree 61/2018 art. 19: the citizen's time with a supplement is not the agency's delay.
  if (state.pause) return false;
  return state.apologies.length > 0 || now.getTime() > new Date(state.appointmentAt).getTime();
}

/** The dossier a code and its secret name; the same 404 for a wrong code and a wrong secret. */
export async function findLookedUpDossier(knex: Knex, code: string, secret: string | undefined): Promise<LoadedDossier> {
  let loaded = null;
  for (const spelling of codeSpellings(code)) if ((loaded = await findDossierByCode(knex, spelling))) break;
  const matches = sameSecret(canonicalSecret(secret ?? ''), loaded?.row.lookupSecret ?? DECOY_SECRET);
  if (!loaded || !matches || secret === undefined) throw notFound();
  return loaded;
}

export async function lookUpDossier(knex: Knex, code: string, secret: string | undefined, now: Date): Promise<PublicDossier> {
  const { row, state } = await findLookedUpDossier(knex, code, secret);
  const [holding, receiving, version] = await Promise.all([
    getAgency(knex, row.holdingAgency),
    getAgency(knex, row.receivingAgency),
    getVersion(knex, row.procedureKey, row.procedureVersion),
  ]);
  const apology = state.apologies.at(-1) ?? null;
  // Issue 17: national status, refusal, payment waiting, rating (server/citizens/lookup.ts).
  const extras = await citizenExtras(knex, row.id, row.status, state);
  const steps = state.tasks.filter((t) => t.state === 'open').map((t) => t.name);
  const currentSteps = [...new Set(steps)];
  return {
    ...extras,
    code: row.code,
    status: row.status,
    statusLabel: statusLabel(row.status),
    procedureName: version?.model.name || row.procedureKey,
    currentStep: currentSteps.length > 0 ? currentSteps.join('; ') : null,
    currentSteps,
    agencyHolding: holding?.name ?? row.holdingAgency,
    receivedAt: row.receivedAt,
    appointmentAt: row.appointmentAt,
    result: row.result,
    resultLabel: row.result ? verdictLabel(row.result) : null,
    missing: state.pause ? [...state.pause.items] : [],
    overdue: isOverdue(state, now),
    apology: apology && {
      at: apology.at,
      reason: apology.reason,
      previousAppointmentAt: apology.previousAppointmentAt,
      newAppointmentAt: apology.newAppointmentAt,
    },
    supplement: state.pause && {
      requestedAt: state.pause.requestedAt,
      reason: state.pause.reason,
      items: [...state.pause.items],
      bringTo: receiving?.name ?? row.receivingAgency,
      bringBy: state.pause.bringBy ?? null,
    },
  };
}
