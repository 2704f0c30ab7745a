// Refusals of the application services that the engine has no code for: a dashboard
// query that makes no sense, an agency the caller may not see, a paper that does not
// apply. Like the engine's DomainError they carry a code, a catalogue entry and its
// parameters, never an HTTP status: the routes' one table (server/http/errors.ts) maps
// them.
import {
  MESSAGES,
  describeMessage,
  errorCodeOf,
  type MessageParams,
  type ServerMessageKey,
} from '../../contract/messages.js';
import type { MessageArgs } from '../../engine/index.js';

/** The codes a service may refuse with besides the engine's. */
export type ServiceErrorCode =
  | 'FORBIDDEN'
  | 'VALIDATION_FAILED'
  | 'FORM_NOT_FOUND'
  | 'FORM_NOT_AVAILABLE'
  // Documents (issue 16): a file, its upload, the file store, the reception checklist.
  | 'NOT_FOUND'
  | 'BAD_REQUEST'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'COMPONENTS_MISSING'
  | 'FILE_STORE_UNAVAILABLE';
export type ServiceMessageKey = Extract<ServerMessageKey, ServiceErrorCode | `${ServiceErrorCode}.${string}`>;

export class ServiceError<K extends ServiceMessageKey = ServiceMessageKey> extends Error {
  readonly code: ServiceErrorCode;
  readonly messageKey: K;
  readonly params: MessageParams;
  readonly messageEn: string;
  readonly details: unknown;

  constructor(key: K, ...args: MessageArgs<(typeof MESSAGES)[K]>) {
    const [params, details] = args as [MessageParams | undefined, unknown];
    const described = describeMessage(key, params as never);
    super(described.message);
    this.name = 'ServiceError';
    this.code = errorCodeOf(key) as ServiceErrorCode;
    this.messageKey = key;
    this.params = described.params;
    this.messageEn = described.messageEn;
    this.details = details;
  }
}

/** An item of `details` naming a field, in both languages from the catalogue (the services' twin of http/errors.ts fieldProblem). */
export function fieldDetail(field: string, key: ServerMessageKey, params?: MessageParams): { field: string; message: string; messageEn: string; messageKey: string; params: MessageParams } {
  return { field, ...describeMessage(key as never, params as never) };
}
