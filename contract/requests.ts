// What the API accepts (docs/contract.md §3): the zod schemas the routes validate with
// (they also write /api/openapi.json), and the request types the web app sends — one
// declaration for both. zod runs in the browser as well as in Node.
import { z } from 'zod';
import { RETURN_BY_POST as RESULT_BY_POST } from '../engine/index.js';
import { AGENCY_CODE_PATTERN, AGENCY_KIND_PATTERN, CHANNELS, COMPONENT_KEY_PATTERN, LEVELS, RETURN_BY_POST } from '../engine/index.js';

/** Free text a person types: trimmed, not empty, bounded. */
export const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) => z.string().trim().max(max).optional();

/** An agency code (engine/model/agencySelector.ts says which). */
export const agencyCodeSchema = z.string().trim().regex(AGENCY_CODE_PATTERN, 'letters, digits, “.”, “_” or “-”, at most 64');

/**
 * A Vietnamese phone number as a clerk types it: spaces, dots and dashes between the
 * digits are fine ("0905 123 456"); what remains is 0 or +84 and 9–10 digits (mobile
 * 0905123456, landline with its area code 02603 812 345). "không có" is not a number.
 */
export const PHONE_PATTERN = /^(?:0|\+84|84)\d{9,10}$/;
/**
 * The applicant's identity paper: citizen ID (CCCD, 12 digits), old ID card (CMND, 9
 * digits), an enterprise or household-business code (mã số doanh nghiệp, 10 digits, a
 * branch with "-001"), or a passport (a letter and 7–8 digits).
 */
export const ID_NUMBER_PATTERN = /^(?:\d{9}|\d{12}|\d{10}(?:-\d{3})?|[A-Z]\d{7,8})$/;

/** The phone as its meaningful characters: what PHONE_PATTERN judges. */
export const phoneDigits = (phone: string): string => phone.replace(/[\s.()-]/g, '');
/** The ID number as its meaningful characters (spaces dropped, letters upper case). */
export const idNumberCompact = (idNumber: string): string => idNumber.replace(/\s/g, '').toUpperCase();

export const isValidPhone = (phone: string): boolean => PHONE_PATTERN.test(phoneDigits(phone.trim()));
export const isValidIdNumber = (idNumber: string): boolean => ID_NUMBER_PATTERN.test(idNumberCompact(idNumber.trim()));

export const applicantSchema = z.looseObject({
  name: text(255),
  // Kept as typed; judged by its digits (the receipt prints what the clerk typed).
  idNumber: text(32).refine(isValidIdNumber, 'a citizen ID (12 digits), an ID card (9), an enterprise code (10) or a passport number'),
  phone: text(32).refine(isValidPhone, 'a Vietnamese phone number: 0 or +84 and 9–10 digits'),
  email: z.email().max(255).nullable().optional(),
  // How the citizen wants to hear of the dossier (issue 17), recorded at intake with the applicant.
  notify: z.array(z.enum(['email', 'sms', 'zalo'])).max(3).optional(),
});

/** At reception, when a required component is missing: refuse the dossier, or receive it and ask for the rest. */
export const MISSING_COMPONENT_CHOICES = ['refuse', 'supplement'] as const;
export type MissingComponentChoice = (typeof MISSING_COMPONENT_CHOICES)[number];

export const receiveRequestSchema = z.object({
  procedureKey: text(128),
  applicant: applicantSchema,
  data: z.record(z.string(), z.unknown()).optional(),
  channel: z.enum(CHANNELS).optional(),
  // Decree 118/2025 (province-wide intake): the agency competent to decide (default: the
  // receiving agency) and where the result is returned (an agency code or "post"; default:
  // the receiving agency). The engine checks them (engine/dossier/places.ts).
  competentAgency: agencyCodeSchema.optional(),
  returnAt: z.union([z.literal(RETURN_BY_POST), agencyCodeSchema]).optional(),
  // The reception checklist (issue 16): the keys of the procedure's components the desk
  // received. Sent, a required one missing is refused (COMPONENTS_MISSING) unless the
  // clerk chose `missingComponents: "supplement"` — received, with a supplement request
  // for what is missing. Not sent: no checklist is judged (older clients).
  components: z.array(z.string().regex(COMPONENT_KEY_PATTERN)).max(100).optional(),
  missingComponents: z.enum(MISSING_COMPONENT_CHOICES).optional(),
});

