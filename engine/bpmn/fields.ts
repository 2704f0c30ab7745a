// `<mc:field>` in the process's extension elements (docs/contract.md §2.1): the
// procedure-specific fields reception asks for, read here as written (import.ts calls
// fieldsOf), judged here (validate.ts calls fieldProblems), so the one element has one
// home in engine/bpmn — as `<mc:component>` has in components.ts.
//
//   <bpmn:process id="dang_ky_khai_sinh" mc:timeLimit="P0D">
//     <bpmn:extensionElements>
//       <mc:field key="ho_ten_tre" name="Họ, chữ đệm, tên của trẻ" type="text" required="true"/>
//       <mc:field key="gioi_tinh" name="Giới tính" type="select" required="true" options="Nam|Nữ"/>
//     </bpmn:extensionElements>

import type { ModdleElement } from 'bpmn-moddle';
import { FIELD_KEY_PATTERN, FIELD_TYPES, type DossierField, type FieldType } from '../model/fields.js';
import { problem, type Problem } from '../model/problem.js';
import type { ProcedureModel } from '../model/procedure.js';

const text = (el: ModdleElement, attribute: string): string | null => {
  const value = el.get(attribute);
  if (typeof value === 'boolean' || typeof value === 'number') return String(value);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
};

/** `a|b|c` → `['a', 'b', 'c']`, each trimmed, blanks dropped. */
export const splitOptions = (options: string | null): string[] =>
  (options ?? '').split('|').map((o) => o.replace(/\s+/g, ' ').trim()).filter((o) => o !== '');

/** The process's `<mc:field>` elements, in document order, attributes as written. */
export function fieldsOf(process: ModdleElement): DossierField[] {
  const extensions = process.get('extensionElements') as ModdleElement | undefined;
  const values = extensions ? extensions.get('values') : undefined;
  if (!Array.isArray(values)) return [];
  return (values as ModdleElement[])
    .filter((el) => el.$type === 'mc:Field')
    .map((el) => {
      const required = text(el, 'required');
      return {
        key: text(el, 'key') ?? '',
        name: (text(el, 'name') ?? '').replace(/\s+/g, ' '),
        type: (text(el, 'type') ?? 'text') as FieldType,
        // A field is optional unless the model says it is required (most forms have a few).
        required: required === 'true',
        options: splitOptions(text(el, 'options')),
      };
    });
}

/** Everything wrong with the fields of a model, each pinned to the process. */
export function fieldProblems(model: ProcedureModel): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  const error = (code: string, vi: string, en: string) => problems.push(problem('error', code, model.key, vi, en));
  for (const [index, field] of (model.fields ?? []).entries()) {
    const which = field.name || field.key || `#${index + 1}`;
    if (!FIELD_KEY_PATTERN.test(field.key)) {
      error(
        'INVALID_FIELD',
        `Trường thông tin "${which}" cần mc:key gồm chữ, số, "-", "_" hoặc "." (tối đa 64 ký tự).`,
        `Field "${which}" needs a key of letters, digits, "-", "_" or "." (at most 64 characters).`,
      );
    } else if (seen.has(field.key)) {
      error('DUPLICATE_FIELD', `Hai trường thông tin cùng khoá "${field.key}".`, `Two fields share the key "${field.key}".`);
    }
    seen.add(field.key);
    if (field.name === '') {
      error('INVALID_FIELD', `Trường thông tin "${which}" chưa có tên.`, `Field "${which}" has no name.`);
    }
    if (!(FIELD_TYPES as readonly string[]).includes(field.type)) {
      error(
        'INVALID_FIELD',
        `Trường thông tin "${which}": kiểu "${field.type}" không hợp lệ; chọn text, date, number hoặc select.`,
        `Field "${which}": type "${field.type}" is invalid; use text, date, number or select.`,
      );
    } else if (field.type === 'select' && field.options.length === 0) {
      error(
        'INVALID_FIELD',
        `Trường thông tin "${which}" là danh sách chọn nhưng chưa có lựa chọn (options="a|b").`,
        `Field "${which}" is a select with no options (options="a|b").`,
      );
    } else if (field.type !== 'select' && field.options.length > 0) {
      problems.push(
        problem(
          'warning',
          'IGNORED_ATTRIBUTE',
          model.key,
          `Trường thông tin "${which}": options chỉ dùng cho kiểu select, bị bỏ qua.`,
          `Field "${which}": options apply to a select only and are ignored.`,
        ),
      );
    }
    if (new Set(field.options).size !== field.options.length) {
      error('INVALID_FIELD', `Trường thông tin "${which}" có lựa chọn trùng nhau.`, `Field "${which}" repeats an option.`);
    }
  }
  return problems;
}
