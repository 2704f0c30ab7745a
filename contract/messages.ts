// The message catalogue of the API: every error code the server answers with, in
// Vietnamese and English, as templates with named parameters. The server makes an error
// answer's `message` (Vietnamese) and `messageEn` from it; the web app shows the same
// entry, with the answer's `params`, in the language the user chose. Free text a person
// typed (a reason, a comment) travels as a parameter or a field, never cut apart.
//
// The engine owns the words of its own codes (engine/messages.ts); the codes below are
// those of the HTTP layer and of the server's services (docs/contract.md §3.2).
import {
  DOMAIN_ERROR_CODES,
  DOMAIN_MESSAGES,
  codeOfKey,
  describeWith,
  formatMessage,
  type CodedMessage,
  type DomainErrorCode,
  type Lang,
  type MessageParams,
  type MessageTemplate,
  type ParamArgs,
} from '../engine/messages.js';

export {
  DOMAIN_ERROR_CODES,
  codeOfKey,
  formatMessage,
  templateParams,
  type CodedMessage,
  type DomainErrorCode,
  type Lang,
  type Localized,
  type MessageParams,
  type MessageTemplate,
  type ParamValue,
} from '../engine/messages.js';

/** Codes the server itself answers with (the HTTP layer, sign-in, papers, the test clock). */
export const SERVER_ERROR_CODES = [
  'VALIDATION_FAILED',
  'INVALID_JSON',
  'BAD_REQUEST',
  'PAYLOAD_TOO_LARGE',
  'JSON_TOO_DEEP',
  'UNSUPPORTED_MEDIA_TYPE',
  'UNAUTHENTICATED',
  'INVALID_TOKEN',
  'SESSION_ENDED',
  'INVALID_CREDENTIALS',
  'ACCOUNT_DISABLED',
  'FORBIDDEN',
  'TOO_MANY_ATTEMPTS',
  'TOO_MANY_REQUESTS',
  'PROCEDURE_UNCHANGED',
  'TIME_LIMIT_EXCEEDED',
  'WEAK_PASSWORD',
  'WRONG_PASSWORD',
  'SERVER_BUSY',
  'LAST_ADMIN',
  'IDEMPOTENCY_IN_PROGRESS',
  'IDEMPOTENCY_KEY_REUSED',
  'FORM_NOT_FOUND',
  'FORM_NOT_AVAILABLE',
  'CLOCK_NOT_MANUAL',
  'DATABASE_UNAVAILABLE',
  // Citizens and the national portal (issue 17).
  'SUBMISSION_REFUSED',
  'WEBHOOK_TARGET_REFUSED',
  'INVALID_SIGNATURE',
  'NOT_CONFIGURED',
  'GATEWAY_FAILED',
  'ALREADY_RATED',
  'NOT_RETURNED',
  'PAYMENT_MISMATCH',
  'COMPONENTS_MISSING',
  'FILE_STORE_UNAVAILABLE',
  'INTERNAL',
] as const;

export type ServerErrorCode = (typeof SERVER_ERROR_CODES)[number];
export type ErrorCode = DomainErrorCode | ServerErrorCode;

export const ERROR_CODES: readonly ErrorCode[] = [...DOMAIN_ERROR_CODES, ...SERVER_ERROR_CODES];

