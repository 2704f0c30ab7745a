// The citizen's lookup call, on its own: the lookup page is its own small entry
// (lookup.html, issue 20 — under 1.5 s on a 3G phone), so it must not pull in the staff
// app's API client, its request schemas or its session.
import type { PublicDossier } from '../../../contract/index.js';

/** A refusal of the lookup: 404 (wrong code or secret, the same answer), 429 (too many), or another status. */
export class LookupError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly messageKey: string,
  ) {
    super(code);
    this.name = 'LookupError';
  }
}

export async function lookUpDossier(code: string, secret: string): Promise<PublicDossier> {
  const res = await fetch(`/api/public/dossiers/${encodeURIComponent(code)}?secret=${encodeURIComponent(secret)}`, {
    headers: { Accept: 'application/json' },
  });
  if (res.ok) return (await res.json()) as PublicDossier;
  const body = (await res.json().catch(() => null)) as { error?: { code?: string; messageKey?: string } } | null;
  throw new LookupError(res.status, body?.error?.code ?? 'INTERNAL', body?.error?.messageKey ?? body?.error?.code ?? 'INTERNAL');
}