export const completeTaskRequestSchema = z.object({
  outcome: z.string().min(1).max(128).nullable().optional(),
  data: z.record(z.string(), z.unknown()).optional(),
  comment: z.string().max(4000).nullable().optional(),
});

/** POST /tasks/:id/assign: who gets the task. */
export const assignTaskRequestSchema = z.object({ username: text(128) });
export const supplementRequestRequestSchema = z.object({
  reason: text(2000),
  items: z.array(text(500)).min(1).max(100),
  /** The office-calendar date the citizen is asked to bring the papers by (shown on the lookup page). */
  bringBy: z.iso.date().nullable().optional(),
});
export const supplementRequestSchema = z.object({ items: z.array(text(500)).max(100).default([]) });
export const rejectRequestSchema = z.object({ reason: text(2000) });
export const withdrawRequestSchema = z.object({ reason: optionalText(2000) });
export const apologyRequestSchema = z.object({ reason: text(2000), newAppointmentAt: z.iso.datetime({ offset: true }) });
export const returnRequestSchema = z.object({ comment: optionalText(2000) });
export const transferRequestSchema = z.object({ taskId: text(96), toAgency: text(64), reason: optionalText(2000) });

export const loginRequestSchema = z.object({ username: z.string().min(1).max(128), password: z.string().min(1).max(1024) });

export const newAgencyRequestSchema = z.object({
  code: agencyCodeSchema,
  name: z.string().trim().min(1).max(255),
  nameEn: z.string().trim().max(255).nullable().optional(),
  level: z.enum(LEVELS),
  parentCode: agencyCodeSchema.nullable().optional(),
  // `tax`, `land-office`, `people-committee` …: what `kind:<kind>` selectors match.
  kind: z.string().trim().regex(AGENCY_KIND_PATTERN, 'lower-case letters, digits and “-”').nullable().optional(),
});

/** PATCH /agencies/:code (admin): rename or re-place an agency; the code never changes (it is in dossier codes). */
export const agencyChangesRequestSchema = newAgencyRequestSchema
  .omit({ code: true })
  .partial()
  .strict()
  .refine((body) => Object.values(body).some((v) => v !== undefined), { message: 'at least one field to change' });

/** POST /agencies/:code/merge (admin): the agency it is merged into (the 2025 reorganisation). */
export const mergeAgencyRequestSchema = z.object({ into: agencyCodeSchema });

// ── passwords: one rule for every new password ─────────────────────────────────
/** The shortest password an account may get (NIST SP 800-63B asks for at least 8). */
export const PASSWORD_MIN_LENGTH = 8;
/** Passwords an attacker tries first: the published demo and default ones, and the usual suspects. */
const WEAK_PASSWORDS = new Set([
  'demo123', 'motcua-admin', 'motcua', 'password', 'password1', 'password123', 'passw0rd', '12345678', '123456789',
  '1234567890', 'qwerty123', 'qwertyuiop', 'abc12345', 'abcd1234', 'admin123', 'admin1234', 'administrator',
  'iloveyou', 'matkhau', 'matkhau123', 'motcua123', '11111111', '00000000', 'changeme', 'letmein1',
]);

/**
 * Why `password` may not be a new password, or null when it may: every account's new
 * password (PATCH /users/:username, POST /auth/password; POST /users in production) and the
 * production admin password (MOTCUA_ADMIN_PASSWORD). The server refuses with `WEAK_PASSWORD`; the web
 * app checks the same before sending.
 */
export function passwordWeakness(password: string, username?: string): 'tooShort' | 'common' | 'username' | null {
  if ([...password].length < PASSWORD_MIN_LENGTH) return 'tooShort';
  const lower = password.toLowerCase();
  if (WEAK_PASSWORDS.has(lower) || new Set(lower).size < 4) return 'common';
  const name = username?.trim().toLowerCase() ?? '';
  if (name && (lower === name || (name.length >= 4 && lower.includes(name)))) return 'username';
  return null;
}

