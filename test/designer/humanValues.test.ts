// What the designer shows an officer instead of BPMN ids, ISO durations and ASCII keys
// (issue 20): designer/src/modeler/humanValues.ts.
import { describe, expect, it } from 'vitest';
import { durationText, flowLabel, keyFromName } from '../../designer/src/modeler/humanValues.js';

describe('keys derived from Vietnamese names', () => {
  it('drops the diacritics, writes đ as d and joins the words with "_"', () => {
    expect(keyFromName('Đăng ký giám hộ')).toBe('dang_ky_giam_ho');
    expect(keyFromName('Chứng thực bản sao từ bản chính giấy tờ, văn bản')).toBe('chung_thuc_ban_sao_tu_ban_chinh_giay_to_van_ban');
    expect(keyFromName('Trả lại')).toBe('tra_lai');
    expect(keyFromName('  Đồng ý!  ')).toBe('dong_y');
  });

  it('starts with a letter (an XML name) and is empty for a name without letters', () => {
    expect(keyFromName('2 bản sao')).toBe('k_2_ban_sao');
    expect(keyFromName('—')).toBe('');
  });
});

describe('durations as officers say them', () => {
  it('writes working days with a decimal comma in Vietnamese: "2 ngày → 1,5 ngày", never P1.5D', () => {
    expect(`${durationText('P2D', 'vi')} → ${durationText('P1.5D', 'vi')}`).toBe('2 ngày → 1,5 ngày');
    expect(durationText('PT4H', 'vi')).toBe('4 giờ');
    expect(durationText('PT30M', 'vi')).toBe('30 phút');
    expect(durationText('P1D', 'en')).toBe('1 day');
    expect(durationText('P0.5D', 'en')).toBe('0.5 days');
    expect(durationText(null, 'vi')).toBe('—');
  });

  it('names a flow by its two ends', () => {
    expect(flowLabel('Thẩm định hồ sơ', 'Trưởng phòng phê duyệt')).toBe('Thẩm định hồ sơ → Trưởng phòng phê duyệt');
  });
});
