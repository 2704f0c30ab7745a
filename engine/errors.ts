// Errors are values with stable codes. The server maps each code to an HTTP status in
// one place; nobody parses prose. The words come from the message catalogue
// (engine/messages.ts): an error names its template and gives the parameters, and its
// `message` (Vietnamese) and `messageEn` are made from them.

import {
  DOMAIN_MESSAGES,
  codeOfKey,
  describeWith,
  type DomainErrorCode,
  type DomainMessageKey,
  type MessageArgs,
  type MessageParams,
} from './messages.js';

export { DOMAIN_ERROR_CODES, type DomainErrorCode, type DomainMessageKey } from './messages.js';

export class DomainError<K extends DomainMessageKey = DomainMessageKey> extends Error {
  readonly code: DomainErrorCode;
  /** The catalogue entry the message is made from: the code, or `CODE.variant`. */
  readonly messageKey: K;
  readonly params: MessageParams;
  /** The English message (`message` is the Vietnamese one). */
  readonly messageEn: string;
  readonly details: unknown;

  constructor(key: K, ...args: MessageArgs<(typeof DOMAIN_MESSAGES)[K]>) {
    const [params, details] = args as [MessageParams | undefined, unknown];
    const described = describeWith(DOMAIN_MESSAGES, key, params);
    super(described.message);
    this.name = 'DomainError';
    this.code = codeOfKey<DomainErrorCode>(key);
    this.messageKey = key;
    this.params = described.params;
    this.messageEn = described.messageEn;
    this.details = details;
  }
}

export const isDomainError = (e: unknown): e is DomainError => e instanceof DomainError;
