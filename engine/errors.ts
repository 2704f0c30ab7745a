// Errors are values with stable codes. The server maps each code to an HTTP status in
// one place; nobody parses prose.

export type DomainErrorCode =
  // BPMN / procedure model
  | 'INVALID_MODEL'
  | 'INVALID_DURATION'
  | 'INVALID_EXPRESSION'
  | 'INVALID_CALENDAR'
  // dossier lifecycle
  | 'DOSSIER_CLOSED'
  | 'DOSSIER_PAUSED'
  | 'DOSSIER_NOT_PAUSED'
  | 'TASK_NOT_FOUND'
  | 'TASK_NOT_OPEN'
  | 'TASK_ALREADY_CLAIMED'
  | 'NOT_ASSIGNEE'
  | 'ROLE_REQUIRED'
  | 'WRONG_AGENCY'
  | 'INVALID_OUTCOME'
  | 'NO_ROUTE'
  | 'NOT_AWAITING_RETURN'
  | 'INVALID_APPOINTMENT'
  | 'APPOINTMENT_PASSED'
  | 'TIMER_NOT_FOUND'
  | 'AGENCY_NOT_FOUND'
  | 'SAME_AGENCY'
  // persistence
  | 'VERSION_CONFLICT'
  | 'NOT_FOUND'
  | 'DUPLICATE';

export class DomainError extends Error {
  readonly code: DomainErrorCode;
  readonly details: unknown;

  constructor(code: DomainErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.details = details;
  }
}

export const isDomainError = (e: unknown): e is DomainError => e instanceof DomainError;
