// Chứng thực bản sao từ bản chính (2.000815): a commune procedure resolved within the
// working day (15:00 cutoff), received at any center of the province (mc:intake="province",
// Decree 118/2025) and decided by the competent commune (@competent); the demo province
// after the reform, real dates (test/procedures/sameDayCommune.ts).
import { sameDayCommuneSuite } from './sameDayCommune.js';

sameDayCommuneSuite({ file: 'chung-thuc-ban-sao.bpmn', title: 'chứng thực bản sao', key: 'chung_thuc_ban_sao', code: '2.000815', approve: 'certify' });
