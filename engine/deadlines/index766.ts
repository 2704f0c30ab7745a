// The Decision 766/QĐ-TTg (2022) service-quality index: a dossier's "on time" by the
// index's rule, and the points of a metric. Pure: the server's SQL (server/store/
// index766.ts) counts a million dossiers with the same rule, and a test holds the two
// together on crafted dossiers.
//
// What differs from the agency's own verdict (verdict.ts, the reporting form):
// - a dossier is judged when it is *finished* — the first of "done" (the result is ready,
//   national status 9), returned (10), or stopped otherwise (rejected, refused,
//   withdrawn) — not when the citizen collects the result;
// - more than `maxSupplementRequests` supplement requests make it late, whatever the dates;
// - an open dossier is judged at the end of the period (the real-time index looks at it
//   then), so it counts in every period it is open, on time until its due instant passes;
// - supplement time is excluded: the due instant is the first appointment moved later by
//   the working time of each supplement pause (Decree 61/2018 art. 19), a pause still open
//   at the judging instant counted up to it.
// Sources: the groups and the ">1 supplement request" rule as DOMAIN.md transcribes the
// decision; the per-dossier reading above is MộtCửa's (policy below, configurable).
import type { WorkingCalendar } from '../calendar/index.js';
import type { DayCount } from '../model/procedure.js';
import { pausedTime, shiftByPause } from './pause.js';

export interface Index766Policy {
  /** Supplement requests a dossier may have and still be on time (the index: more than one is late). */
  maxSupplementRequests: number;
  /** An apology slip (Mẫu 04) makes the dossier late, as in the agency's own verdict. Policy default. */
  apologyIsLate: boolean;
}

export const DEFAULT_INDEX766_POLICY: Index766Policy = { maxSupplementRequests: 1, apologyIsLate: true };

export interface Index766Supplement {
  requestedAt: string;
  /** When the citizen brought the papers; null while the pause is open. */
  supplementedAt: string | null;
}

export interface Index766Facts {
  /** The appointment computed at receipt, before any supplement or apology moved it. */
  originalAppointmentAt: string;
  dayCount?: DayCount;
  supplements: readonly Index766Supplement[];
  /** Instants of apology slips (Mẫu 04). */
  apologies: readonly string[];
  /** First of resolved (result ready), returned and closed otherwise; null while open. */
  finishedAt: string | null;
}

export type Index766LateReason = 'supplements' | 'apology' | 'finishedLate' | 'overdue';

export interface Index766Judgement {
  onTime: boolean;
  /** Why it is late; null when on time. */
  reason: Index766LateReason | null;
  /** Where it was judged: its finishing instant, or the end of the period while open. */
  judgedAt: string;
  /** The due instant with supplement time excluded, as of `judgedAt`. */
  dueAt: string;
}

/** "Finished" for the index: the first of result ready, returned, closed otherwise. */
export function index766FinishedAt(d: { resolvedAt: string | null; returnedAt: string | null; closedAt: string | null }): string | null {
  const all = [d.resolvedAt, d.returnedAt, d.closedAt].filter((x): x is string => x !== null);
  if (all.length === 0) return null;
  return all.reduce((a, b) => (new Date(a).getTime() <= new Date(b).getTime() ? a : b));
}

/** The due instant as of `until`: the first appointment moved by every pause (an open one counted up to `until`). */
export function index766DueAt(cal: WorkingCalendar, facts: Index766Facts, until: Date): Date {
  const dayCount = facts.dayCount ?? 'working';
  let due = new Date(facts.originalAppointmentAt);
  for (const s of facts.supplements) {
    const since = new Date(s.requestedAt);
    if (since.getTime() >= until.getTime()) continue;
    const end = s.supplementedAt && new Date(s.supplementedAt).getTime() < until.getTime() ? new Date(s.supplementedAt) : until;
    const minutes = Math.round(pausedTime(cal, since, end, dayCount));
    due = shiftByPause(cal, due, minutes, dayCount);
  }
  return due;
}

/**
 * On time by the index's rule, for a period ending at `periodEnd` (exclusive). Call it for
 * dossiers the period counts: finished in it, or received before its end and still open.
 */
export function judgeIndex766(
  cal: WorkingCalendar,
  facts: Index766Facts,
  periodEnd: Date,
  policy: Index766Policy = DEFAULT_INDEX766_POLICY,
): Index766Judgement {
  const finished = facts.finishedAt !== null && new Date(facts.finishedAt).getTime() < periodEnd.getTime();
  const judgedAt = finished ? new Date(facts.finishedAt!) : periodEnd;
  const before = (iso: string) => new Date(iso).getTime() < judgedAt.getTime();
  const dueAt = index766DueAt(cal, facts, judgedAt);
  const out = (reason: Index766LateReason | null): Index766Judgement => ({
    onTime: reason === null,
    reason,
    judgedAt: judgedAt.toISOString(),
    dueAt: dueAt.toISOString(),
  });
  if (facts.supplements.filter((s) => before(s.requestedAt)).length > policy.maxSupplementRequests) return out('supplements');
  if (policy.apologyIsLate && facts.apologies.some(before)) return out('apology');
  if (judgedAt.getTime() > dueAt.getTime()) return out(finished ? 'finishedLate' : 'overdue');
  return out(null);
}

// ─── points ──────────────────────────────────────────────────────────────────

export const INDEX766_METRICS = ['onTime', 'synced', 'online', 'payment', 'digitisation', 'satisfaction'] as const;
export type Index766Metric = (typeof INDEX766_METRICS)[number];

/**
 * Maximum points of each metric MộtCửa computes. The groups' maxima are those the national
 * portal publishes (satisfaction 18, digitisation 22, online services 12, online payment
 * 10 — see docs/contract.md §index766 for the sources); on time 20 and synced 6 are the
 * transcription in DOMAIN.md, not verified. Configurable: a province that scores otherwise
 * passes its own.
 */
export const DEFAULT_INDEX766_WEIGHTS: Readonly<Record<Index766Metric, number>> = {
  onTime: 20,
  synced: 6,
  online: 12,
  payment: 10,
  digitisation: 22,
  satisfaction: 18,
};

/** Points of a ratio metric: its maximum times the ratio, two decimals; null with nothing to judge. */
export function index766Points(max: number, numerator: number, denominator: number): number | null {
  if (denominator <= 0) return null;
  return Math.round((max * numerator * 100) / denominator) / 100;
}