export const SERVER_MESSAGES = {
  VALIDATION_FAILED: { vi: 'Dữ liệu không hợp lệ', en: 'Invalid request' },
  'VALIDATION_FAILED.clockMove': {
    vi: 'Gửi một trong hai trường "now" hoặc "advance"',
    en: 'Send one of the fields "now" or "advance"',
  },
  'VALIDATION_FAILED.clockAdvance': { vi: 'Khoảng thời gian không hợp lệ', en: 'Invalid duration' },
  INVALID_JSON: { vi: 'Nội dung JSON không hợp lệ', en: 'Malformed JSON body' },
  BAD_REQUEST: { vi: 'Yêu cầu không hợp lệ: {reason}', en: 'Bad request: {reason}' },
  PAYLOAD_TOO_LARGE: { vi: 'Dữ liệu gửi lên quá lớn', en: 'Request body too large' },
  JSON_TOO_DEEP: {
    vi: 'Nội dung JSON lồng nhau quá sâu (tối đa {max} cấp)',
    en: 'The JSON body is nested too deep (at most {max} levels)',
  },
  UNSUPPORTED_MEDIA_TYPE: { vi: 'Cần gửi {mediaType}', en: 'Send {mediaType}' },
  UNAUTHENTICATED: { vi: 'Cần đăng nhập', en: 'Authentication required' },
  'UNAUTHENTICATED.socket': {
    vi: 'Cần đăng nhập: gửi mã phiên trong auth.token',
    en: 'Authentication required: send the token in auth.token',
  },
  'UNAUTHENTICATED.invalidToken': {
    vi: 'Phiên đăng nhập không hợp lệ hoặc đã hết hạn',
    en: 'Invalid or expired token',
  },
  INVALID_TOKEN: { vi: 'Phiên đăng nhập không hợp lệ hoặc đã hết hạn', en: 'Invalid or expired token' },
  'INVALID_TOKEN.inactive': { vi: 'Tài khoản không còn hiệu lực', en: 'The account is no longer active' },
  'INVALID_TOKEN.expired': { vi: 'Phiên đăng nhập đã hết hạn', en: 'The session has expired' },
  'INVALID_TOKEN.revoked': {
    vi: 'Tài khoản vừa được thay đổi (mật khẩu, vai trò hoặc cơ quan), hãy đăng nhập lại',
    en: 'The account was changed (password, roles or agency); log in again',
  },
  SESSION_ENDED: {
    vi: 'Phiên làm việc đã hết thời gian tối đa, hãy đăng nhập lại',
    en: 'The session reached its maximum length; log in again',
  },
  INVALID_CREDENTIALS: { vi: 'Sai tên đăng nhập hoặc mật khẩu', en: 'Wrong username or password' },
  ACCOUNT_DISABLED: { vi: 'Tài khoản đã bị khoá', en: 'The account is disabled' },
  FORBIDDEN: { vi: 'Không có quyền', en: 'Not allowed' },
  'FORBIDDEN.agency': { vi: 'Không có quyền xem cơ quan {agencyCode}', en: 'Not allowed to see agency {agencyCode}' },
  'FORBIDDEN.clock': { vi: 'Chỉ quản trị viên chỉnh được đồng hồ', en: 'Only an admin moves the clock' },
  TOO_MANY_ATTEMPTS: {
    vi: 'Đăng nhập sai quá nhiều lần, hãy thử lại sau',
    en: 'Too many failed logins, try again later',
  },
  'TOO_MANY_ATTEMPTS.address': {
    vi: 'Có quá nhiều lần đăng nhập sai từ địa chỉ này, hãy thử lại sau',
    en: 'Too many failed logins from this address, try again later',
  },
  WEAK_PASSWORD: {
    vi: 'Mật khẩu quá yếu: cần ít nhất {minLength} ký tự, không phải mật khẩu phổ biến và không chứa tên đăng nhập',
    en: 'The password is too weak: at least {minLength} characters, not a common password and not containing the username',
  },
  WRONG_PASSWORD: { vi: 'Mật khẩu hiện tại không đúng', en: 'The current password is wrong' },
  LAST_ADMIN: {
    vi: 'Không thể khoá hoặc bỏ quyền quản trị của quản trị viên cuối cùng đang hoạt động',
    en: 'The last active admin cannot be disabled or lose the admin role',
  },
  SERVER_BUSY: {
    vi: 'Máy chủ đang bận kiểm tra mật khẩu, hãy thử lại sau giây lát',
    en: 'The server is busy checking passwords, try again in a moment',
  },
  TOO_MANY_REQUESTS: {
    vi: 'Tra cứu quá nhiều lần, vui lòng thử lại sau ít phút',
    en: 'Too many lookups, try again in a minute',
  },
  PROCEDURE_UNCHANGED: {
    vi: 'Quy trình không có gì thay đổi so với phiên bản {version} đang áp dụng: không ban hành phiên bản mới',
    en: 'Nothing changed since version {version} in force: no new version deployed',
  },
  TIME_LIMIT_EXCEEDED: {
    vi: 'Tổng thời gian các bước ({steps} ngày) vượt thời hạn giải quyết theo quy định ({limit} ngày): chỉ ban hành khi có lý do',
    en: 'The steps take {steps} days, more than the legal time limit of {limit} days: deploy only with a reason',
  },
  'TOO_MANY_REQUESTS.code': {
    vi: 'Mã hồ sơ này đã bị tra cứu sai quá nhiều lần, vui lòng thử lại sau ít phút',
    en: 'Too many wrong lookups of this dossier code, try again in a few minutes',
  },
  IDEMPOTENCY_IN_PROGRESS: {
    vi: 'Yêu cầu với khoá này đang được xử lý, hãy thử lại sau',
    en: 'A request with this key is still in progress, retry later',
  },
  'IDEMPOTENCY_IN_PROGRESS.applied': {
    vi: 'Thao tác với khoá này đã được thực hiện nhưng không dựng được câu trả lời; hãy tải lại hồ sơ',
    en: 'The action with this key was applied but its answer could not be made; reload',
  },
  IDEMPOTENCY_KEY_REUSED: {
    vi: 'Khoá Idempotency-Key đã dùng cho một yêu cầu khác',
    en: 'This Idempotency-Key was used for a different request',
  },
  FORM_NOT_FOUND: { vi: 'Không có mẫu giấy "{form}"', en: 'No such form "{form}"' },
  FORM_NOT_AVAILABLE: {
    vi: 'Mẫu giấy này không áp dụng cho hồ sơ',
    en: 'This form does not apply to the dossier',
  },
  'FORM_NOT_AVAILABLE.rejection': { vi: 'Hồ sơ không bị từ chối', en: 'The dossier was not rejected' },
  'FORM_NOT_AVAILABLE.supplementRequest': {
    vi: 'Hồ sơ chưa có yêu cầu bổ sung',
    en: 'The dossier has no supplement request',
  },
  'FORM_NOT_AVAILABLE.apology': { vi: 'Hồ sơ chưa có phiếu xin lỗi', en: 'The dossier was never apologized for' },
  CLOCK_NOT_MANUAL: {
    vi: 'Đồng hồ thật không chỉnh được; chạy với MOTCUA_CLOCK=manual',
    en: 'The clock is real; start with MOTCUA_CLOCK=manual',
  },
  // Never the database's own error text (hosts, users, paths): the server logs that.
  DATABASE_UNAVAILABLE: { vi: 'Cơ sở dữ liệu không trả lời', en: 'The database does not answer' },
  INTERNAL: { vi: 'Lỗi máy chủ', en: 'Internal server error' },
  // Citizens and the national portal (issue 17).
  SUBMISSION_REFUSED: {
    vi: 'Không nhận được hồ sơ gửi từ biểu mẫu này, hãy tải lại trang và gửi lại',
    en: 'The filing from this form was not accepted; reload the page and send it again',
  },
  'TOO_MANY_REQUESTS.submission': {
    vi: 'Đã nộp quá nhiều hồ sơ từ địa chỉ này, vui lòng thử lại sau',
    en: 'Too many filings from this address, try again later',
  },
  'TOO_MANY_REQUESTS.rating': {
    vi: 'Gửi đánh giá quá nhiều lần, vui lòng thử lại sau ít phút',
    en: 'Too many rating attempts, try again in a few minutes',
  },
  WEBHOOK_TARGET_REFUSED: {
    vi: 'Không gửi được tới địa chỉ {host}: địa chỉ nội bộ hoặc không phải http(s) (cho phép bằng MOTCUA_WEBHOOK_ALLOW)',
    en: 'Webhooks may not reach {host}: a private or loopback address, or not http(s) (allow it with MOTCUA_WEBHOOK_ALLOW)',
  },
  INVALID_SIGNATURE: { vi: 'Chữ ký của yêu cầu không hợp lệ', en: 'The request signature is invalid' },
  NOT_CONFIGURED: {
    vi: 'Chưa cấu hình kết nối {integration}',
    en: 'The {integration} integration is not configured',
  },
  GATEWAY_FAILED: {
    vi: 'Cổng {integration} không trả lời được, hãy thử lại sau',
    en: 'The {integration} gateway did not answer, try again later',
  },
  ALREADY_RATED: { vi: 'Hồ sơ này đã được đánh giá', en: 'This dossier has already been rated' },
  NOT_RETURNED: {
    vi: 'Chỉ đánh giá được sau khi đã nhận kết quả',
    en: 'A dossier can be rated only once its result is returned',
  },
  PAYMENT_MISMATCH: {
    vi: 'Số tiền {amount} không khớp với khoản thanh toán ({expected})',
    en: 'The amount {amount} does not match the payment ({expected})',
  },
  'NOT_FOUND.payment': { vi: 'Không có khoản thanh toán {paymentId}', en: 'No payment {paymentId}' },
  'NOT_FOUND.webhook': { vi: 'Không có webhook {id}', en: 'No webhook {id}' },
  // Documents (issue 16): the reception checklist, uploads, the electronic result.
  COMPONENTS_MISSING: {
    vi: 'Hồ sơ còn thiếu thành phần bắt buộc: {names}. Bổ sung đủ, hoặc chọn tiếp nhận kèm yêu cầu bổ sung',
    en: 'Required dossier components are missing: {names}. Complete them, or choose to receive with a supplement request',
  },
  FILE_STORE_UNAVAILABLE: { vi: 'Kho lưu trữ tệp không trả lời, hãy thử lại sau', en: 'The file store does not answer, try again later' },
  'PAYLOAD_TOO_LARGE.file': { vi: 'Tệp lớn hơn giới hạn {maxMb} MB', en: 'The file is larger than the {maxMb} MB limit' },
  'UNSUPPORTED_MEDIA_TYPE.file': {
    vi: 'Chỉ nhận tệp PDF, JPEG hoặc PNG (xét theo nội dung tệp, không theo tên)',
    en: 'Only PDF, JPEG or PNG files are accepted (judged by their content, not their name)',
  },
  'UNSUPPORTED_MEDIA_TYPE.resultPdf': { vi: 'Kết quả điện tử phải là tệp PDF', en: 'The electronic result must be a PDF file' },
  'VALIDATION_FAILED.fileMissing': { vi: 'Gửi tệp trong trường "file" (multipart/form-data)', en: 'Send the file in the field "file" (multipart/form-data)' },
  'VALIDATION_FAILED.unknownComponent': {
    vi: 'Thủ tục không có thành phần hồ sơ "{component}"',
    en: 'The procedure has no dossier component "{component}"',
  },
  'FORBIDDEN.file': {
    vi: 'Chỉ cán bộ đang xử lý hồ sơ mới được tải tệp lên',
    en: 'Only staff acting on the dossier may upload its files',
  },
  'NOT_FOUND.file': { vi: 'Không có tệp {fileId}', en: 'No file {fileId}' },
  'VALIDATION_FAILED.certificate': {
    vi: 'Không đọc được chứng thư số PKCS#12 (sai mật khẩu, hoặc tệp không có khoá bí mật và chứng thư khớp nhau)',
    en: 'The PKCS#12 certificate cannot be read (wrong password, or no matching private key and certificate in the file)',
  },
  'NOT_FOUND.result': {
    vi: 'Chưa có kết quả điện tử để tải về (hồ sơ chưa trả kết quả)',
    en: 'No electronic result to download yet (the dossier has not been returned)',
  },
  // The server's own reasons for a domain code.
  'NOT_FOUND.route': { vi: 'Không có API này', en: 'No such API route' },
  'NOT_FOUND.incident': { vi: 'Không có sự cố số {id}', en: 'No incident {id}' },
  'NOT_FOUND.user': { vi: 'Không có tài khoản {username}', en: 'No account {username}' },
  'NOT_FOUND.draft': { vi: 'Chưa có bản nháp của quy trình {procedureKey}', en: 'No draft of procedure {procedureKey}' },
} as const satisfies Record<ServerErrorCode | `${ErrorCode}.${string}`, MessageTemplate>;

