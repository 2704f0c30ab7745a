// The procedure's fields (`<mc:field>`) as the designer's panel edits them: one line per
// field, `key | name | type | required | options`, the options (a select's choices) last,
// separated by "|" as in the model, e.g.
//   ho_ten_tre | Họ, chữ đệm, tên của trẻ | text | bắt buộc
//   gioi_tinh | Giới tính | select | bắt buộc | Nam | Nữ
//    | Nơi sinh | text | không
// A line of a name alone is that name, text, optional.
// An empty key is derived from the name (keyFromName: "Nơi sinh" → `noi_sinh`, made unique
// with `_2`, `_3`): the officer never invents keys. Missing columns take the model's
// defaults (text, optional); the validator (engine/bpmn/fields.ts) judges what is written.
import { keyFromName } from './humanValues.js';

const REQUIRED = new Set(['yes', 'true', 'required', 'bắt buộc', 'bat buoc', 'có', 'co', 'x']);

export interface FieldLine {
  key: string;
  name: string;
  type: string;
  required: boolean;
  options: string[];
}

export function parseFieldLines(text: string): FieldLine[] {
  const taken = new Set<string>();
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      // A line without "|" is a name alone: the officer typed the label, the rest is default.
      const parts = line.includes('|') ? line.split('|').map((part) => part.trim()) : ['', line];
      const [key = '', name = '', type = '', required = '', ...options] = parts;
      return { key, name, type: type || 'text', required: REQUIRED.has(required.toLowerCase()), options: options.filter((o) => o !== '') };
    });
  for (const line of lines) if (line.key) taken.add(line.key);
  for (const line of lines) {
    if (line.key || !line.name) continue;
    const base = keyFromName(line.name);
    if (!base) continue;
    let key = base;
    for (let n = 2; taken.has(key); n++) key = `${base}_${n}`;
    taken.add(key);
    line.key = key;
  }
  return lines;
}

export function formatFieldLines(fields: readonly FieldLine[], requiredWord: string, optionalWord: string): string {
  return fields.map((f) => [f.key, f.name, f.type, f.required ? requiredWord : optionalWord, ...f.options].join(' | ')).join('\n');
}
