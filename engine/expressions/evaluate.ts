// Conditions on sequence flows (`bpmn:conditionExpression`), e.g.
// `fee > 0 && outcome == "approve"`. A procedure is uploaded by an admin and runs on
// the server, so the text is never handed to eval/Function: jsep parses it, the parse
// tree is checked against a small whitelist once, and this file walks it.
//
// Semantics are deliberately plainer than JavaScript's: `==` never converts types, an
// unknown field is `undefined`, and ordering or arithmetic on anything but numbers (or
// two strings, for ordering) yields false/undefined instead of a surprise — a dossier
// missing `fee` must make `fee > 0` false, not crash the routing.

import jsep from 'jsep';
import { DomainError } from '../errors.js';
import { domainMessage, type CodedMessage } from '../messages.js';

export type Scope = Readonly<Record<string, unknown>>;

/** The checked parse tree: only what the evaluator understands can be in here. */
export type ExpressionNode =
  | { type: 'literal'; value: string | number | boolean | null }
  | { type: 'identifier'; name: string }
  | { type: 'member'; object: ExpressionNode; property: string | number }
  | { type: 'unary'; operator: UnaryOperator; argument: ExpressionNode }
  | { type: 'binary'; operator: BinaryOperator; left: ExpressionNode; right: ExpressionNode }
  | { type: 'logical'; operator: '&&' | '||'; left: ExpressionNode; right: ExpressionNode }
  | { type: 'conditional'; test: ExpressionNode; consequent: ExpressionNode; alternate: ExpressionNode };

type UnaryOperator = '!' | '-';
type BinaryOperator = '==' | '!=' | '===' | '!==' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*' | '/' | '%';

export interface Expression {
  readonly source: string;
  readonly root: ExpressionNode;
}

export type ExpressionCheck = { ok: true } | { ok: false; message: string; messageEn: string };

const BINARY_OPERATORS = new Set<string>(['==', '!=', '===', '!==', '<', '<=', '>', '>=', '+', '-', '*', '/', '%']);

// Reaching these on a data object is how prototype pollution and sandbox escapes start;
// no dossier field is legitimately called that.
const FORBIDDEN_NAMES = new Set(['__proto__', 'constructor', 'prototype']);

class Refusal extends Error {
  constructor(
    readonly vi: string,
    readonly en: string,
    readonly index: number | null = null,
  ) {
    super(en);
  }
}

