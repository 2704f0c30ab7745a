// A validation finding. Validation never stops at the first one: every problem of a
// model is reported at once, each pointing at the BPMN element it is about.

export type Severity = 'error' | 'warning';

export interface Problem {
  /** BPMN element id; null only for problems about the whole document (e.g. not XML). */
  elementId: string | null;
  /** Stable machine-readable code, e.g. `UNSUPPORTED_ELEMENT`, `DANGLING_FLOW`. */
  code: string;
  severity: Severity;
  /** Vietnamese message (shown first). */
  message: string;
  /** English message. */
  messageEn: string;
}

export function problem(
  severity: Severity,
  code: string,
  elementId: string | null,
  message: string,
  messageEn: string,
): Problem {
  return { elementId, code, severity, message, messageEn };
}

export const hasErrors = (problems: readonly Problem[]): boolean =>
  problems.some((p) => p.severity === 'error');
