// The one HTTP client of the web app: JSON in and out, the bearer token from the
// session, and every failure turned into an ApiError with the server's stable code
// (docs/contract.md §3.2: `{error: {code, message, messageEn, messageKey, params, details?}}`).
import type { MessageParams } from '../../../contract/index.js';

export interface ErrorDetail {
  elementId?: string | null;
  field?: string;
  message?: string;
  messageEn?: string;
  messageKey?: string;
  params?: MessageParams;
  [key: string]: unknown;
}

/** What an error answer says besides its code: the catalogue entry and both texts. */
export interface ErrorWords {
  /** English text (`message` is the Vietnamese one). */
  messageEn?: string;
  /** The message catalogue's entry (contract/messages.ts): `code` or `code.variant`. */
  messageKey?: string;
  params?: MessageParams;
}

export class ApiError extends Error {
  readonly messageEn: string | undefined;
  readonly messageKey: string;
  readonly params: MessageParams;

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    words: ErrorWords = {},
  ) {
    super(message);
    this.name = 'ApiError';
    this.messageEn = words.messageEn;
    // An older server sends no key: its code is the entry (when the catalogue has it).
    this.messageKey = words.messageKey ?? code;
    this.params = words.params ?? {};
  }

  /** Details as a list (validation problems name a field or a BPMN element). */
  get detailList(): ErrorDetail[] {
    return Array.isArray(this.details) ? (this.details as ErrorDetail[]) : [];
  }
}

let token: string | null = null;
let onUnauthorized: (() => void) | null = null;
let onServerTime: ((serverTime: Date, sentAt: number, receivedAt: number) => void) | null = null;

/** The header in which every API answer carries the server's clock (server/app.ts). */
export const SERVER_TIME_HEADER = 'X-Server-Time';

/**
 * Called with the server's instant of every answer and the browser's clock (ms) when the
 * request left and the answer came: time.ts keeps the page's "now" on the server's clock.
 */
export function onServerTimeSeen(callback: (serverTime: Date, sentAt: number, receivedAt: number) => void): void {
  onServerTime = callback;
}

/** The server's instant stamped on an answer, or null when it carries none (an older server, a proxy's page). */
export function serverTimeOf(response: Pick<Response, 'headers'>): Date | null {
  const value = response.headers.get(SERVER_TIME_HEADER);
  if (!value) return null;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? null : at;
}

export function setToken(value: string | null): void {
  token = value;
}

export function currentToken(): string | null {
  return token;
}

/** Called when the server says the session is no longer valid (expired token). */
export function onSessionExpired(callback: () => void): void {
  onUnauthorized = callback;
}

/** The header that makes an action safe to send again (docs/contract.md §3.1). */
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';

/** Methods that change state: each such request carries an Idempotency-Key. */
const ACTION_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** A fresh key. `crypto.randomUUID` needs a secure context; a LAN address over plain HTTP has only getRandomValues. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** How often an action whose connection dropped is sent again, with the same key (the server applies it once). */
const NETWORK_RETRIES = 2;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface RequestOptions {
  /** The action's Idempotency-Key (default: a fresh one per call, kept across its own retries). */
  idempotencyKey?: string;
  /** Raw text body with this content type (BPMN XML) instead of JSON. */
  contentType?: string;
  /** Read the answer as text (printable forms, XML). */
  text?: boolean;
  signal?: AbortSignal;
}

export async function request<T>(method: string, path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
  return (await requestTimed<T>(method, path, body, options)).body;
}

/** An answer with the server's instant it was computed at (null when the server did not say). */
export interface Timed<T> {
  body: T;
  serverTime: Date | null;
}

/**
 * `request`, also returning the server's clock of the answer: what a countdown counts
 * on from (the server judged `remainingWorkingMinutes` at that instant, not at the
 * browser's).
 */
export async function requestTimed<T>(method: string, path: string, body?: unknown, options: RequestOptions = {}): Promise<Timed<T>> {
  const headers: Record<string, string> = { Accept: options.text ? 'text/html, application/xml, text/plain' : 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  let payload: BodyInit | undefined;
  if (body !== undefined) {
    if (options.contentType) {
      headers['Content-Type'] = options.contentType;
      payload = body as string;
    } else {
      headers['Content-Type'] = 'application/json';
      payload = JSON.stringify(body);
    }
  }
  // Every action carries a key, so the same press sent twice (a dropped connection, a
  // retry below) is applied once and answered with the first answer.
  const isAction = ACTION_METHODS.has(method.toUpperCase());
  if (isAction) headers[IDEMPOTENCY_HEADER] = options.idempotencyKey ?? newIdempotencyKey();
  let response: Response;
  let sentAt = Date.now();
  for (let attempt = 0; ; attempt++) {
    sentAt = Date.now();
    try {
      response = await fetch(`/api${path}`, { method, headers, body: payload, signal: options.signal });
      // The first attempt may still be running on the server: ask again shortly.
      if (isAction && response.status === 409 && attempt < NETWORK_RETRIES && (await isInProgress(response))) {
        await sleep(500 * (attempt + 1));
        continue;
      }
      break;
    } catch (error) {
      if ((error as Error)?.name === 'AbortError') throw error;
      if (isAction && attempt < NETWORK_RETRIES) {
        await sleep(500 * (attempt + 1));
        continue;
      }
      throw new ApiError(0, 'NETWORK', 'Không kết nối được máy chủ', undefined, { messageEn: 'Cannot reach the server' });
    }
  }
  const serverTime = serverTimeOf(response);
  if (serverTime && onServerTime) onServerTime(serverTime, sentAt, Date.now());
  if (!response.ok) {
    let code = `HTTP_${response.status}`;
    let message = response.statusText || code;
    let details: unknown;
    let words: ErrorWords = {};
    try {
      const parsed = (await response.json()) as { error?: { code?: string; message?: string; details?: unknown } & ErrorWords };
      if (parsed.error) {
        code = parsed.error.code ?? code;
        message = parsed.error.message ?? message;
        details = parsed.error.details;
        words = { messageEn: parsed.error.messageEn, messageKey: parsed.error.messageKey, params: parsed.error.params };
      }
    } catch {
      // Not JSON (a proxy's error page): keep the status text.
    }
    if (response.status === 401 && token && onUnauthorized) onUnauthorized();
    throw new ApiError(response.status, code, message, details, words);
  }
  if (response.status === 204) return { body: undefined as T, serverTime };
  if (options.text) return { body: (await response.text()) as T, serverTime };
  const text = await response.text();
  return { body: (text ? JSON.parse(text) : undefined) as T, serverTime };
}

/** A 409 IDEMPOTENCY_IN_PROGRESS of the plain kind (the first attempt still runs), read from a copy. */
async function isInProgress(response: Response): Promise<boolean> {
  try {
    const parsed = (await response.clone().json()) as { error?: { code?: string; messageKey?: string } };
    return parsed.error?.code === 'IDEMPOTENCY_IN_PROGRESS' && parsed.error.messageKey !== 'IDEMPOTENCY_IN_PROGRESS.applied';
  } catch {
    return false;
  }
}

/** Lists come as a plain array or as `{items, total}` (CONTRACT.md §3). */
export function itemsOf<T>(list: T[] | { items: T[]; total?: number } | null | undefined): T[] {
  if (!list) return [];
  return Array.isArray(list) ? list : Array.isArray(list.items) ? list.items : [];
}

/** Query string from defined, non-empty values. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
