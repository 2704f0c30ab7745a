// `mc:agency` text ↔ selector: part of the model's vocabulary, read by the importer
// and resolved against the agency tree by engine/dossier/agencies.ts.
import type { AgencySelector } from './procedure.js';

/** `mc:agency` text ↔ selector. Unknown shapes are exact agency codes. */
export function parseAgencySelector(text: string | null | undefined): AgencySelector {
  const value = (text ?? '').trim();
  if (value === '' || value === '@receiving') return { kind: 'receiving' };
  if (value === '@parent') return { kind: 'parent' };
  if (value.startsWith('kind:')) return { kind: 'ofKind', agencyKind: value.slice('kind:'.length) };
  return { kind: 'exact', code: value };
}

export function formatAgencySelector(selector: AgencySelector): string {
  switch (selector.kind) {
    case 'receiving':
      return '@receiving';
    case 'parent':
      return '@parent';
    case 'ofKind':
      return `kind:${selector.agencyKind}`;
    case 'exact':
      return selector.code;
  }
}
