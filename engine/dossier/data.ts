// The bounds of a dossier's `data` (what reception and each completed step hand in). A
// value nested thousands deep is a few kilobytes of JSON, yet every later copy of the
// state (structuredClone in the draft) and every save would throw on it — the dossier
// could then never move again, and its scheduled work would fail at every pass. Refused
// at the door instead, with INVALID_DATA.
//
// A procedure with fields (`<mc:field>`, engine/model/fields.ts) is also checked here on
// receipt: `data.fields` holds their values by key, a required one given and each of its
// type; every wrong field is named in the error's details (`body.data.fields.<key>`).

import { DomainError } from '../errors.js';
import { domainMessage, type CodedMessage } from '../messages.js';
import { MAX_FIELD_TEXT, fieldValueProblem, type DossierField } from '../model/fields.js';

/** Nesting of objects and arrays inside `data` (`{a: [1]}` is 2 deep). */
export const MAX_DATA_DEPTH = 32;
/** `data` handed in by one action, as JSON text (UTF-16 code units, close enough to bytes for a bound). */
export const MAX_DATA_CHARS = 256 * 1024;

/** Deeper than `limit`? Stops descending at the limit, so a bomb costs no stack. */
export function deeperThan(value: unknown, limit: number): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (limit <= 0) return true;
  const children = Array.isArray(value) ? value : Object.values(value as Record<string, unknown>);
  for (const child of children) if (deeperThan(child, limit - 1)) return true;
  return false;
}

/** Throws INVALID_DATA when `data` is nested deeper than MAX_DATA_DEPTH or larger than MAX_DATA_CHARS. */
export function checkDossierData(data: unknown): void {
  if (data === undefined || data === null) return;
  if (deeperThan(data, MAX_DATA_DEPTH)) {
    throw new DomainError('INVALID_DATA.tooDeep', { max: MAX_DATA_DEPTH }, { maxDepth: MAX_DATA_DEPTH });
  }
  const size = JSON.stringify(data)?.length ?? 0;
  if (size > MAX_DATA_CHARS) {
    throw new DomainError('INVALID_DATA.tooLarge', { max: MAX_DATA_CHARS }, { maxChars: MAX_DATA_CHARS });
  }
}

/** A field of `data.fields` that does not fit the procedure: where, and why in both languages. */
export interface DataFieldProblem extends CodedMessage {
  field: string;
}

/** What is wrong with `data.fields` for the procedure's fields, one item per field (none: it fits). */
export function dataFieldProblems(fields: readonly DossierField[] | undefined, data: Record<string, unknown> | undefined): DataFieldProblem[] {
  // A model without fields takes `data` as before.
  if (!fields || fields.length === 0) return [];
  const given = data?.fields;
  if (given !== undefined && given !== null && (typeof given !== 'object' || Array.isArray(given))) {
    return [{ field: 'body.data.fields', ...domainMessage('INVALID_DATA.fields') }];
  }
  const values = (given ?? {}) as Record<string, unknown>;
  const at = (key: string) => `body.data.fields.${key}`;
  const problems: DataFieldProblem[] = [];
  for (const field of fields) {
    const name = field.name || field.key;
    switch (fieldValueProblem(field, values[field.key])) {
      case 'required':
        problems.push({ field: at(field.key), ...domainMessage('INVALID_DATA.fieldRequired', { name }) });
        break;
      case 'text':
        problems.push({ field: at(field.key), ...domainMessage('INVALID_DATA.fieldText', { name, max: MAX_FIELD_TEXT }) });
        break;
      case 'date':
        problems.push({ field: at(field.key), ...domainMessage('INVALID_DATA.fieldDate', { name }) });
        break;
      case 'number':
        problems.push({ field: at(field.key), ...domainMessage('INVALID_DATA.fieldNumber', { name }) });
        break;
      case 'option':
        problems.push({ field: at(field.key), ...domainMessage('INVALID_DATA.fieldOption', { name, options: field.options.join(', ') }) });
        break;
      default:
        break;
    }
  }
  const known = new Set(fields.map((f) => f.key));
  for (const key of Object.keys(values)) {
    if (!known.has(key)) problems.push({ field: at(key), ...domainMessage('INVALID_DATA.fieldUnknown', { key }) });
  }
  return problems;
}

/**
 * Throws INVALID_DATA when `data.fields` does not fit the procedure's fields: the message
 * names the fields, the details say what is wrong with each (one item per field).
 */
export function checkDossierFields(fields: readonly DossierField[] | undefined, data: Record<string, unknown> | undefined): void {
  const problems = dataFieldProblems(fields, data);
  if (problems.length === 0) return;
  const names = problems.map((p) => String(p.params.name ?? p.params.key ?? 'data.fields')).join('; ');
  throw new DomainError('INVALID_DATA.fieldsWrong', { names }, problems);
}
