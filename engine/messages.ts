// The words of the engine's errors, in Vietnamese and English, as templates with named
// parameters: `Cần vai trò "{role}"`. An error carries its code, the key of its template
// and the parameters; the text is made from them in the reader's language — nobody
// writes "vi / en" into one string, and nobody splits one.
//
// A key is the error's code, or `CODE.variant` when one code has several reasons (an
// agency is missing because the code is unknown, because the receiving agency has no
// parent, because no agency of a kind is near). The engine owns the texts of its own
// codes; contract/messages.ts adds the server's codes and is what the server and the web
// app read.

export type Lang = 'vi' | 'en';

/** A parameter that is itself words (a reason made of parts): one text per language. */
export interface Localized {
  readonly vi: string;
  readonly en: string;
}

export type ParamValue = string | number | Localized;
export type MessageParams = Readonly<Record<string, ParamValue>>;

export interface MessageTemplate {
  readonly vi: string;
  readonly en: string;
}

type Names<T extends string> = T extends `${string}{${infer P}}${infer Rest}` ? P | Names<Rest> : never;

/** The parameter names a template uses (in either language). */
export type ParamNames<T extends MessageTemplate> = Names<T['vi']> | Names<T['en']>;

/** The parameters a template needs. */
export type ParamsOf<T extends MessageTemplate> = { readonly [P in ParamNames<T>]: ParamValue };

/** `(params)` for a template with parameters, `(params?)` for one without. */
export type ParamArgs<T extends MessageTemplate> = [ParamNames<T>] extends [never]
  ? [params?: Readonly<Record<string, never>>]
  : [params: ParamsOf<T>];

/** `(params, details)` for a template with parameters, `(params?, details?)` for one without. */
export type MessageArgs<T extends MessageTemplate> = [ParamNames<T>] extends [never]
  ? [params?: Readonly<Record<string, never>>, details?: unknown]
  : [params: ParamsOf<T>, details?: unknown];

/** A message as values carry it: which template, its parameters, and the text in both languages. */
export interface CodedMessage<K extends string = string> {
  readonly messageKey: K;
  readonly params: MessageParams;
  readonly message: string;
  readonly messageEn: string;
}

/** Both texts of one template with its parameters. */
export function describeWith<K extends string>(
  catalogue: Readonly<Record<K, MessageTemplate>>,
  key: K,
  params: MessageParams = {},
): CodedMessage<K> {
  const template = catalogue[key];
  return {
    messageKey: key,
    params,
    message: formatMessage(template.vi, params, 'vi'),
    messageEn: formatMessage(template.en, params, 'en'),
  };
}

const PARAM = /\{(\w+)\}/g;

/** Fills a template; a parameter that is missing stays `{name}` (visible, never a crash). */
export function formatMessage(template: string, params: MessageParams | undefined, lang: Lang): string {
  return template.replace(PARAM, (whole, name: string) => {
    const value = params?.[name];
    if (value === undefined || value === null) return whole;
    return typeof value === 'object' ? (value[lang] ?? value.vi) : String(value);
  });
}

/** The parameter names of one template text, in order of first use. */
export function templateParams(template: string): string[] {
  return [...new Set([...template.matchAll(PARAM)].map((m) => m[1]))];
}

/** The error code a message key belongs to: `AGENCY_NOT_FOUND.noParent` → `AGENCY_NOT_FOUND`. */
export function codeOfKey<C extends string>(key: C | `${C}.${string}`): C {
  const dot = key.indexOf('.');
  return (dot < 0 ? key : key.slice(0, dot)) as C;
}

