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
  type Problem,
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
      problem('error', d.code ?? 'CANNOT_RUN', d.elementId ?? null, d.message ?? error.message, d.messageEn ?? error.message),
    );
  }
  const text = error instanceof Error ? error.message : String(error);
  const elementId = error instanceof DomainError ? ((error.details as { elementId?: string } | undefined)?.elementId ?? null) : null;
  return [problem('error', 'CANNOT_RUN', elementId, `Không đọc được quy trình: ${text}`, `The procedure cannot be read: ${text}`)];
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
    if (loaded.ok && loaded.model) {
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
