// A deploy is answered 201 or 422, never 5xx, whatever text arrives: models from other
// BPMN tools, half-finished drawings, not XML at all. The engine already reports what it
// knows as problems; this guard also turns anything it throws while reading or
// compiling a model into a problem, so a parser or compiler bug becomes a 422 naming
// the document instead of a crash — while database failures during the deploy itself
// stay what they are.

import {
  DomainError,
  compileProcedure,
  hasErrors,
  loadProcedure,
  problem,
  type Container,
  type Problem,
  type ProcedureModel,
} from '../../engine/index.js';

export interface ProcedureCheck {
  ok: boolean;
  /** Every problem found: errors first, then warnings. */
  problems: Problem[];
}

const bySeverity = (a: Problem, b: Problem) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1);

function asProblems(error: unknown): Problem[] {
  if (error instanceof DomainError && Array.isArray(error.details) && error.details.length > 0) {
    return (error.details as Partial<Problem>[]).map((d) =>
      problem('error', d.code ?? 'CANNOT_RUN', d.elementId ?? null, d.message ?? error.message, d.messageEn ?? error.messageEn),
    );
  }
  const text = error instanceof Error ? error.message : String(error);
  const textEn = error instanceof DomainError ? error.messageEn : text;
  const elementId = error instanceof DomainError ? ((error.details as { elementId?: string } | undefined)?.elementId ?? null) : null;
  return [problem('error', 'CANNOT_RUN', elementId, `Không đọc được quy trình: ${text}`, `The procedure cannot be read: ${textEn}`)];
}

// Widths of the columns these values are stored in (migrations/20261122000000_foundation.ts).
// PostgreSQL refuses a longer value with an error, SQLite keeps it: refused at deploy,
// naming the element, rather than as a 500 when a dossier first reaches the step.
const WIDTH = { key: 128, code: 64, name: 500, duration: 64, nodeId: 128, role: 64, outcome: 128 } as const;

/** What a value is, in both languages (an attribute name reads the same in both). */
type What = { vi: string; en: string } | string;

function tooLong(elementId: string | null, what: What, value: string, max: number): Problem {
  const [vi, en] = typeof what === 'string' ? [what, what] : [what.vi, what.en];
  return problem(
    'error',
    'VALUE_TOO_LONG',
    elementId && elementId.length <= WIDTH.nodeId ? elementId : null,
    `${vi} dài quá ${max} ký tự: "${value.slice(0, 40)}…"`,
    `${en} is longer than ${max} characters: "${value.slice(0, 40)}…"`,
  );
}

function storageProblems(model: ProcedureModel): Problem[] {
  const found: Problem[] = [];
  const check = (elementId: string | null, what: What, value: string | null | undefined, max: number) => {
    if (value && value.length > max) found.push(tooLong(elementId, what, value, max));
  };
  check(model.key, { vi: 'Mã quy trình (process id)', en: 'Process id' }, model.key, WIDTH.key);
  check(model.key, 'mc:code', model.code, WIDTH.code);
  check(model.key, { vi: 'Tên quy trình', en: 'Process name' }, model.name, WIDTH.name);
  check(model.key, 'mc:timeLimit', model.timeLimit, WIDTH.duration);
  const walk = (container: Container) => {
    for (const node of Object.values(container.nodes)) {
      check(node.id, { vi: 'Mã phần tử', en: 'Element id' }, node.id, WIDTH.nodeId);
      if (node.type === 'userTask') {
        check(node.id, { vi: 'Tên bước', en: 'Step name' }, node.name, WIDTH.name);
        check(node.id, 'mc:role', node.role, WIDTH.role);
        check(node.id, 'mc:duration', node.duration, WIDTH.duration);
      }
      if (node.type === 'subProcess') walk(node.container);
    }
    for (const flow of Object.values(container.flows)) check(flow.id, 'mc:outcome', flow.outcome, WIDTH.outcome);
  };
  walk(model.root);
  return found;
}

/** Import, validate and compile without storing anything. */
export async function checkProcedure(xml: string): Promise<ProcedureCheck> {
  if (xml.trim() === '') {
    return { ok: false, problems: [problem('error', 'EMPTY_DOCUMENT', null, 'Tài liệu BPMN trống', 'The BPMN document is empty')] };
  }
  let problems: Problem[];
  try {
    const loaded = await loadProcedure(xml);
    problems = [...loaded.problems];
    if (loaded.model) problems.push(...storageProblems(loaded.model));
    if (loaded.ok && loaded.model && !hasErrors(problems)) {
      try {
        compileProcedure(loaded.model);
      } catch (error) {
        problems.push(...asProblems(error));
      }
    } else if (!loaded.model && !hasErrors(problems)) {
      problems.push(problem('error', 'NO_PROCESS', null, 'Không có quy trình nào để triển khai', 'There is no process to deploy'));
    }
  } catch (error) {
    problems = asProblems(error);
  }
  return { ok: !hasErrors(problems), problems: problems.sort(bySeverity) };
}
