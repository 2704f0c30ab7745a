// What the citizens' side and the integrations of issue 17 answer (docs/contract.md,
// "Citizens and the national portal").

/** GET /public/procedures: what a citizen may file online, with where. */
export interface PublicProcedure {
  key: string;
  code: string | null;
  name: string;
  level: string | null;
  timeLimit: string | null;
  /** `mc:fee` in đồng; null when the procedure states none. */
  fee: number | null;
  components: Array<{ key: string; name: string; kind: string; copies: number; required: boolean }>;
  /** Agencies that may be chosen as competent (the procedure's level, not merged). */
  agencies: Array<{ code: string; name: string }>;
}

/** POST /public/submissions → 201. */
export interface SubmissionAnswer {
  id: string;
  code: string;
  lookupSecret: string;
  status: 'submitted';
  submittedAt: string;
}

/** What the citizen's lookup adds (GET /public/dossiers/:code?secret=). */
export interface CitizenLookupExtras {
  /** 1–10 (DOMAIN.md); 6 while a requested fee waits to be paid. */
  nationalStatus: number;
  nationalStatusLabel: string;
  /** The reason a filing was not accepted (status `refused`). */
  refusal: { at: string; reason: string } | null;
  /** An online payment waiting: what to pay and where. */
  payment: { amount: number; payUrl: string | null } | null;
  /** The citizen's rating, once given. */
  rating: { score: 1 | 2 | 3; comment: string | null; ratedAt: string } | null;
  /** Returned and not rated yet. */
  canRate: boolean;
}

export interface WebhookView {
  id: string;
  url: string;
  events: string[];
  portal: boolean;
  active: boolean;
  createdBy: string;
  createdAt: string;
  /** The secret is never answered back; only that one is set. */
  hasSecret: true;
}

/**
 * A payment's life: `pending` until the gateway's callback says `paid` or `failed`;
 * `cancelled` when the citizen paid at the desk in cash what an online request asked.
 */
export const PAYMENT_STATUSES = ['pending', 'paid', 'failed', 'cancelled'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

export interface PaymentView {
  id: string;
  dossierId: string;
  amount: number;
  method: 'cash' | 'online';
  status: PaymentStatus;
  receiptNumber: string | null;
  payUrl: string | null;
  createdAt: string;
  paidAt: string | null;
}

export interface RatingsReport {
  total: number;
  average: number | null;
  byScore: { 1: number; 2: number; 3: number };
  perAgency: Array<{ agencyCode: string; name: string; count: number; average: number; notSatisfied: number }>;
  perOfficer: Array<{ username: string; fullName: string | null; count: number; average: number; notSatisfied: number }>;
  recent: Array<{ dossierCode: string; agencyCode: string; score: 1 | 2 | 3; comment: string | null; ratedAt: string }>;
}
