// The procedure-specific fields (trường thông tin riêng) a procedure asks for at reception:
// a birth registration's child (full name, date of birth, sex, place of birth), a death
// registration's deceased. The model holds them (`<mc:field>` in the process's extension
// elements, docs/contract.md §2.1, read and judged in engine/bpmn/fields.ts); reception
// sends their values in `data.fields`, checked on receipt here (fieldValueProblem, called
// by engine/dossier/data.ts); the dossier page and the receipt show them with their names.

/** What a field holds: free text, a calendar date (`YYYY-MM-DD`), a number, one of a list. */
export const FIELD_TYPES = ['text', 'date', 'number', 'select'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export interface DossierField {
  /** Stable key, unique in the procedure: `data.fields[key]` holds the value. */
  key: string;
  /** The label, in Vietnamese as the procedure's form words it ("Họ, chữ đệm, tên của trẻ"). */
  name: string;
  /** As written in the model; validation reports a value outside FIELD_TYPES. */
  type: FieldType;
  required: boolean;
  /** The choices of a `select` field, in model order (empty for the other types). */
  options: string[];
}

/** A field key: letters, digits, `-`, `_`, `.` (what `data.fields` names the value by). */
export const FIELD_KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** Longest text value accepted (a place of birth with its full address fits). */
export const MAX_FIELD_TEXT = 500;

/** Why a value does not fit its field: nothing given for a required one, or the wrong kind of value. */
export type FieldValueProblem = 'required' | 'text' | 'date' | 'number' | 'option';

/** A value the desk left empty: absent, null or blank text. */
export const isEmptyFieldValue = (value: unknown): boolean =>
  value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date written `YYYY-MM-DD` (no 30 February). */
export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** What is wrong with `value` for `field`, or null when it fits (an empty optional field fits). */
export function fieldValueProblem(field: DossierField, value: unknown): FieldValueProblem | null {
  if (isEmptyFieldValue(value)) return field.required ? 'required' : null;
  switch (field.type) {
    case 'date':
      return typeof value === 'string' && isIsoDate(value.trim()) ? null : 'date';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? null : 'number';
    case 'select':
      return typeof value === 'string' && field.options.includes(value.trim()) ? null : 'option';
    default:
      return typeof value === 'string' && value.length <= MAX_FIELD_TEXT ? null : 'text';
  }
}

/** A value as a page or a paper shows it: a date `02/11/2026`, a number or text as given. */
export function fieldValueText(field: DossierField, value: unknown): string {
  if (isEmptyFieldValue(value)) return '';
  if (field.type === 'date' && typeof value === 'string' && isIsoDate(value.trim())) {
    const [year, month, day] = value.trim().split('-');
    return `${day}/${month}/${year}`;
  }
  return typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : JSON.stringify(value);
}

/** The fields of `data.fields` that were filled in, in model order, each with its shown value. */
export function filledFields(fields: readonly DossierField[] | undefined, data: Record<string, unknown> | null | undefined): Array<{ field: DossierField; text: string }> {
  const given = data?.fields;
  if (!fields || !given || typeof given !== 'object' || Array.isArray(given)) return [];
  const values = given as Record<string, unknown>;
  return fields.map((field) => ({ field, text: fieldValueText(field, values[field.key]) })).filter((f) => f.text !== '');
}