/** Every template: the engine's codes and the server's, keyed by `CODE` or `CODE.variant`. */
export const MESSAGES = { ...DOMAIN_MESSAGES, ...SERVER_MESSAGES } as const;

export type MessageKey = keyof typeof MESSAGES;
export type ServerMessageKey = keyof typeof SERVER_MESSAGES;

export const isMessageKey = (key: unknown): key is MessageKey => typeof key === 'string' && Object.hasOwn(MESSAGES, key);

/**
 * The text of one catalogue entry in one language. Typed: the parameters a template names
 * are required (`messageOf('ROLE_REQUIRED', {role: 'head'}, 'en')`).
 */
export function messageOf<K extends MessageKey>(key: K, params: ParamArgs<(typeof MESSAGES)[K]>[0], lang: Lang): string {
  const template = MESSAGES[key] as MessageTemplate;
  return formatMessage(template[lang], params as MessageParams | undefined, lang);
}

/** Both texts and the parameters of one entry: what an error answer or a detail carries. */
export function describeMessage<K extends MessageKey>(key: K, ...[params]: ParamArgs<(typeof MESSAGES)[K]>): CodedMessage<K> {
  return describeWith(MESSAGES, key, params as MessageParams | undefined);
}

export const errorCodeOf = (key: MessageKey): ErrorCode => codeOfKey<ErrorCode>(key);

