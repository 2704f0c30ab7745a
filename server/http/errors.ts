// One error shape for every response: `{ error: { code, message, messageEn, messageKey,
// params, details? } }` (docs/contract.md §3.2), the words from the message catalogue
// (contract/messages.ts); and one table from error codes to HTTP statuses. Services and
// the engine throw coded errors without a status; routes throw; this file answers.

import type { ErrorRequestHandler } from 'express';
import {
  MESSAGES,
  describeMessage,
  errorCodeOf,
  type ErrorAnswer,
  type ErrorCode,
  type FieldProblem,
  type MessageKey,
  type MessageParams,
} from '../../contract/messages.js';
import { DomainError, type DomainErrorCode, type MessageArgs, type ParamArgs } from '../../engine/index.js';
import { ServiceError, type ServiceErrorCode } from '../services/errors.js';
import { PasswordHashingBusy } from '../auth/passwords.js';

/** A refusal of the HTTP layer itself, whose status depends on where the request went wrong. */
export class HttpError<K extends MessageKey = MessageKey> extends Error {
  readonly code: ErrorCode;
  readonly messageKey: K;
  readonly params: MessageParams;
  readonly messageEn: string;
  readonly details: unknown;

  constructor(
    readonly status: number,
    key: K,
    ...args: MessageArgs<(typeof MESSAGES)[K]>
  ) {
    const [params, details] = args as [MessageParams | undefined, unknown];
    const described = describeMessage(key, params as never);
    super(described.message);
    this.name = 'HttpError';
    this.code = errorCodeOf(key);
    this.messageKey = key;
    this.params = described.params;
    this.messageEn = described.messageEn;
    this.details = details;
  }
}

const STATUS_OF: Record<DomainErrorCode | ServiceErrorCode, number> = {
  INVALID_MODEL: 422,
  INVALID_DURATION: 422,
  INVALID_EXPRESSION: 422,
  INVALID_CALENDAR: 422,
  DOSSIER_CLOSED: 409,
  DOSSIER_PAUSED: 409,
  DOSSIER_NOT_PAUSED: 409,
  NOT_SUBMITTED: 409,
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
  // A merged agency, or one outside the procedure's level or the province: a choice in the body.
  AGENCY_MERGED: 422,
  AGENCY_NOT_ELIGIBLE: 422,
  INVALID_DATA: 422,
  VERSION_CONFLICT: 409,
  NOT_FOUND: 404,
  DUPLICATE: 409,
  // The services' own refusals (server/services/errors.ts). A service validates query
  // parameters only (request bodies are checked by the routes' schemas, 422): 400.
  FORBIDDEN: 403,
  VALIDATION_FAILED: 400,
  FORM_NOT_FOUND: 404,
  FORM_NOT_AVAILABLE: 409,
  // Documents (server/services/documents.ts, server/files/upload.ts).
  BAD_REQUEST: 400,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  COMPONENTS_MISSING: 422,
  FILE_STORE_UNAVAILABLE: 503,
};

export const statusOf = (code: DomainErrorCode | ServiceErrorCode): number => STATUS_OF[code] ?? 400;

/** What an error answer is made of: DomainError, ServiceError and HttpError all have it. */
export interface CodedError {
  code: string;
  messageKey: string;
  params: MessageParams;
  message: string;
  messageEn: string;
  details?: unknown;
}

export function errorBody(error: CodedError): ErrorAnswer {
  const { code, message, messageEn, messageKey, params, details } = error;
  return { error: details === undefined ? { code, message, messageEn, messageKey, params } : { code, message, messageEn, messageKey, params, details } };
}

/** The answer to a coded error, or null for anything else (a fault: 500). */
export function answerOf(error: unknown): { status: number; body: ErrorAnswer } | null {
  if (error instanceof HttpError) return { status: error.status, body: errorBody(error) };
  if (error instanceof DomainError || error instanceof ServiceError) return { status: statusOf(error.code), body: errorBody(error) };
  if (error instanceof PasswordHashingBusy) return { status: 503, body: errorBody(new HttpError(503, 'SERVER_BUSY')) };
  return null;
}

/** An item of `details` naming a field, in both languages from the catalogue. */
export function fieldProblem<K extends MessageKey>(field: string, key: K, ...[params]: ParamArgs<(typeof MESSAGES)[K]>): FieldProblem {
  return { field, ...describeMessage(key, params as never) };
}

/** Express error handler: coded errors keep their codes; anything else is a 500 without internals. */
export const errorHandler: ErrorRequestHandler = (err, _req, res, _next) => {
  const answer = answerOf(err);
  if (answer) {
    if (answer.status === 503 && answer.body.error.code === 'SERVER_BUSY') res.setHeader('Retry-After', '1');
    res.status(answer.status).json(answer.body);
    return;
  }
  // body-parser's own errors carry a status and a type.
  const status = (err as { status?: number; type?: string }).status;
  const type = (err as { type?: string }).type;
  if (status === 413 || type === 'entity.too.large') {
    res.status(413).json(errorBody(new HttpError(413, 'PAYLOAD_TOO_LARGE')));
    return;
  }
  if (type === 'entity.parse.failed') {
    res.status(400).json(errorBody(new HttpError(400, 'INVALID_JSON')));
    return;
  }
  if (typeof status === 'number' && status >= 400 && status < 500) {
    res.status(status).json(errorBody(new HttpError(status, 'BAD_REQUEST', { reason: err instanceof Error ? err.message : String(err) })));
    return;
  }
  console.error(err);
  res.status(500).json(errorBody(new HttpError(500, 'INTERNAL')));
};