/** One list of the engine's error codes (engine/errors.ts types them from it). */
export const DOMAIN_ERROR_CODES = [
  // BPMN / procedure model
  'INVALID_MODEL',
  'INVALID_DURATION',
  'INVALID_EXPRESSION',
  'INVALID_CALENDAR',
  // dossier lifecycle
  'DOSSIER_CLOSED',
  'DOSSIER_PAUSED',
  'DOSSIER_NOT_PAUSED',
  'NOT_SUBMITTED',
  'TASK_NOT_FOUND',
  'TASK_NOT_OPEN',
  'TASK_ALREADY_CLAIMED',
  'NOT_ASSIGNEE',
  'ROLE_REQUIRED',
  'WRONG_AGENCY',
  'INVALID_OUTCOME',
  'NO_ROUTE',
  'NOT_AWAITING_RETURN',
  'INVALID_APPOINTMENT',
  'APPOINTMENT_PASSED',
  'TIMER_NOT_FOUND',
  'AGENCY_NOT_FOUND',
  'SAME_AGENCY',
  'AGENCY_MERGED',
  'AGENCY_NOT_ELIGIBLE',
  'INVALID_DATA',
  // persistence
  'VERSION_CONFLICT',
  'NOT_FOUND',
  'DUPLICATE',
] as const;

export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];

const CALENDAR = { vi: 'Lịch làm việc không hợp lệ', en: 'Invalid working calendar' } as const;

