// The citizens' part of the API (issue 17; docs/contract.md "Citizens and the national
// portal") that the staff app and the filing page call: online filing, the desk's
// decision on it, fees at the desk. The lookup page's rating call lives in
// publicRating.ts, kept apart because that page must stay light.
import type { DossierRegisterPage, PaymentView, PublicProcedure, SubmissionAnswer, SubmissionBody } from '../../../contract/index.js';
import { query, request } from '../api/client.js';

export type { PaymentView, PublicProcedure, SubmissionAnswer, SubmissionBody };

const dossierPath = (id: string) => `/dossiers/${encodeURIComponent(id)}`;

export const citizensApi = {
  /** What may be filed online, with its fee, components and the agencies one may choose. */
  publicProcedures: () => request<PublicProcedure[]>('GET', '/public/procedures'),
  /** No login; the Idempotency-Key of the one client makes a retried press file once. */
  submit: (body: SubmissionBody) => request<SubmissionAnswer>('POST', '/public/submissions', body),

  /** Online filings waiting for the desk: the register filtered on `submitted`. */
  submitted: (limit = 50) => request<DossierRegisterPage>('GET', `/dossiers${query({ status: 'submitted', limit })}`),
  accept: (id: string) => request<unknown>('POST', `${dossierPath(id)}/accept`, {}),
  refuse: (id: string, reason: string) => request<unknown>('POST', `${dossierPath(id)}/refuse`, { reason }),

  payments: (id: string) => request<PaymentView[]>('GET', `${dossierPath(id)}/payments`),
  /** Cash is paid at once with an electronic receipt number; online asks the gateway for a pay link. */
  recordPayment: (id: string, amount: number, method: 'cash' | 'online') => request<PaymentView>('POST', `${dossierPath(id)}/payments`, { amount, method }),
  /** The printable receipt (biên lai điện tử) of a paid fee, as HTML. */
  receipt: (id: string, paymentId: string) =>
    request<string>('GET', `${dossierPath(id)}/payments/${encodeURIComponent(paymentId)}/receipt`, undefined, { text: true }),
};
