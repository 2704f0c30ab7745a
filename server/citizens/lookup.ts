// What the citizen's lookup shows of issue 17: the national status (6 while a requested
// fee waits), why a filing was refused, an online payment waiting with its link, the
// rating given or whether one may be given.
import type { Knex } from 'knex';
import { NATIONAL_STATUSES, nationalStatusWhile, type DossierState, type DossierStatus } from '../../engine/index.js';
import type { CitizenLookupExtras } from '../../contract/index.js';
import { getRating, paymentsOf } from '../store/citizens.js';

export async function citizenExtras(knex: Knex, dossierId: string, status: DossierStatus, state: DossierState): Promise<CitizenLookupExtras> {
  const [payments, rating] = await Promise.all([paymentsOf(knex, dossierId), getRating(knex, dossierId)]);
  const pending = payments.find((p) => p.status === 'pending' && p.method === 'online') ?? null;
  const national = nationalStatusWhile(status, pending !== null);
  return {
    nationalStatus: national,
    nationalStatusLabel: NATIONAL_STATUSES[national].vi,
    refusal: status === 'refused' && state.rejection ? { at: state.rejection.at, reason: state.rejection.reason } : null,
    payment: pending ? { amount: pending.amount, payUrl: pending.payUrl } : null,
    rating: rating ? { score: rating.score, comment: rating.comment, ratedAt: rating.ratedAt } : null,
    canRate: status === 'returned' && rating === null,
  };
}
