// The citizen's rating from the lookup page (POST /public/dossiers/:code/rating?secret=).
// A plain fetch, like the lookup's own call: the lookup page is its own small entry and
// must not pull in the staff app's client. A refusal carries the catalogue's words
// (messageKey, params) for designer/src/i18n/errors.ts.
import type { RatingBody } from '../../../contract/requests.js';

export type RatingScore = 1 | 2 | 3;
export const RATING_SCORES: readonly RatingScore[] = [1, 2, 3];

export interface Rating {
  score: RatingScore;
  comment: string | null;
  ratedAt: string;
}

export class RatingRefused extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly messageEn: string | undefined,
    readonly messageKey: string | undefined,
    readonly params: unknown,
  ) {
    super(message);
    this.name = 'RatingRefused';
  }
}

export async function rateDossier(code: string, secret: string, body: RatingBody): Promise<Rating> {
  const res = await fetch(`/api/public/dossiers/${encodeURIComponent(code)}/rating?secret=${encodeURIComponent(secret)}`, {
    method: 'POST',
    headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.ok) return (await res.json()) as Rating;
  const e = ((await res.json().catch(() => null)) as { error?: { code?: string; message?: string; messageEn?: string; messageKey?: string; params?: unknown } } | null)?.error ?? {};
  throw new RatingRefused(res.status, e.code ?? `HTTP_${res.status}`, e.message ?? res.statusText, e.messageEn, e.messageKey ?? e.code, e.params);
}
