// Đăng ký kết hôn (1.000894): a commune procedure resolved within the working day (15:00
// cutoff), received at any center of the province (mc:intake="province", Decree 118/2025)
// and decided by the competent commune (@competent); the demo province after the reform,
// real dates (test/procedures/sameDayCommune.ts).
import { sameDayCommuneSuite } from './sameDayCommune.js';

sameDayCommuneSuite({ file: 'dang-ky-ket-hon.bpmn', title: 'đăng ký kết hôn', key: 'dang_ky_ket_hon', code: '1.000894', approve: 'register' });
