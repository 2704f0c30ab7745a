// The designer's panel edits the dossier components one a line: `key | name | kind | copies | required`.
import { describe, expect, it } from 'vitest';
import { formatComponentLines, parseComponentLines } from '../../designer/src/modeler/componentLines.js';

describe('dossier components as panel lines', () => {
  it('reads the birth registration lines, defaults for what is left out, "không" for an optional one', () => {
    expect(parseComponentLines('to-khai | Tờ khai đăng ký khai sinh | original | 1 | bắt buộc\n\n giay-chung-sinh | Giấy chứng sinh \nuy-quyen | Văn bản ủy quyền (nếu có) | certified-copy | 1 | không')).toEqual([
      { key: 'to-khai', name: 'Tờ khai đăng ký khai sinh', kind: 'original', copies: '1', required: true },
      { key: 'giay-chung-sinh', name: 'Giấy chứng sinh', kind: 'original', copies: '1', required: true },
      { key: 'uy-quyen', name: 'Văn bản ủy quyền (nếu có)', kind: 'certified-copy', copies: '1', required: false },
    ]);
  });

  it('writes back what it reads', () => {
    const text = 'to-khai | Tờ khai | original | 1 | bắt buộc\nuy-quyen | Ủy quyền | copy | 2 | không';
    expect(formatComponentLines(parseComponentLines(text), 'bắt buộc', 'không')).toBe(text);
  });
});
