// The designer's panel edits the procedure's fields one a line: `key | name | type | required | options`.
import { describe, expect, it } from 'vitest';
import { formatFieldLines, parseFieldLines } from '../../designer/src/modeler/fieldLines.js';

describe('procedure fields as panel lines', () => {
  it('reads the birth registration’s child, the options last, keys derived from names when left empty', () => {
    expect(parseFieldLines('ho_ten_tre | Họ, chữ đệm, tên của trẻ | text | bắt buộc\n\n | Ngày sinh | date | bắt buộc\ngioi_tinh | Giới tính | select | bắt buộc | Nam | Nữ\n | Nơi sinh\n | Nơi sinh | text | không\nGhi chú của cán bộ')).toEqual([
      { key: 'ho_ten_tre', name: 'Họ, chữ đệm, tên của trẻ', type: 'text', required: true, options: [] },
      { key: 'ngay_sinh', name: 'Ngày sinh', type: 'date', required: true, options: [] },
      { key: 'gioi_tinh', name: 'Giới tính', type: 'select', required: true, options: ['Nam', 'Nữ'] },
      { key: 'noi_sinh', name: 'Nơi sinh', type: 'text', required: false, options: [] },
      { key: 'noi_sinh_2', name: 'Nơi sinh', type: 'text', required: false, options: [] },
      { key: 'ghi_chu_cua_can_bo', name: 'Ghi chú của cán bộ', type: 'text', required: false, options: [] },
    ]);
  });

  it('writes back what it reads', () => {
    const text = 'ho_ten_tre | Họ tên trẻ | text | bắt buộc\ngioi_tinh | Giới tính | select | bắt buộc | Nam | Nữ\nghi_chu | Ghi chú | text | không';
    expect(formatFieldLines(parseFieldLines(text), 'bắt buộc', 'không')).toBe(text);
  });
});
