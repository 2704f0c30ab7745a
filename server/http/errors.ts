// One error shape for every response: `{ error: { code, message, details? } }`, and one
// table from domain error codes to HTTP statuses. Routes throw; this file answers.

import type { ErrorRequestHandler } from 'express';
import { DomainError, type DomainErrorCode } from '../../engine/index.js';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

const STATUS_OF: Record<DomainErrorCode, number> = {
  INVALID_MODEL: 422,
  INVALID_DURATION: 422,
  INVALID_EXPRESSION: 422,
  INVALID_CALENDAR: 422,
  DOSSIER_CLOSED: 409,
  DOSSIER_PAUSED: 409,
  DOSSIER_NOT_PAUSED: 409,
  TASK_NOT_FOUND: 404,
  TASK_NOT_OPEN: 409,
  TASK_ALREADY_CLAIMED: 409,
  NOT_ASSIGNEE: 403,
  ROLE_REQUIRED: 403,
  WRONG_AGENCY: 403,
  INVALID_OUTCOME: 422,
  NO_ROUTE: 422,
  NOT_AWAITING_RETURN: 409,
  INVALID_APPOINTMENT: 422,
  APPOINTMENT_PASSED: 409,
  TIMER_NOT_FOUND: 404,
  AGENCY_NOT_FOUND: 422,
  SAME_AGENCY: 422,
  VERSION_CONFLICT: 409,
  NOT_FOUND: 404,
  DUPLICATE: 409,
};

export const statusOf = (code: DomainErrorCode): number => STATUS_OF[code] ?? 400;

export function errorBody(code: string, message: string, details?: unknown) {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

/** Express error handler: domain and HTTP errors keep their codes; anything else is a 500 without internals. */
export const errorHandler: ErrorRequestHandler = (err, _req, res, _next) => {
  if (err instanceof HttpError) {
    res.status(err.status).json(errorBody(err.code, err.message, err.details));
    return;
  }
  if (err instanceof DomainError) {
    res.status(statusOf(err.code)).json(errorBody(err.code, err.message, err.details));
    return;
  }
  // body-parser's own errors carry a status and a type.
  const status = (err as { status?: number; type?: string }).status;
  const type = (err as { type?: string }).type;
  if (status === 413 || type === 'entity.too.large') {
    res.status(413).json(errorBody('PAYLOAD_TOO_LARGE', 'Dữ liệu gửi lên quá lớn / Request body too large'));
    return;
  }
  if (type === 'entity.parse.failed') {
    res.status(400).json(errorBody('INVALID_JSON', 'Nội dung JSON không hợp lệ / Malformed JSON body'));
    return;
  }
  if (typeof status === 'number' && status >= 400 && status < 500) {
    res.status(status).json(errorBody('BAD_REQUEST', err instanceof Error ? err.message : String(err)));
    return;
  }
  console.error(err);
  res.status(500).json(errorBody('INTERNAL', 'Lỗi máy chủ / Internal server error'));
};
