// How an error reads: the error's entry of the message catalogue (contract/messages.ts)
// with its parameters, in the chosen language — for an answer of the server (ApiError)
// and for an engine error raised in the page (DomainError) alike. A text is never cut
// apart: a clerk's words may contain " / ". Plain functions, no React (tests import them).
import { textOf } from '../../../contract/index.js';
import type { ErrorDetail } from '../api/client.js';
import type { Lang } from './format.js';

/** An error that carries a catalogue entry: ApiError, DomainError. */
interface Worded {
  message: string;
  messageEn?: string;
  messageKey?: string;
  params?: unknown;
}

const isWorded = (error: unknown): error is Worded =>
  error instanceof Error && typeof (error as { messageKey?: unknown }).messageKey === 'string';

export function errorText(error: unknown, lang: Lang): string {
  if (isWorded(error)) return textOf(error, lang);
  if (error instanceof Error) return error.message;
  return String(error);
}

/** One item of an answer's details (a field or a BPMN element): what is wrong with it. */
export function detailText(detail: ErrorDetail, lang: Lang): string {
  return textOf({ ...detail, message: detail.message === undefined ? '' : String(detail.message) }, lang);
}
