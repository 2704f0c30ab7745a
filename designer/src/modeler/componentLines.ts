// The dossier components (`<mc:component>`) as the designer's panel edits them: one line
// per component, `key | name | kind | copies | required`, e.g.
//   to-khai | Tờ khai đăng ký khai sinh | original | 1 | bắt buộc
//   uy-quyen | Văn bản ủy quyền (nếu có) | certified-copy | 1 | không
// Missing fields take the model's defaults (original, 1 copy, required); the validator
// (engine/bpmn/components.ts) judges what is written, so nothing is silently changed.
import type { DossierComponent } from '../../../engine/index.js';

const NOT_REQUIRED = new Set(['no', 'false', 'optional', 'không', 'khong', 'không bắt buộc', 'nếu có']);

export type ComponentLine = Omit<DossierComponent, 'kind' | 'copies'> & { kind: string; copies: string };

export function parseComponentLines(text: string): ComponentLine[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      const [key = '', name = '', kind = '', copies = '', required = ''] = line.split('|').map((part) => part.trim());
      return { key, name, kind: kind || 'original', copies: copies || '1', required: !NOT_REQUIRED.has(required.toLowerCase()) };
    });
}

export function formatComponentLines(components: ReadonlyArray<{ key: string; name: string; kind: string; copies: string | number; required: boolean }>, requiredWord: string, optionalWord: string): string {
  return components.map((c) => [c.key, c.name, c.kind, String(c.copies), c.required ? requiredWord : optionalWord].join(' | ')).join('\n');
}