// jsep's messages are English; the admin reads Vietnamese first.
const SYNTAX_MESSAGES: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^Expected expression after (.+)$/, (m) => `thiếu biểu thức sau "${m[1]}"`],
  [/^Expected expression$/, () => 'thiếu biểu thức'],
  [/^Unclosed quote after "(.*)"$/, (m) => `chuỗi "${m[1]}" chưa đóng dấu nháy`],
  [/^Unclosed \($/, () => 'thiếu dấu ")"'],
  [/^Unclosed \[$/, () => 'thiếu dấu "]"'],
  [/^Expected (.+)$/, (m) => `thiếu "${m[1]}"`],
  [/^Unexpected "(.*)"$/, (m) => `ký tự không mong đợi "${m[1]}"`],
  [/^Unexpected (.+)$/, (m) => `không mong đợi ${m[1]}`],
  [/^Variable names cannot start with a number/, () => 'tên trường không được bắt đầu bằng chữ số'],
];

function translateSyntax(description: string): string {
  for (const [pattern, render] of SYNTAX_MESSAGES) {
    const m = pattern.exec(description);
    if (m) return render(m);
  }
  return `lỗi cú pháp (${description})`;
}

function describe(node: jsep.Expression): { vi: string; en: string } {
  switch (node.type) {
    case 'CallExpression':
      return { vi: 'lời gọi hàm', en: 'a function call' };
    case 'ThisExpression':
      return { vi: '"this"', en: '"this"' };
    case 'ArrayExpression':
      return { vi: 'mảng', en: 'an array literal' };
    case 'Compound':
    case 'SequenceExpression':
      return { vi: 'nhiều biểu thức liền nhau', en: 'several expressions in a row' };
    default:
      return { vi: `cấu trúc "${node.type}"`, en: `"${node.type}"` };
  }
}

function checkName(name: string): void {
  if (FORBIDDEN_NAMES.has(name)) {
    throw new Refusal(`không được dùng tên "${name}"`, `the name "${name}" is not allowed`);
  }
}

/** jsep tree → checked tree; anything outside the whitelist is a Refusal. */
function convert(node: jsep.Expression): ExpressionNode {
  switch (node.type) {
    case 'Literal': {
      const { value } = node as jsep.Literal;
      if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
        return { type: 'literal', value };
      }
      throw new Refusal('giá trị hằng không được hỗ trợ', 'unsupported literal');
    }
    case 'Identifier': {
      const { name } = node as jsep.Identifier;
      checkName(name);
      return { type: 'identifier', name };
    }
    case 'MemberExpression': {
      const member = node as jsep.MemberExpression;
      // `a?.b` needs no special case: reading through a missing value is already undefined.
      let property: string | number;
      if (!member.computed) {
        property = (member.property as jsep.Identifier).name;
      } else if (member.property.type === 'Literal') {
        const value = (member.property as jsep.Literal).value;
        if (typeof value !== 'string' && typeof value !== 'number') {
          throw new Refusal('chỉ số trong [] phải là chuỗi hoặc số', 'an index in [] must be a string or a number');
        }
        property = value;
      } else {
        // A computed key could be assembled at run time into "__proto__"; only literal keys can be checked here.
        throw new Refusal('chỉ số trong [] phải là hằng chuỗi hoặc số', 'an index in [] must be a string or number literal');
      }
      if (typeof property === 'string') checkName(property);
      return { type: 'member', object: convert(member.object), property };
    }
    case 'UnaryExpression': {
      const unary = node as jsep.UnaryExpression;
      if (unary.operator !== '!' && unary.operator !== '-') {
        throw new Refusal(`không hỗ trợ toán tử "${unary.operator}"`, `operator "${unary.operator}" is not supported`);
      }
      return { type: 'unary', operator: unary.operator, argument: convert(unary.argument) };
    }
    case 'BinaryExpression': {
      const binary = node as jsep.BinaryExpression;
      const { operator } = binary;
      if (operator === '&&' || operator === '||') {
        return { type: 'logical', operator, left: convert(binary.left), right: convert(binary.right) };
      }
      if (!BINARY_OPERATORS.has(operator)) {
        throw new Refusal(`không hỗ trợ toán tử "${operator}"`, `operator "${operator}" is not supported`);
      }
      return {
        type: 'binary',
        operator: operator as BinaryOperator,
        left: convert(binary.left),
        right: convert(binary.right),
      };
    }
    case 'ConditionalExpression': {
      const conditional = node as jsep.ConditionalExpression;
      return {
        type: 'conditional',
        test: convert(conditional.test),
        consequent: convert(conditional.consequent),
        alternate: convert(conditional.alternate),
      };
    }
    default: {
      const what = describe(node);
      throw new Refusal(`không được dùng ${what.vi} trong điều kiện`, `${what.en} is not allowed in a condition`);
    }
  }
}

function invalid(source: string, refusal: Refusal): DomainError {
  const reason = { vi: refusal.vi, en: refusal.en };
  // details keep both texts (the validator lists them as a problem of the flow).
  const details = (m: CodedMessage) => ({ source, index: refusal.index, message: m.message, messageEn: m.messageEn });
  if (refusal.index === null) {
    return new DomainError('INVALID_EXPRESSION', { reason }, details(domainMessage('INVALID_EXPRESSION', { reason })));
  }
  const params = { column: refusal.index + 1, reason };
  return new DomainError('INVALID_EXPRESSION.at', params, details(domainMessage('INVALID_EXPRESSION.at', params)));
}

function parseTree(source: string): ExpressionNode {
  if (source.trim() === '') throw new Refusal('biểu thức rỗng', 'the expression is empty');
  let tree: jsep.Expression;
  try {
    tree = jsep(source);
  } catch (e) {
    const err = e as { index?: unknown; description?: unknown; message?: unknown };
    const description = typeof err.description === 'string' ? err.description : String(err.message);
    throw new Refusal(translateSyntax(description), description, typeof err.index === 'number' ? err.index : null);
  }
  return convert(tree);
}

// Conditions come from deployed procedures, so the set of distinct sources is small;
// the cap only guards against a designer session checking endless drafts.
const CACHE_LIMIT = 1000;
const cache = new Map<string, Expression>();

/** Parses and checks a condition; throws DomainError('INVALID_EXPRESSION') naming the column. */
export function parseExpression(source: string): Expression {
  const cached = cache.get(source);
  if (cached) return cached;
  let root: ExpressionNode;
  try {
    root = parseTree(source);
  } catch (e) {
    if (e instanceof Refusal) throw invalid(source, e);
    throw e;
  }
  const expression: Expression = Object.freeze({ source, root });
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(source, expression);
  return expression;
}

