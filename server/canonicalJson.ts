// The one canonical JSON of the server: object keys sorted (by UTF-16 code unit),
// undefined members left out, no whitespace. Two values that mean the same thing give
// the same text, so the text can be hashed: an idempotent request's fingerprint
// (server/http/idempotency.ts), a history row's link in its dossier's hash chain
// (server/store/history.ts).
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