const passwordText = z.string().min(1).max(1024);
/** A role name: the built-in roles or any role an admin defines for `mc:role`. */
const roleNameSchema = z.string().regex(/^[a-z][a-zA-Z0-9_-]{0,63}$/, 'a role name such as specialist');

export const newUserRequestSchema = z.object({
  username: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$/, '2–64 letters, digits, “.”, “_” or “-”'),
  // Six at least, like the demo accounts; in production passwordWeakness (WEAK_PASSWORD) too.
  password: z.string().min(6).max(1024),
  fullName: z.string().trim().min(1).max(255),
  agencyCode: z.string().trim().min(1).max(64),
  roles: z.array(roleNameSchema).max(20),
  active: z.boolean().optional(),
});

/** PATCH /users/:username (admin): the fields given change, the others stay; at least one. */
export const userChangesRequestSchema = z
  .object({
    fullName: z.string().trim().min(1).max(255).optional(),
    agencyCode: z.string().trim().min(1).max(64).optional(),
    roles: z.array(roleNameSchema).max(20).optional(),
    active: z.boolean().optional(),
    /** A new password set by the admin (a reset): the user's sessions end. */
    password: passwordText.optional(),
  })
  .strict()
  .refine((body) => Object.values(body).some((v) => v !== undefined), { message: 'at least one field to change' });

/** POST /auth/password: one's own password, the current one first. */
export const changePasswordRequestSchema = z.object({ current: passwordText, next: passwordText });

const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
export const calendarYearRequestSchema = z.object({ holidays: z.array(localDate).max(366), workingDays: z.array(localDate).max(366) });

export const clockMoveRequestSchema = z.union([
  z.object({ now: z.iso.datetime({ offset: true }) }).strict(),
  z.object({ advance: z.string().regex(/^P/, 'an ISO 8601 duration such as PT2H or P3D') }).strict(),
]);

/** What a file is for (POST /dossiers/:id/files, field `purpose`); a scan of a component names its key instead. */
export const FILE_PURPOSES = ['component', 'working', 'result'] as const;
export type FilePurpose = (typeof FILE_PURPOSES)[number];

/** The text fields of the multipart upload beside `file` (CONTRACT.md §6.3). */
export const uploadFileFieldsSchema = z
  .object({
    component: z.string().regex(COMPONENT_KEY_PATTERN).optional(),
    purpose: z.enum(['working', 'result']).optional(),
  })
  .refine((fields) => !(fields.component && fields.purpose), { message: 'a component or a purpose, not both' });

/** POST /dossiers/:id/result: the PDF (a file of the dossier) to issue as the electronic result; without one, a result made from the standard template with the dossier's data. */
export const issueResultRequestSchema = z.object({ fileId: text(64).optional() });

// ── Citizens and the national portal (issue 17) ────────────────────────────────
/** The channels a citizen may choose to be told by (server/citizens/notify.ts). */
export const NOTIFY_CHANNELS = ['email', 'sms', 'zalo'] as const;
export type NotifyChannel = (typeof NOTIFY_CHANNELS)[number];

/**
 * POST /public/submissions: a citizen files online. `website` is a honeypot: the page
 * hides it, a person leaves it empty, a form-filling robot fills it (SUBMISSION_REFUSED).
 */
export const submissionRequestSchema = z.object({
  procedureKey: text(128),
  competentAgency: agencyCodeSchema,
  applicant: applicantSchema,
  data: z.record(z.string(), z.unknown()).optional(),
  returnAt: z.union([agencyCodeSchema, z.literal(RESULT_BY_POST)]).optional(),
  website: z.string().max(200).optional(),
});

/** POST /integrations/portal/dossiers: a dossier filed on the National Public Service Portal, handed over (signed). */
export const portalFilingRequestSchema = z.object({
  portalId: text(128),
  procedureKey: text(128),
  competentAgency: agencyCodeSchema,
  applicant: applicantSchema,
  data: z.record(z.string(), z.unknown()).optional(),
  returnAt: z.union([agencyCodeSchema, z.literal(RESULT_BY_POST)]).optional(),
});

/** POST /dossiers/:id/refuse: why the online filing is not accepted (the citizen reads it). */
export const refuseRequestSchema = z.object({ reason: text(2000) });

