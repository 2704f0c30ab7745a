// What the API accepts (docs/contract.md §3): the zod schemas the routes validate with
// (they also write /api/openapi.json), and the request types the web app sends — one
// declaration for both. zod runs in the browser as well as in Node.
import { z } from 'zod';
import { AGENCY_CODE_PATTERN, AGENCY_KIND_PATTERN, CHANNELS, LEVELS } from '../engine/index.js';

/** Free text a person types: trimmed, not empty, bounded. */
export const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) => z.string().trim().max(max).optional();

/** An agency code (engine/model/agencySelector.ts says which). */
export const agencyCodeSchema = z.string().trim().regex(AGENCY_CODE_PATTERN, 'letters, digits, “.”, “_” or “-”, at most 64');

export const applicantSchema = z.looseObject({
  name: text(255),
  // CCCD (12 digits), old CMND or a business registration number: kept as typed.
  idNumber: text(32),
  phone: text(32),
  email: z.email().max(255).nullable().optional(),
});

export const receiveRequestSchema = z.object({
  procedureKey: text(128),
  applicant: applicantSchema,
  data: z.record(z.string(), z.unknown()).optional(),
  channel: z.enum(CHANNELS).optional(),
});

export const completeTaskRequestSchema = z.object({
  outcome: z.string().min(1).max(128).nullable().optional(),
  data: z.record(z.string(), z.unknown()).optional(),
  comment: z.string().max(4000).nullable().optional(),
});

export const supplementRequestRequestSchema = z.object({ reason: text(2000), items: z.array(text(500)).min(1).max(100) });
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

export const newUserRequestSchema = z.object({
  username: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$/, '2–64 letters, digits, “.”, “_” or “-”'),
  // Six at least, like the demo accounts; longer is the admin's call.
  password: z.string().min(6).max(1024),
  fullName: z.string().trim().min(1).max(255),
  agencyCode: z.string().trim().min(1).max(64),
  // The built-in roles or any role an admin defines for `mc:role`.
  roles: z.array(z.string().regex(/^[a-z][a-zA-Z0-9_-]{0,63}$/, 'a role name such as specialist')).max(20),
  active: z.boolean().optional(),
});

const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
export const calendarYearRequestSchema = z.object({ holidays: z.array(localDate).max(366), workingDays: z.array(localDate).max(366) });

export const clockMoveRequestSchema = z.union([
  z.object({ now: z.iso.datetime({ offset: true }) }).strict(),
  z.object({ advance: z.string().regex(/^P/, 'an ISO 8601 duration such as PT2H or P3D') }).strict(),
]);

/** What a client sends: the schemas' input types (defaults still optional). */
export type ReceiveBody = z.input<typeof receiveRequestSchema>;
export type CompleteTaskBody = z.input<typeof completeTaskRequestSchema>;
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
export type CalendarYearBody = z.input<typeof calendarYearRequestSchema>;
export type ClockMoveBody = z.input<typeof clockMoveRequestSchema>;