/**
 * An error answer, `{error: ErrorPayload}` (docs/contract.md §3.2). `message` is Vietnamese,
 * `messageEn` English; `messageKey` names the catalogue entry both were made from (`code`
 * or `code.variant`) and `params` its values, so a client shows the entry in its own words.
 */
export interface ErrorPayload {
  code: string;
  message: string;
  messageEn: string;
  messageKey: string;
  params: MessageParams;
  details?: unknown;
}

export interface ErrorAnswer {
  error: ErrorPayload;
}

/** An item of `details` that says what is wrong with one field (a request field, a list of a calendar). */
export interface FieldProblem extends Partial<CodedMessage> {
  field: string;
  message: string;
}

/**
 * The words of an error answer (or a detail) in one language: the catalogue entry with
 * its parameters when the reader knows the entry, else the text the server sent in that
 * language. Never cuts a text apart.
 */
export function textOf(
  answer: { messageKey?: unknown; params?: unknown; message?: unknown; messageEn?: unknown },
  lang: Lang,
): string {
  if (isMessageKey(answer.messageKey)) {
    const params = answer.params && typeof answer.params === 'object' ? (answer.params as MessageParams) : {};
    return formatMessage((MESSAGES[answer.messageKey] as MessageTemplate)[lang], params, lang);
  }
  const vi = typeof answer.message === 'string' ? answer.message : '';
  const en = typeof answer.messageEn === 'string' ? answer.messageEn : '';
  return lang === 'en' && en ? en : vi || en;
}