/** Events an outbound webhook may subscribe to (docs/contract.md, Webhooks). */
export const WEBHOOK_EVENTS = ['dossier.status', 'dossier.result', 'dossier.apology', 'payment.status'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export const webhookRequestSchema = z.object({
  url: z.url({ protocol: /^https?$/ }).max(2000),
  events: z.array(z.enum(WEBHOOK_EVENTS)).min(1).max(WEBHOOK_EVENTS.length),
  secret: z.string().min(16).max(200),
  /** This target is the National Public Service Portal: its deliveries make the dossier's sync state (index metric 1.4). */
  portal: z.boolean().optional(),
});

/** POST /dossiers/:id/payments: cash at the desk (paid at once, a receipt number) or an online pay link. */
export const paymentRequestSchema = z.object({
  amount: z.number().int().positive().max(1_000_000_000_000),
  method: z.enum(['cash', 'online']),
});

/** POST /integrations/payments/callback, signed by the gateway. */
export const paymentCallbackSchema = z.object({
  paymentId: text(64),
  status: z.enum(['paid', 'failed']),
  amount: z.number().int().positive(),
  transactionId: text(128),
});

/** POST /public/dossiers/:code/rating?secret=: 1 not satisfied, 2 satisfied, 3 very satisfied. */
export const ratingRequestSchema = z.object({
  score: z.union([z.literal(1), z.literal(2), z.literal(3)]),
  comment: z.string().trim().max(2000).optional(),
});

export type SubmissionBody = z.input<typeof submissionRequestSchema>;
export type RefuseBody = z.input<typeof refuseRequestSchema>;
export type WebhookBody = z.input<typeof webhookRequestSchema>;
export type PaymentBody = z.input<typeof paymentRequestSchema>;
export type RatingBody = z.input<typeof ratingRequestSchema>;

/** What a client sends: the schemas' input types (defaults still optional). */
export type ReceiveBody = z.input<typeof receiveRequestSchema>;
export type CompleteTaskBody = z.input<typeof completeTaskRequestSchema>;
export type AgencyChangesBody = z.input<typeof agencyChangesRequestSchema>;
export type MergeAgencyBody = z.input<typeof mergeAgencyRequestSchema>;
export type AssignTaskBody = z.input<typeof assignTaskRequestSchema>;
export type SupplementRequestBody = z.input<typeof supplementRequestRequestSchema>;
export type SupplementBody = z.input<typeof supplementRequestSchema>;
export type RejectBody = z.input<typeof rejectRequestSchema>;
export type WithdrawBody = z.input<typeof withdrawRequestSchema>;
export type ApologyBody = z.input<typeof apologyRequestSchema>;
export type ReturnBody = z.input<typeof returnRequestSchema>;
export type TransferBody = z.input<typeof transferRequestSchema>;
export type LoginBody = z.input<typeof loginRequestSchema>;
export type NewAgencyBody = z.input<typeof newAgencyRequestSchema>;
export type NewUserBody = z.input<typeof newUserRequestSchema>;
export type UserChangesBody = z.input<typeof userChangesRequestSchema>;
export type ChangePasswordBody = z.input<typeof changePasswordRequestSchema>;
export type CalendarYearBody = z.input<typeof calendarYearRequestSchema>;
export type ClockMoveBody = z.input<typeof clockMoveRequestSchema>;
export type IssueResultBody = z.input<typeof issueResultRequestSchema>;

/** A report period's bound: a local day (Asia/Ho_Chi_Minh; `to` inclusive) or an ISO 8601 instant (`to` exclusive). */
export const reportBoundSchema = z
  .string()
  .max(40)
  .describe('YYYY-MM-DD (a day in Asia/Ho_Chi_Minh; `to` inclusive) or an ISO 8601 instant (`to` exclusive)');

/** GET /index766 and its report forms: the period and the filters, as the dashboard takes them. */
export const index766QuerySchema = z.object({
  from: reportBoundSchema.optional(),
  to: reportBoundSchema.optional(),
  agency: z.string().max(64).optional().describe('receiving agency code (must be one the caller sees)'),
  procedure: z.string().max(128).optional().describe('procedure key'),
});

/** GET /public/statistics: a calendar year (default: the current one). */
export const publicStatisticsQuerySchema = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
});
