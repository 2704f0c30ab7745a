import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../engine/errors.js';
import {
  checkExpression,
  evaluateCondition,
  evaluateExpression,
  parseExpression,
  referencedIdentifiers,
} from '../../../engine/expressions/index.js';

function refusal(source: string): DomainError {
  try {
    parseExpression(source);
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error(`expected ${source} to be refused`);
}

describe('routing a dossier by its data and the clerk’s outcome', () => {
  const dossier = { fee: 50_000, applicant: { age: 17, ward: 'Phường Bến Nghé' }, documents: { 'giấy khai sinh': true } };

  it('takes the paid-approval branch when a fee is due and the specialist approved', () => {
    expect(evaluateCondition('fee > 0 && outcome == "approve"', { ...dossier, outcome: 'approve' })).toBe(true);
    expect(evaluateCondition('fee > 0 && outcome == "approve"', { ...dossier, outcome: 'reject' })).toBe(false);
    expect(evaluateCondition('fee > 0 && outcome == "approve"', { fee: 0, outcome: 'approve' })).toBe(false);
  });

  it('compares Vietnamese text exactly, in single or double quotes', () => {
    expect(evaluateCondition("applicant.ward == 'Phường Bến Nghé'", dossier)).toBe(true);
    expect(evaluateCondition('applicant.ward == "Phuong Ben Nghe"', dossier)).toBe(false);
  });

  it('reads Vietnamese field names and bracketed keys with spaces', () => {
    expect(evaluateCondition('phí_thẩm_định >= 100000', { phí_thẩm_định: 150_000 })).toBe(true);
    expect(evaluateCondition('documents["giấy khai sinh"] == true', dossier)).toBe(true);
  });

  it('follows nested fields and treats a missing branch of the tree as no value', () => {
    expect(evaluateCondition('applicant.age < 18', dossier)).toBe(true);
    expect(evaluateExpression('applicant.guardian.name', dossier)).toBeUndefined();
    expect(evaluateCondition('applicant.guardian.age > 18', dossier)).toBe(false);
  });

  it('lets a dossier without a fee field fall through to "no fee" instead of crashing', () => {
    expect(evaluateCondition('fee > 0', {})).toBe(false);
    expect(evaluateCondition('fee <= 0', {})).toBe(false);
    expect(evaluateCondition('!(fee > 0)', {})).toBe(true);
  });

  it('never converts types: the string "50000" is not the number 50000', () => {
    expect(evaluateCondition('fee == 50000', { fee: '50000' })).toBe(false);
    expect(evaluateCondition('fee > 1', { fee: '50000' })).toBe(false);
    expect(evaluateCondition('fee == 50000', { fee: 50_000 })).toBe(true);
    expect(evaluateCondition('paid == 1', { paid: true })).toBe(false);
    expect(evaluateCondition('note == null', { note: null })).toBe(true);
    expect(evaluateCondition('note == null', {})).toBe(false);
  });

  it('applies arithmetic precedence before comparison and && before ||', () => {
    expect(evaluateExpression('2 + 3 * 4', {})).toBe(14);
    expect(evaluateExpression('(2 + 3) * 4', {})).toBe(20);
    expect(evaluateExpression('-fee + 10 % 4', { fee: 5 })).toBe(-3);
    expect(evaluateCondition('true || false && false', {})).toBe(true);
    expect(evaluateCondition('(true || false) && false', {})).toBe(false);
    expect(evaluateCondition('fee * 2 > 90000 && fee / 2 < 30000', dossier)).toBe(true);
  });

  it('does arithmetic on numbers only and treats division by zero as no value', () => {
    expect(evaluateExpression('"5" + 1', {})).toBeUndefined();
    expect(evaluateExpression('fee / 0', { fee: 1 })).toBeUndefined();
    expect(evaluateCondition('fee / 0 > 0', { fee: 1 })).toBe(false);
  });

  it('supports a choice between two values', () => {
    expect(evaluateExpression('urgent ? "P1D" : "P3D"', { urgent: true })).toBe('P1D');
  });

  it('reads only the dossier’s own data, never inherited properties', () => {
    expect(evaluateExpression('toString', {})).toBeUndefined();
    expect(evaluateExpression('applicant.hasOwnProperty', dossier)).toBeUndefined();
    expect(evaluateExpression('name.length', { name: 'Lan' })).toBeUndefined();
  });

  it('accepts a parsed expression as well as its source', () => {
    const parsed = parseExpression('fee > 0');
    expect(evaluateExpression(parsed, { fee: 1 })).toBe(true);
    expect(parseExpression('fee > 0')).toBe(parsed);
  });
});

describe('refusing conditions that are not plain comparisons over data', () => {
  it('refuses a function call such as process.exit()', () => {
    const e = refusal('process.exit()');
    expect(e.code).toBe('INVALID_EXPRESSION');
    expect(e.message).toMatch(/lời gọi hàm/);
    expect(e.messageEn).toMatch(/function call/);
  });

  it('refuses reaching for constructor, __proto__ or prototype', () => {
    expect(refusal('constructor').code).toBe('INVALID_EXPRESSION');
    expect(refusal('fee.constructor').code).toBe('INVALID_EXPRESSION');
    expect(refusal('applicant.__proto__.polluted == 1').message).toMatch(/__proto__/);
    expect(refusal('a["__proto__"]').code).toBe('INVALID_EXPRESSION');
    expect(refusal('Object.prototype').code).toBe('INVALID_EXPRESSION');
  });

  it('refuses an assignment', () => {
    const e = refusal('a = 1');
    expect(e.code).toBe('INVALID_EXPRESSION');
    expect(e.message).toMatch(/cột 3/);
    expect(e.messageEn).toMatch(/column 3/);
    expect(e).toMatchObject({ messageKey: 'INVALID_EXPRESSION.at', params: { column: 3 } });
  });

  it('refuses this, arrays, bitwise operators, ?? and several statements', () => {
    for (const source of ['this', '[1, 2]', 'a | b', '~a', 'a ?? b', 'a; b', 'new Date()', 'a[b]', '+fee']) {
      expect(refusal(source).code, source).toBe('INVALID_EXPRESSION');
    }
  });

  it('names the position of malformed input in Vietnamese and English', () => {
    const check = checkExpression('fee > ');
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.message).toMatch(/tại cột 7/);
    expect(check.message).toMatch(/thiếu biểu thức sau ">"/);
    expect(check.messageEn).toMatch(/at column 7/);
    const unclosed = checkExpression('outcome == "approve');
    expect(unclosed.ok).toBe(false);
    if (!unclosed.ok) expect(unclosed.messageEn).toMatch(/Unclosed quote/);
    const details = refusal('(fee > 0').details as { index: number };
    expect(details.index).toBe(8);
  });

  it('refuses an empty condition', () => {
    expect(checkExpression('   ')).toMatchObject({ ok: false, messageEn: expect.stringMatching(/empty/) });
  });

  it('passes a well-formed condition', () => {
    expect(checkExpression('fee > 0 && outcome == "approve"')).toEqual({ ok: true });
  });
});

describe('listing the fields a condition reads', () => {
  it('names each root field once, in order of use', () => {
    expect(referencedIdentifiers('fee > 0 && outcome == "approve" || applicant.age < fee')).toEqual([
      'fee',
      'outcome',
      'applicant',
    ]);
  });

  it('throws INVALID_EXPRESSION for a condition that does not parse', () => {
    expect(() => referencedIdentifiers('fee >')).toThrowError(DomainError);
  });
});
