// How the web app words an error: the catalogue's entry for its code (or code.variant),
// with the answer's values, in the language the user chose — and never a text cut apart
// on " / ", which a clerk's own words may contain.
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../designer/src/api/client.js';
import { detailText, errorText } from '../../designer/src/i18n/errors.js';
import { bilingual } from '../../designer/src/i18n/format.js';
import { DomainError } from '../../engine/index.js';

describe('the web app’s error words', () => {
  it('shows an API error by its catalogue entry and values, in Vietnamese or English', () => {
    const error = new ApiError(403, 'WRONG_AGENCY', 'server text', { agencyCode: '000.01.23.H40' }, {
      messageEn: 'server text in English',
      messageKey: 'WRONG_AGENCY.notHolding',
      params: { agencyCode: '000.01.23.H40' },
    });
    expect(errorText(error, 'vi')).toBe('Cơ quan 000.01.23.H40 không giữ hồ sơ này');
    expect(errorText(error, 'en')).toBe('Agency 000.01.23.H40 does not hold this dossier');
  });

  it('reads an older answer by its code, and an unknown code by the texts the server sent', () => {
    expect(errorText(new ApiError(409, 'DOSSIER_PAUSED', 'Hồ sơ đang chờ công dân bổ sung / The dossier is waiting'), 'en')).toBe(
      'The dossier is waiting for the citizen to supplement',
    );
    const proxy = new ApiError(502, 'HTTP_502', 'Bad Gateway / upstream');
    expect(errorText(proxy, 'vi')).toBe('Bad Gateway / upstream');
    expect(errorText(proxy, 'en')).toBe('Bad Gateway / upstream');
    const offline = new ApiError(0, 'NETWORK', 'Không kết nối được máy chủ', undefined, { messageEn: 'Cannot reach the server' });
    expect(errorText(offline, 'en')).toBe('Cannot reach the server');
    expect(errorText(offline, 'vi')).toBe('Không kết nối được máy chủ');
  });

  it('shows an engine error raised in the page in the chosen language', () => {
    const error = new DomainError('INVALID_DURATION.weeks', { duration: 'P1W' });
    expect(errorText(error, 'en')).toBe('Invalid duration "P1W": weeks are not allowed in working time, write days (D).');
    expect(errorText(error, 'vi')).toMatch(/^Thời hạn "P1W" không hợp lệ/);
  });

  it('keeps a text with " / " whole in both languages: details, pairs and plain errors', () => {
    const typed = 'Thiếu bản sao CMND / CCCD';
    expect(detailText({ field: 'body.reason', message: typed }, 'vi')).toBe(typed);
    expect(detailText({ field: 'body.reason', message: typed }, 'en')).toBe(typed);
    expect(detailText({ field: 'body.procedureKey', message: 'x', messageKey: 'NOT_FOUND.procedure', params: { procedureKey: 'a/b' } }, 'en')).toBe(
      'No procedure a/b',
    );
    expect(bilingual('en', typed)).toBe(typed);
    expect(bilingual('vi', typed)).toBe(typed);
    expect(bilingual('en', typed, 'Missing ID card')).toBe('Missing ID card');
    expect(errorText(new Error(typed), 'en')).toBe(typed);
  });
});
