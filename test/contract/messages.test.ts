// The message catalogue (contract/messages.ts, engine/messages.ts): every error code the
// engine or the server answers with has a Vietnamese and an English template naming the
// same parameters; the texts are made from code and parameters, never cut out of one
// bilingual string; and whatever a person typed comes back whole in either language.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  DOMAIN_ERROR_CODES,
  ERROR_CODES,
  MESSAGES,
  SERVER_ERROR_CODES,
  codeOfKey,
  describeMessage,
  isMessageKey,
  messageOf,
  templateParams,
  textOf,
} from '../../contract/messages.js';
import { DomainError } from '../../engine/index.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const entries = Object.entries(MESSAGES) as [string, { vi: string; en: string }][];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sources(full);
    return /\.tsx?$/.test(name) ? [full] : [];
  });
}

describe('the message catalogue', () => {
  it('has a Vietnamese and an English template for every code of the engine and of the server', () => {
    expect(DOMAIN_ERROR_CODES.length).toBeGreaterThanOrEqual(24);
    expect(SERVER_ERROR_CODES.length).toBeGreaterThanOrEqual(20);
    for (const code of ERROR_CODES) {
      expect(isMessageKey(code), code).toBe(true);
      const template = MESSAGES[code as keyof typeof MESSAGES];
      expect(template.vi.trim(), code).not.toBe('');
      expect(template.en.trim(), code).not.toBe('');
    }
  });

  it('names the same parameters in both languages, for every entry and variant', () => {
    for (const [key, template] of entries) {
      expect(templateParams(template.en).sort(), key).toEqual(templateParams(template.vi).sort());
    }
  });

  it('keys every entry by a known code, or a variant of one (CODE.variant)', () => {
    for (const [key] of entries) {
      expect(key, key).toMatch(/^[A-Z_]+(\.[a-zA-Z]+)?$/);
      expect(ERROR_CODES, key).toContain(codeOfKey(key));
    }
  });

  it('keeps each language in its own template: no "vi / en" string anywhere', () => {
    for (const [key, template] of entries) {
      expect(template.vi, key).not.toContain(' / ');
      expect(template.en, key).not.toContain(' / ');
      expect(template.vi, key).not.toBe(template.en);
    }
  });

  it('knows every key the server and the engine throw with (a source scan beside the type check)', () => {
    const thrown = new Set<string>();
    const patterns = [
      /new (?:DomainError|ServiceError)\(\s*'([A-Za-z_.]+)'/g,
      /new HttpError\(\s*\d+,\s*'([A-Za-z_.]+)'/g,
      /(?:describeMessage|domainMessage)\(\s*'([A-Za-z_.]+)'/g,
      /fieldProblem\([^,]+,\s*'([A-Za-z_.]+)'/g,
      /formNotAvailable\([^,]+,\s*'([A-Za-z_.]+)'/g,
    ];
    for (const file of [...sources(path.join(ROOT, 'engine')), ...sources(path.join(ROOT, 'server'))]) {
      const text = readFileSync(file, 'utf8');
      for (const pattern of patterns) for (const m of text.matchAll(pattern)) thrown.add(m[1]);
    }
    expect(thrown.size).toBeGreaterThan(60);
    expect([...thrown].filter((key) => !isMessageKey(key))).toEqual([]);
  });

  it('documents every code in docs/contract.md', () => {
    const doc = readFileSync(path.join(ROOT, 'docs/contract.md'), 'utf8');
    expect(ERROR_CODES.filter((code) => !doc.includes(`\`${code}\``))).toEqual([]);
  });

  it('fills the named parameters in the language asked for, a worded parameter included', () => {
    expect(messageOf('ROLE_REQUIRED', { role: 'head' }, 'vi')).toBe('Cần vai trò "head"');
    expect(messageOf('ROLE_REQUIRED', { role: 'head' }, 'en')).toBe('Role "head" is required');
    expect(messageOf('NOT_FOUND.procedureVersion', { procedureKey: 'khai_sinh', version: 3 }, 'en')).toBe('No version 3 of procedure khai_sinh');
    const reason = { vi: 'lời gọi hàm', en: 'a function call' };
    expect(messageOf('INVALID_EXPRESSION.at', { column: 8, reason }, 'vi')).toBe('Biểu thức điều kiện không hợp lệ tại cột 8: lời gọi hàm.');
    expect(messageOf('INVALID_EXPRESSION.at', { column: 8, reason }, 'en')).toBe('Invalid condition expression at column 8: a function call.');
    expect(messageOf('DOSSIER_PAUSED', undefined, 'en')).toBe('The dossier is waiting for the citizen to supplement');
  });

  it('makes a DomainError from its code and values: message in Vietnamese, messageEn, params, details apart', () => {
    const error = new DomainError('AGENCY_NOT_FOUND.kind', { kind: 'tax', agencyCode: '000.01.23.H40' }, { selector: 'kind:tax' });
    expect(error).toMatchObject({
      code: 'AGENCY_NOT_FOUND',
      messageKey: 'AGENCY_NOT_FOUND.kind',
      params: { kind: 'tax', agencyCode: '000.01.23.H40' },
      message: 'Không tìm thấy cơ quan loại "tax" gần 000.01.23.H40',
      messageEn: 'No agency of kind "tax" near 000.01.23.H40',
      details: { selector: 'kind:tax' },
    });
    expect(describeMessage('NOT_FOUND.route')).toEqual({ messageKey: 'NOT_FOUND.route', params: {}, message: 'Không có API này', messageEn: 'No such API route' });
  });

  it('keeps what a person typed whole, in both languages, whatever it contains', () => {
    const reason = 'Thiếu bản sao CMND / CCCD; sổ đỏ / sổ hồng chưa công chứng';
    // A task name is a parameter: inserted as it is.
    expect(messageOf('NO_ROUTE', { name: reason }, 'vi')).toBe(`Không có nhánh nào sau "${reason}" khớp`);
    expect(messageOf('NO_ROUTE', { name: reason }, 'en')).toBe(`No flow after "${reason}" matches`);
    // A text without an entry of the catalogue (an older server's, a proxy's) is shown whole too.
    expect(textOf({ message: reason }, 'vi')).toBe(reason);
    expect(textOf({ message: reason }, 'en')).toBe(reason);
    expect(textOf({ messageKey: 'NOT_A_KEY', message: reason, messageEn: 'Missing papers' }, 'en')).toBe('Missing papers');
    // With an entry, the entry speaks, whatever text came along.
    expect(textOf({ messageKey: 'TASK_ALREADY_CLAIMED', params: { assignee: 'a / b' }, message: 'x' }, 'en')).toBe('Already claimed by a / b');
  });
});
