// Đăng ký khai tử (1.000656): a commune procedure resolved within the working day (15:00
// cutoff), received at any center of the province (mc:intake="province", Decree 118/2025)
// and decided by the competent commune (@competent); the demo province after the reform,
// real dates (test/procedures/sameDayCommune.ts). Reception asks for the deceased.
import { expect, it } from 'vitest';
import { QN_CAM_THANH } from '../../server/seed/quangNgai2025.js';
import { sameDayCommuneSuite } from './sameDayCommune.js';
import { DossierRun, reformContext } from './support.js';

// The deceased, as the desk types them (`<mc:field>`: both required on receipt).
const DECEASED = { fields: { ho_ten_nguoi_chet: 'Nguyễn Văn Bảy', ngay_chet: '2026-11-10' } };

sameDayCommuneSuite(
  { file: 'dang-ky-khai-tu.bpmn', title: 'đăng ký khai tử', key: 'dang_ky_khai_tu', code: '1.000656', approve: 'register', data: DECEASED },
  (procedure) => {
    it('asks at reception for the deceased’s name and date of death, both required', () => {
      expect(procedure().model.fields?.map((f) => [f.key, f.type, f.required])).toEqual([
        ['ho_ten_nguoi_chet', 'text', true],
        ['ngay_chet', 'date', true],
      ]);
      expect(() => DossierRun.receive(reformContext(), procedure(), { at: '2026-11-12 09:00', agency: QN_CAM_THANH, by: 'camthanh.reception' })).toThrow(
        /Ngày, tháng, năm chết/,
      );
    });
  },
);