export const DOMAIN_MESSAGES = {
  // ── BPMN / procedure model ──────────────────────────────────────────────────
  INVALID_MODEL: { vi: 'Quy trình có lỗi', en: 'The procedure has errors' },
  'INVALID_MODEL.noTimeLimit': {
    vi: 'Quy trình chưa có thời hạn giải quyết (mc:timeLimit)',
    en: 'The procedure has no time limit (mc:timeLimit)',
  },
  'INVALID_MODEL.cannotRun': { vi: 'Quy trình không chạy được', en: 'The procedure cannot run' },
  'INVALID_MODEL.startEvents': { vi: 'Cần đúng một sự kiện bắt đầu', en: 'Exactly one start event is needed' },
  'INVALID_MODEL.noElement': { vi: 'Không có phần tử {elementId}', en: 'No element {elementId}' },
  'INVALID_MODEL.missingFlow': { vi: 'Luồng {flowId} không tồn tại', en: 'Flow {flowId} is missing' },
  'INVALID_MODEL.cannotRunElement': { vi: 'Không chạy được phần tử {elementId}', en: 'Cannot run element {elementId}' },
  'INVALID_MODEL.nothingToExport': {
    vi: 'Không có dữ liệu BPMN để xuất',
    en: 'Nothing to export: not a bpmn:Definitions tree',
  },
  'INVALID_MODEL.unreadable': { vi: 'Tệp BPMN không đọc được', en: 'The BPMN file cannot be read' },
  'INVALID_MODEL.cutoff': {
    vi: 'Giờ chốt nhận hồ sơ "{cutoff}" không hợp lệ (HH:mm).',
    en: 'Invalid cutoff "{cutoff}" (HH:mm).',
  },

  INVALID_DURATION: {
    vi: 'Thời hạn "{duration}" không hợp lệ: cần dạng ISO 8601 như P15D, P0.5D, PT4H.',
    en: 'Invalid duration "{duration}": expected ISO 8601 such as P15D, P0.5D, PT4H.',
  },
  'INVALID_DURATION.notString': {
    vi: 'Thời hạn "{duration}" không hợp lệ: không phải chuỗi ISO 8601.',
    en: 'Invalid duration "{duration}": not an ISO 8601 string.',
  },
  'INVALID_DURATION.yearsMonths': {
    vi: 'Thời hạn "{duration}" không hợp lệ: không dùng năm hoặc tháng, hãy ghi số ngày (D).',
    en: 'Invalid duration "{duration}": years and months are not allowed, write days (D).',
  },
  'INVALID_DURATION.weeks': {
    vi: 'Thời hạn "{duration}" không hợp lệ: không dùng tuần cho ngày làm việc, hãy ghi số ngày (D).',
    en: 'Invalid duration "{duration}": weeks are not allowed in working time, write days (D).',
  },
  'INVALID_DURATION.minutes': {
    vi: 'Thời lượng không hợp lệ: {minutes} phút.',
    en: 'Invalid duration: {minutes} minutes.',
  },
  'INVALID_DURATION.timerCycle': {
    vi: 'Chu kỳ hẹn giờ không hợp lệ "{cycle}"',
    en: 'Invalid timer cycle "{cycle}"',
  },
  'INVALID_DURATION.noTimeLimit': {
    vi: 'Thủ tục chưa có thời hạn giải quyết nên không thể hẹn ngày trả kết quả.',
    en: 'The procedure has no time limit, so no appointment can be given.',
  },

  INVALID_EXPRESSION: {
    vi: 'Biểu thức điều kiện không hợp lệ: {reason}.',
    en: 'Invalid condition expression: {reason}.',
  },
  'INVALID_EXPRESSION.at': {
    vi: 'Biểu thức điều kiện không hợp lệ tại cột {column}: {reason}.',
    en: 'Invalid condition expression at column {column}: {reason}.',
  },

  INVALID_CALENDAR: CALENDAR,
  'INVALID_CALENDAR.timeZone': {
    vi: `${CALENDAR.vi}: múi giờ {timeZone} không tồn tại.`,
    en: `${CALENDAR.en}: unknown time zone {timeZone}.`,
  },
  'INVALID_CALENDAR.weekdays': {
    vi: `${CALENDAR.vi}: ngày làm việc trong tuần phải là 1 (thứ Hai) … 7 (Chủ nhật).`,
    en: `${CALENDAR.en}: weekdays must be 1 (Monday) … 7 (Sunday).`,
  },
  'INVALID_CALENDAR.sessions': {
    vi: `${CALENDAR.vi}: các buổi làm việc phải có dạng HH:mm, theo thứ tự, không chồng lấn.`,
    en: `${CALENDAR.en}: sessions must be HH:mm, in order, not overlapping.`,
  },
  'INVALID_CALENDAR.noSession': {
    vi: `${CALENDAR.vi}: chưa có buổi làm việc nào.`,
    en: `${CALENDAR.en}: no office session.`,
  },
  'INVALID_CALENDAR.override': {
    vi: `${CALENDAR.vi}: bản điều chỉnh năm {year}: {problems}.`,
    en: `${CALENDAR.en}: override of {year}: {problems}.`,
  },
  'INVALID_CALENDAR.twoOverrides': {
    vi: `${CALENDAR.vi}: năm {year} có hai bản điều chỉnh.`,
    en: `${CALENDAR.en}: two overrides for {year}.`,
  },
  'INVALID_CALENDAR.noWorkingDay': {
    vi: `${CALENDAR.vi}: không có ngày làm việc nào trong {years} năm.`,
    en: `${CALENDAR.en}: no working day within {years} years.`,
  },
  // What is wrong with one year's decision (engine/calendar/overrides.ts), one line each.
  'INVALID_CALENDAR.year': { vi: 'Năm không hợp lệ: {year}', en: 'Invalid year: {year}' },
  'INVALID_CALENDAR.notList': { vi: '{field}: phải là danh sách ngày', en: '{field}: must be a list of dates' },
  'INVALID_CALENDAR.date': {
    vi: '{field}: ngày không hợp lệ {date} (YYYY-MM-DD)',
    en: '{field}: invalid date {date} (YYYY-MM-DD)',
  },
  'INVALID_CALENDAR.otherYear': { vi: '{field}: {date} không thuộc năm {year}', en: '{field}: {date} is not in {year}' },
  'INVALID_CALENDAR.both': {
    vi: '{date}: vừa là ngày nghỉ vừa là ngày làm bù',
    en: '{date}: both a day off and a make-up day',
  },

  // ── dossier lifecycle ───────────────────────────────────────────────────────
  DOSSIER_CLOSED: { vi: 'Hồ sơ đã kết thúc ({status})', en: 'The dossier is closed ({status})' },
  DOSSIER_PAUSED: {
    vi: 'Hồ sơ đang chờ công dân bổ sung',
    en: 'The dossier is waiting for the citizen to supplement',
  },
  DOSSIER_NOT_PAUSED: { vi: 'Hồ sơ không chờ bổ sung', en: 'The dossier is not waiting for a supplement' },
  NOT_SUBMITTED: {
    vi: 'Hồ sơ không ở trạng thái mới nộp trực tuyến chờ tiếp nhận ({status})',
    en: 'The dossier is not an online filing waiting to be accepted ({status})',
  },
  TASK_NOT_FOUND: { vi: 'Không có công việc {taskId}', en: 'No task {taskId}' },
  TASK_NOT_OPEN: { vi: 'Công việc không còn mở', en: 'The task is no longer open' },
  'TASK_NOT_OPEN.done': { vi: 'Công việc đã xong', en: 'The task is done' },
  'TASK_NOT_OPEN.cancelled': { vi: 'Công việc đã huỷ', en: 'The task is cancelled' },
  TASK_ALREADY_CLAIMED: { vi: 'Công việc đã do {assignee} nhận', en: 'Already claimed by {assignee}' },
  NOT_ASSIGNEE: { vi: 'Công việc do {assignee} xử lý', en: 'The task is assigned to {assignee}' },
  ROLE_REQUIRED: { vi: 'Cần vai trò "{role}"', en: 'Role "{role}" is required' },
  WRONG_AGENCY: { vi: 'Công việc thuộc cơ quan {agencyCode}', en: 'The task belongs to agency {agencyCode}' },
  'WRONG_AGENCY.transfer': {
    vi: 'Chỉ {agencyCode} chuyển được công việc này',
    en: 'Only {agencyCode} can transfer this task',
  },
  'WRONG_AGENCY.notHolding': {
    vi: 'Cơ quan {agencyCode} không giữ hồ sơ này',
    en: 'Agency {agencyCode} does not hold this dossier',
  },
  'WRONG_AGENCY.intake': {
    vi: 'Thủ tục này chỉ tiếp nhận tại bộ phận một cửa của cơ quan có thẩm quyền ({agencyCode})',
    en: 'This procedure is received only at the desk of the competent agency ({agencyCode})',
  },
  'WRONG_AGENCY.returnDesk': {
    vi: 'Kết quả được trả tại nơi công dân đã chọn ({agencyCode})',
    en: 'The result is returned where the citizen chose ({agencyCode})',
  },
  'WRONG_AGENCY.receivingDesk': {
    vi: 'Việc này làm tại bộ phận một cửa đã tiếp nhận hồ sơ ({agencyCode})',
    en: 'This is done at the desk that received the dossier ({agencyCode})',
  },
  INVALID_OUTCOME: {
    vi: 'Kết quả "{outcome}" không có ở bước này',
    en: 'Outcome "{outcome}" is not offered by this step',
  },
  'INVALID_OUTCOME.reasonRequired': {
    vi: '"{label}" trả hồ sơ lại bước trước: hãy ghi lý do',
    en: '"{label}" sends the dossier back: give a reason',
  },
  'ROLE_REQUIRED.assignee': {
    vi: '{assignee} không có vai trò "{role}" của bước này',
    en: '{assignee} does not have the step’s role "{role}"',
  },
  'WRONG_AGENCY.assignee': {
    vi: '{assignee} không thuộc cơ quan xử lý bước này ({agencyCode})',
    en: '{assignee} is not in the agency of this step ({agencyCode})',
  },
  'WRONG_AGENCY.assign': {
    vi: 'Chỉ trưởng phòng của cơ quan xử lý bước này ({agencyCode}) được giao việc',
    en: 'Only a head of the step’s agency ({agencyCode}) assigns it',
  },
  NO_ROUTE: { vi: 'Không có nhánh nào sau "{name}" khớp', en: 'No flow after "{name}" matches' },
  INVALID_DATA: { vi: 'Dữ liệu hồ sơ không hợp lệ', en: 'The dossier data is invalid' },
  'INVALID_DATA.tooDeep': {
    vi: 'Dữ liệu hồ sơ lồng nhau quá sâu (tối đa {max} cấp)',
    en: 'The dossier data is nested too deep (at most {max} levels)',
  },
  'INVALID_DATA.tooLarge': {
    vi: 'Dữ liệu hồ sơ quá lớn (tối đa {max} ký tự JSON)',
    en: 'The dossier data is too large (at most {max} characters of JSON)',
  },
  'INVALID_DATA.fields': {
    vi: 'Trường thông tin của hồ sơ (data.fields) phải là một đối tượng',
    en: 'The dossier fields (data.fields) must be an object',
  },
  'INVALID_DATA.fieldsWrong': {
    vi: 'Thông tin riêng của thủ tục chưa đúng: {names}',
    en: 'The procedure’s fields are not right: {names}',
  },
  'INVALID_DATA.fieldRequired': { vi: 'Chưa nhập "{name}"', en: '"{name}" is required' },
  'INVALID_DATA.fieldText': {
    vi: '"{name}" phải là văn bản, tối đa {max} ký tự',
    en: '"{name}" must be text of at most {max} characters',
  },
  'INVALID_DATA.fieldDate': { vi: '"{name}" phải là một ngày (YYYY-MM-DD)', en: '"{name}" must be a date (YYYY-MM-DD)' },
  'INVALID_DATA.fieldNumber': { vi: '"{name}" phải là một số', en: '"{name}" must be a number' },
  'INVALID_DATA.fieldOption': { vi: '"{name}" phải là một trong: {options}', en: '"{name}" must be one of: {options}' },
  'INVALID_DATA.fieldUnknown': {
    vi: 'Thủ tục không có trường thông tin "{key}"',
    en: 'The procedure has no field "{key}"',
  },
  'NO_ROUTE.pickOutcome': { vi: 'Hãy chọn một kết quả: {outcomes}', en: 'Pick an outcome: {outcomes}' },
  'NO_ROUTE.noMatch': {
    vi: 'Không có nhánh nào của "{name}" khớp với dữ liệu hồ sơ',
    en: 'No flow out of "{name}" matches the dossier',
  },
  NOT_AWAITING_RETURN: {
    vi: 'Hồ sơ chưa có kết quả để trả',
    en: 'The dossier has no result to return yet',
  },
  INVALID_APPOINTMENT: {
    vi: 'Ngày hẹn mới phải sau ngày hẹn hiện tại và sau thời điểm hiện tại',
    en: 'The new appointment must be after the current one and after now',
  },
  APPOINTMENT_PASSED: {
    vi: 'Ngày hẹn trả đã qua: phiếu xin lỗi và hẹn lại phải gửi trước ngày hẹn',
    en: 'The appointment has passed: the apology must be issued before it',
  },
  TIMER_NOT_FOUND: { vi: 'Không có hẹn giờ {timerId}', en: 'No timer {timerId}' },
  AGENCY_NOT_FOUND: { vi: 'Không có cơ quan mã {agencyCode}', en: 'No agency with code {agencyCode}' },
  'AGENCY_NOT_FOUND.parent': {
    vi: 'Không có cơ quan cấp trên mã {agencyCode}',
    en: 'No parent agency with code {agencyCode}',
  },
  'AGENCY_NOT_FOUND.noParent': {
    vi: 'Cơ quan {agencyCode} không có cơ quan cấp trên',
    en: 'Agency {agencyCode} has no parent',
  },
  'AGENCY_NOT_FOUND.kind': {
    vi: 'Không tìm thấy cơ quan loại "{kind}" gần {agencyCode}',
    en: 'No agency of kind "{kind}" near {agencyCode}',
  },
  SAME_AGENCY: { vi: 'Công việc đã ở cơ quan này', en: 'The task is already with that agency' },
  'SAME_AGENCY.merge': {
    vi: 'Không thể hợp nhất cơ quan {agencyCode} vào chính nó',
    en: 'Agency {agencyCode} cannot be merged into itself',
  },
  AGENCY_MERGED: {
    vi: 'Cơ quan {agencyCode} đã được hợp nhất vào {into}, không tiếp nhận thêm',
    en: 'Agency {agencyCode} was merged into {into} and takes nothing new',
  },
  AGENCY_NOT_ELIGIBLE: {
    vi: 'Cơ quan {agencyCode} không thể được chọn cho hồ sơ này',
    en: 'Agency {agencyCode} cannot be chosen for this dossier',
  },
  'AGENCY_NOT_ELIGIBLE.level': {
    vi: 'Cơ quan {agencyCode} không thuộc cấp {level} của thủ tục',
    en: 'Agency {agencyCode} is not of the procedure’s level ({level})',
  },
  'AGENCY_NOT_ELIGIBLE.province': {
    vi: 'Cơ quan {agencyCode} không thuộc tỉnh của trung tâm tiếp nhận',
    en: 'Agency {agencyCode} is not in the receiving center’s province',
  },
  'SAME_AGENCY.ownParent': {
    vi: 'Cơ quan {agencyCode} không thể là cấp trên của chính nó',
    en: 'Agency {agencyCode} cannot be its own parent',
  },

  // ── persistence ─────────────────────────────────────────────────────────────
  VERSION_CONFLICT: {
    vi: 'Hồ sơ vừa được thay đổi, hãy thử lại',
    en: 'The dossier changed meanwhile; retry',
  },
  NOT_FOUND: { vi: 'Không tìm thấy', en: 'Not found' },
  'NOT_FOUND.dossier': { vi: 'Không tìm thấy hồ sơ', en: 'Dossier not found' },
  'NOT_FOUND.lookup': {
    vi: 'Không tìm thấy hồ sơ với mã và mã tra cứu này',
    en: 'No dossier matches this code and secret',
  },
  'NOT_FOUND.procedure': { vi: 'Không có thủ tục {procedureKey}', en: 'No procedure {procedureKey}' },
  'NOT_FOUND.procedureVersion': {
    vi: 'Không có phiên bản {version} của thủ tục {procedureKey}',
    en: 'No version {version} of procedure {procedureKey}',
  },
  DUPLICATE: { vi: 'Đã có', en: 'Already exists' },
  'DUPLICATE.username': { vi: 'Tên đăng nhập {username} đã có người dùng', en: 'Username {username} is taken' },
  'DUPLICATE.agency': { vi: 'Cơ quan mã {agencyCode} đã có', en: 'Agency {agencyCode} already exists' },
  'DUPLICATE.dossier': { vi: 'Hồ sơ {dossierCode} đã có', en: 'Dossier {dossierCode} already exists' },
  'DUPLICATE.escalation': {
    vi: 'Công việc {taskId} đã được báo quá hạn mức {level}',
    en: 'Task {taskId} was already escalated to level {level}',
  },
} as const satisfies Record<DomainErrorCode | `${DomainErrorCode}.${string}`, MessageTemplate>;

export type DomainMessageKey = keyof typeof DOMAIN_MESSAGES;

/** A domain message as a value (a problem in a list, a part of a bigger message). */
export function domainMessage<K extends DomainMessageKey>(key: K, ...[params]: ParamArgs<(typeof DOMAIN_MESSAGES)[K]>): CodedMessage<K> {
  return describeWith(DOMAIN_MESSAGES, key, params as MessageParams | undefined);
}
