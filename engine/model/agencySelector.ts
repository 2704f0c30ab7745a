// `mc:agency` text ↔ selector: part of the model's vocabulary, read by the importer
// and resolved against the agency tree by engine/dossier/agencies.ts.
import type { AgencySelector } from './procedure.js';

/**
 * An agency code: Decision 20/2020/QĐ-TTg codes look like `000.00.23.H40`; other schemes
 * (a ministry's own) exist, so only the characters are checked, not the shape.
 */
export const AGENCY_CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** An agency kind (`tax`, `land-office`, `people-committee` …): what `kind:<kind>` matches. */
export const AGENCY_KIND_PATTERN = /^[a-z][a-z0-9-]{0,63}$/;

/** Whether `mc:agency` text names something an agency tree can have (empty = @receiving). */
export function isValidAgencySelector(text: string | null | undefined): boolean {
  const selector = parseAgencySelector(text);
  if (selector.kind === 'ofKind') return AGENCY_KIND_PATTERN.test(selector.agencyKind);
  if (selector.kind === 'exact') return AGENCY_CODE_PATTERN.test(selector.code);
  return true;
}

/** `mc:agency` text ↔ selector. Unknown shapes are exact agency codes. */
export function parseAgencySelector(text: string | null | undefined): AgencySelector {
  const value = (text ?? '').trim();
  if (value === '' || value === '@receiving') return { kind: 'receiving' };
  if (value === '@competent') return { kind: 'competent' };
  if (value === '@parent') return { kind: 'parent' };
  if (value.startsWith('kind:')) return { kind: 'ofKind', agencyKind: value.slice('kind:'.length) };
  return { kind: 'exact', code: value };
}

export function formatAgencySelector(selector: AgencySelector): string {
  switch (selector.kind) {
    case 'receiving':
      return '@receiving';
    case 'competent':
      return '@competent';
    case 'parent':
      return '@parent';
    case 'ofKind':
      return `kind:${selector.agencyKind}`;
    case 'exact':
      return selector.code;
  }
}