/** For the validator: never throws on bad input. */
export function checkExpression(source: string): ExpressionCheck {
  try {
    parseExpression(source);
    return { ok: true };
  } catch (e) {
    if (e instanceof DomainError && e.code === 'INVALID_EXPRESSION') {
      const details = e.details as { message: string; messageEn: string };
      return { ok: false, message: details.message, messageEn: details.messageEn };
    }
    throw e;
  }
}

/** The scope names an expression reads (`fee`, `outcome`, the root of `applicant.age`), first use first. */
export function referencedIdentifiers(source: string): string[] {
  const names = new Set<string>();
  const visit = (node: ExpressionNode): void => {
    switch (node.type) {
      case 'identifier':
        names.add(node.name);
        return;
      case 'literal':
        return;
      case 'member':
        visit(node.object);
        return;
      case 'unary':
        visit(node.argument);
        return;
      case 'binary':
      case 'logical':
        visit(node.left);
        visit(node.right);
        return;
      case 'conditional':
        visit(node.test);
        visit(node.consequent);
        visit(node.alternate);
        return;
    }
  };
  visit(parseExpression(source).root);
  return [...names];
}

function isPlainData(value: unknown): value is Record<string | number, unknown> {
  if (Array.isArray(value)) return true;
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

// Own properties only: inherited ones (`toString`, `__proto__`) are not dossier data.
function read(container: unknown, key: string | number): unknown {
  if (!isPlainData(container)) return undefined;
  return Object.hasOwn(container, key) ? container[key] : undefined;
}

const bothNumbers = (a: unknown, b: unknown): boolean => typeof a === 'number' && typeof b === 'number';
const comparable = (a: unknown, b: unknown): boolean =>
  bothNumbers(a, b) || (typeof a === 'string' && typeof b === 'string');

function arithmetic(operator: '+' | '-' | '*' | '/' | '%', a: number, b: number): number | undefined {
  let result: number;
  switch (operator) {
    case '+':
      result = a + b;
      break;
    case '-':
      result = a - b;
      break;
    case '*':
      result = a * b;
      break;
    case '/':
      result = a / b;
      break;
    case '%':
      result = a % b;
      break;
  }
  // A division by zero is "no value", like a missing field, rather than Infinity.
  return Number.isFinite(result) ? result : undefined;
}

function binary(operator: BinaryOperator, a: unknown, b: unknown): unknown {
  switch (operator) {
    case '==':
    case '===':
      return a === b;
    case '!=':
    case '!==':
      return a !== b;
    case '<':
      return comparable(a, b) && (a as number) < (b as number);
    case '<=':
      return comparable(a, b) && (a as number) <= (b as number);
    case '>':
      return comparable(a, b) && (a as number) > (b as number);
    case '>=':
      return comparable(a, b) && (a as number) >= (b as number);
    default:
      return bothNumbers(a, b) ? arithmetic(operator, a as number, b as number) : undefined;
  }
}

function evaluateNode(node: ExpressionNode, scope: Scope): unknown {
  switch (node.type) {
    case 'literal':
      return node.value;
    case 'identifier':
      return read(scope, node.name);
    case 'member':
      return read(evaluateNode(node.object, scope), node.property);
    case 'unary': {
      const value = evaluateNode(node.argument, scope);
      if (node.operator === '!') return !value;
      return typeof value === 'number' ? -value : undefined;
    }
    case 'logical': {
      const left = evaluateNode(node.left, scope);
      if (node.operator === '&&') return left ? evaluateNode(node.right, scope) : left;
      return left ? left : evaluateNode(node.right, scope);
    }
    case 'binary':
      return binary(node.operator, evaluateNode(node.left, scope), evaluateNode(node.right, scope));
    case 'conditional':
      return evaluateNode(node.test, scope) ? evaluateNode(node.consequent, scope) : evaluateNode(node.alternate, scope);
  }
}

/** Value of an expression over `scope` (the dossier's data fields plus `outcome`). */
export function evaluateExpression(expression: Expression | string, scope: Scope): unknown {
  const parsed = typeof expression === 'string' ? parseExpression(expression) : expression;
  // A scope that is not plain data (a class instance) would let `read` refuse everything; copy it once.
  const data: Scope = isPlainData(scope) ? scope : ({ ...(scope as object) } as Scope);
  return evaluateNode(parsed.root, data);
}

/** Whether a flow's condition holds: the truthiness of its value. */
export function evaluateCondition(source: string, scope: Scope): boolean {
  return Boolean(evaluateExpression(source, scope));
}
