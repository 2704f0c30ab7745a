// `<mc:component>` in the process's extension elements (CONTRACT.md §6.2): read here as
// written (import.ts calls componentsOf), judged here (validate.ts calls
// componentProblems), so the one element has one home in engine/bpmn.
//
//   <bpmn:process id="khai_sinh" mc:timeLimit="P1D">
//     <bpmn:extensionElements>
//       <mc:component key="to-khai" name="Tờ khai đăng ký khai sinh" kind="original" copies="1" required="true"/>
//     </bpmn:extensionElements>

import type { ModdleElement } from 'bpmn-moddle';
import { COMPONENT_KEY_PATTERN, COMPONENT_KINDS, type ComponentKind, type DossierComponent } from '../model/components.js';
import { problem, type Problem } from '../model/problem.js';
import type { ProcedureModel } from '../model/procedure.js';

const text = (el: ModdleElement, attribute: string): string | null => {
  const value = el.get(attribute);
  if (typeof value === 'boolean' || typeof value === 'number') return String(value);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
};

/** The process's `<mc:component>` elements, in document order, attributes as written. */
export function componentsOf(process: ModdleElement): DossierComponent[] {
  const extensions = process.get('extensionElements') as ModdleElement | undefined;
  const values = extensions ? extensions.get('values') : undefined;
  if (!Array.isArray(values)) return [];
  return (values as ModdleElement[])
    .filter((el) => el.$type === 'mc:Component')
    .map((el) => {
      const copies = text(el, 'copies');
      const required = text(el, 'required');
      return {
        key: text(el, 'key') ?? '',
        name: (text(el, 'name') ?? '').replace(/\s+/g, ' '),
        kind: (text(el, 'kind') ?? 'original') as ComponentKind,
        // A component listed is required unless the model says otherwise (the procedure's
        // published list names the optional ones, "nếu có").
        copies: copies === null ? 1 : Number(copies),
        required: required === null ? true : required === 'true',
      };
    });
}

/** Everything wrong with the components of a model, each pinned to the process. */
export function componentProblems(model: ProcedureModel): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  const error = (code: string, vi: string, en: string) => problems.push(problem('error', code, model.key, vi, en));
  for (const [index, component] of (model.components ?? []).entries()) {
    const which = component.name || component.key || `#${index + 1}`;
    if (!COMPONENT_KEY_PATTERN.test(component.key)) {
      error(
        'INVALID_COMPONENT',
        `Thành phần hồ sơ "${which}" cần mc:key gồm chữ, số, "-", "_" hoặc "." (tối đa 64 ký tự).`,
        `Dossier component "${which}" needs a key of letters, digits, "-", "_" or "." (at most 64 characters).`,
      );
    } else if (seen.has(component.key)) {
      error('DUPLICATE_COMPONENT', `Hai thành phần hồ sơ cùng khoá "${component.key}".`, `Two dossier components share the key "${component.key}".`);
    }
    seen.add(component.key);
    if (component.name === '') {
      error('INVALID_COMPONENT', `Thành phần hồ sơ "${which}" chưa có tên.`, `Dossier component "${which}" has no name.`);
    }
    if (!(COMPONENT_KINDS as readonly string[]).includes(component.kind)) {
      error(
        'INVALID_COMPONENT',
        `Thành phần hồ sơ "${which}": loại "${component.kind}" không hợp lệ; chọn original, copy, certified-copy hoặc electronic.`,
        `Dossier component "${which}": kind "${component.kind}" is invalid; use original, copy, certified-copy or electronic.`,
      );
    }
    if (!Number.isInteger(component.copies) || component.copies < 1 || component.copies > 99) {
      error(
        'INVALID_COMPONENT',
        `Thành phần hồ sơ "${which}": số bản phải là số nguyên từ 1 đến 99.`,
        `Dossier component "${which}": copies must be a whole number from 1 to 99.`,
      );
    }
  }
  return problems;
}
