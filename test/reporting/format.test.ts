// How the papers write dates, durations and user text, and the lookup's secret check —
// pure functions, no database.
import { describe, expect, it } from 'vitest';
import { WorkingCalendar } from '../../engine/index.js';
import { escapeHtml, html, vnDate, vnDateTime, vnDuration, vnShort } from '../../server/forms/format.js';
import { lookupUrl } from '../../server/forms/receipt.js';
import { resolvePeriod } from '../../server/services/dashboard.js';
import { sameSecret } from '../../server/services/publicLookup.js';
import { vn } from './scenario.js';

describe('the papers’ Vietnamese', () => {
  it('writes instants on the Hà Nội wall clock, as Circular 01/2018 forms print them', () => {
    // 02:00 UTC is 09:00 in Asia/Ho_Chi_Minh, whatever the server's own zone.
    expect(vnDateTime('2026-11-26T02:00:00.000Z')).toBe('09 giờ 00 phút, ngày 26 tháng 11 năm 2026');
    // Late evening UTC is already the next day in Việt Nam.
    expect(vnDateTime('2026-12-31T17:05:00.000Z')).toBe('00 giờ 05 phút, ngày 01 tháng 01 năm 2027');
    expect(vnDate(vn('2026-02-16 16:59'))).toBe('ngày 16 tháng 02 năm 2026');
    expect(vnShort('2026-11-23T02:00:00.000Z')).toBe('09:00 23/11/2026');
    expect(vnShort(null)).toBe('');
  });

  it('writes time limits the way the law does', () => {
    expect(vnDuration('P10D')).toBe('10 ngày làm việc');
    expect(vnDuration('P0.5D')).toBe('0,5 ngày làm việc');
    expect(vnDuration('PT4H')).toBe('4 giờ làm việc');
    expect(vnDuration('P1DT2H30M')).toBe('1 ngày 2 giờ 30 phút làm việc');
    expect(vnDuration('P15D', 'calendar')).toBe('15 ngày');
    expect(vnDuration(null)).toBe('');
  });

  it('writes a same-day limit (P0D) as "trong ngày", not an empty line', () => {
    expect(vnDuration('P0D')).toBe('trong ngày');
    expect(vnDuration('PT0M')).toBe('trong ngày');
    expect(vnDuration('P0D', 'calendar')).toBe('trong ngày');
  });

  it('escapes every interpolated value unless it is marked raw', () => {
    expect(escapeHtml(`<b a="1">Tom & 'Jerry'</b>`)).toBe('&lt;b a=&quot;1&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/b&gt;');
    const name = '<img src=x onerror=alert(1)>';
    expect(html`<p>${name}</p>`.__html).toBe('<p>&lt;img src=x onerror=alert(1)&gt;</p>');
    expect(html`<ul>${['<a>', '<b>'].map((x) => html`<li>${x}</li>`)}</ul>`.__html).toBe('<ul><li>&lt;a&gt;</li><li>&lt;b&gt;</li></ul>');
  });

  it('builds the lookup link of the receipt’s QR code from the origin, code and secret', () => {
    expect(lookupUrl('https://motcua.kontum.gov.vn', '000.01.23.H40-261112-0001', 'AB23CD')).toBe(
      'https://motcua.kontum.gov.vn/tra-cuu?code=000.01.23.H40-261112-0001&secret=AB23CD',
    );
  });
});

describe('the lookup secret and the reporting period', () => {
  it('compares secrets of any length without throwing', () => {
    expect(sameSecret('AB23CD', 'AB23CD')).toBe(true);
    expect(sameSecret('AB23C', 'AB23CD')).toBe(false);
    expect(sameSecret('', 'AB23CD')).toBe(false);
    expect(sameSecret('ab23cd', 'AB23CD')).toBe(false);
  });

  it('takes the local month by default and whole local days for dates, `to` inclusive', () => {
    const cal = new WorkingCalendar();
    // 23:30 on 31 January in Hà Nội is still January there (16:30 UTC).
    const period = resolvePeriod(cal, vn('2026-01-31 23:30'), {});
    expect(period.from.toISOString()).toBe('2025-12-31T17:00:00.000Z');
    expect(period.to.toISOString()).toBe('2026-01-31T17:00:00.000Z');
    expect(period.asOf.toISOString()).toBe(vn('2026-01-31 23:30').toISOString());
    const december = resolvePeriod(cal, vn('2026-12-10 10:00'), {});
    expect(december.to.toISOString()).toBe('2026-12-31T17:00:00.000Z');
    const days = resolvePeriod(cal, vn('2027-01-10 10:00'), { from: '2026-11-01', to: '2026-11-30' });
    expect([days.from, days.to, days.asOf].map((d) => d.toISOString())).toEqual([
      '2026-10-31T17:00:00.000Z',
      '2026-11-30T17:00:00.000Z',
      '2026-11-30T17:00:00.000Z',
    ]);
    expect(() => resolvePeriod(cal, new Date(), { from: '2026-13-01' })).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED', messageEn: 'Invalid request' }));
  });
});
