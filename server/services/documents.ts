// Documents of a dossier (issue 16, CONTRACT.md §6.3): the reception checklist of its
// components, scans and working files uploaded by staff acting on it, and the electronic
// result signed with the agency's certificate (Decree 45/2020) that the citizen
// downloads once the dossier is returned.
//
// Who: reading follows the dossier (findVisibleSnapshot: whoever may see it); uploading
// and issuing the result take a role of `dossier.file`/`dossier.result` (the route) and
// an agency that acts on the dossier now (the engine's assertActsForDossier).
import type { Request } from 'express';
import {
  DomainError,
  assertActsForDossier,
  assertOpen,
  missingRequiredComponents,
  unknownComponentKeys,
  type DossierComponent,
  type ProcedureModel,
} from '../../engine/index.js';
import {
  uploadFileFieldsSchema,
  type DossierFilesView,
  type FileView,
  type IssuedResultView,
  type MissingComponentChoice,
} from '../../contract/index.js';
import type { AuthUser } from '../auth/tokens.js';
import type { ServerContext } from '../context.js';
import { FileMissing } from '../files/store.js';
import { readMultipart, readUpload, sha256Of } from '../files/upload.js';
import { storeSigningCertificate, type SigningIdentity } from '../signing/certificate.js';
import { ServiceError, fieldDetail } from './errors.js';
import { signPdf } from '../signing/sign.js';
import { resultFromTemplate } from '../signing/resultTemplate.js';
import { DateTime } from 'luxon';
import { OFFICE_TIME_ZONE } from '../../engine/index.js';
import { verifyPdfSignature } from '../signing/verify.js';
import {
  getAgency,
  getFile,
  insertFile,
  listFiles,
  newId,
  receivedComponents,
  recordReceivedComponents,
  type FileRow,
  type LoadedDossier,
} from '../store/index.js';
import { actorOf } from './actor.js';
import { findVisibleSnapshot } from './dossierAccess.js';

const documentsOf = (ctx: ServerContext) => {
  if (!ctx.documents) throw new Error('documents are not configured on this server context');
  return ctx.documents;
};

/** A file store that does not answer is a 503, never the store's own words (hosts, keys). */
async function stored<T>(work: () => Promise<T>, fileId: string): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof FileMissing) throw new ServiceError('NOT_FOUND.file', { fileId });
    console.error('file store:', error);
    throw new ServiceError('FILE_STORE_UNAVAILABLE');
  }
}

async function modelOf(ctx: ServerContext, dossier: LoadedDossier): Promise<ProcedureModel> {
  return (await ctx.dossiers.compiledProcedure(dossier.row.procedureKey, dossier.row.procedureVersion)).model;
}

async function assertActing(ctx: ServerContext, user: AuthUser, dossier: LoadedDossier): Promise<void> {
  const { agencies } = await ctx.dossiers.engineContext();
  assertActsForDossier(dossier.state, actorOf(user), agencies);
}

/** The file as the API shows it; a signed result's signature verified on this read. */
function fileView(row: FileRow, verified?: { valid: boolean }): FileView {
  return {
    id: row.id,
    name: row.name,
    size: row.size,
    mediaType: row.mediaType,
    sha256: row.sha256,
    component: row.component,
    purpose: row.purpose,
    uploadedBy: row.uploadedBy,
    uploadedAt: row.uploadedAt,
    signature: row.signed ? { signer: row.signer ?? '', signedAt: row.signedAt ?? row.uploadedAt, valid: verified?.valid ?? false } : null,
  };
}

/** Verifies a signed result's bytes as they are in the store now. */
async function verifiedView(ctx: ServerContext, row: FileRow): Promise<FileView> {
  if (!row.signed) return fileView(row);
  const bytes = await documentsOf(ctx).store.get(row.sha256).catch(() => null);
  // Bytes that are gone or are not the ones recorded do not verify.
  const valid = bytes !== null && sha256Of(bytes) === row.sha256 && verifyPdfSignature(bytes).valid;
  return fileView(row, { valid });
}

// ── reception checklist ─────────────────────────────────────────────────────────

export interface ComponentCheck {
  components: DossierComponent[];
  missing: DossierComponent[];
}

/**
 * Judges the reception checklist before a dossier is received: unknown keys are a 422;
 * a required component missing is refused (COMPONENTS_MISSING) unless the clerk chose to
 * receive with a supplement request. No checklist sent: nothing judged.
 */
export async function checkReceptionComponents(
  ctx: ServerContext,
  procedureKey: string,
  ticked: readonly string[] | undefined,
  choice: MissingComponentChoice | undefined,
): Promise<ComponentCheck | null> {
  if (ticked === undefined) return null;
  let components: DossierComponent[];
  try {
    components = (await ctx.dossiers.compiledProcedure(procedureKey)).model.components ?? [];
  } catch (error) {
    // An unknown procedure: receiving says so, as a field of the request.
    if (error instanceof DomainError && error.code === 'NOT_FOUND') return null;
    throw error;
  }
  const unknown = unknownComponentKeys(components, ticked);
  if (unknown.length > 0) {
    throw new ServiceError('VALIDATION_FAILED',
      {},
      unknown.map((component) => fieldDetail('body.components', 'VALIDATION_FAILED.unknownComponent', { component })),
    );
  }
  const missing = missingRequiredComponents(components, ticked);
  if (missing.length > 0 && choice !== 'supplement') {
    throw new ServiceError('COMPONENTS_MISSING', { names: missing.map((c) => c.name).join('; ') }, { missing: missing.map((c) => c.key) });
  }
  return { components, missing };
}

/** After the receipt: the checklist kept, and the supplement request for what is missing when the clerk chose so. */
export async function recordReception(
  ctx: ServerContext,
  user: AuthUser,
  dossierId: string,
  ticked: readonly string[],
  check: ComponentCheck,
): Promise<boolean> {
  await recordReceivedComponents(ctx.knex, dossierId, ticked, user.username, ctx.clock.now().toISOString());
  if (check.missing.length === 0) return false;
  await ctx.dossiers.perform('requestSupplement', dossierId, {
    actor: actorOf(user),
    reason: 'Hồ sơ thiếu thành phần bắt buộc khi tiếp nhận / Required components missing at reception',
    items: check.missing.map((c) => c.name),
    bringBy: null,
  });
  return true;
}

// ── files ───────────────────────────────────────────────────────────────────────

export async function uploadFile(ctx: ServerContext, user: AuthUser, dossierId: string, req: Request): Promise<FileView> {
  const documents = documentsOf(ctx);
  const { loaded } = await findVisibleSnapshot(ctx, user, dossierId);
  if (!(await canAct(ctx, user, loaded))) throw new ServiceError('FORBIDDEN.file');
  // A returned, rejected or withdrawn dossier's files are what they were when it closed.
  assertOpen(loaded.state);
  const { file, fields } = await readUpload(req, documents.maxBytes);
  const parsed = uploadFileFieldsSchema.safeParse(fields);
  if (!parsed.success) {
    throw new ServiceError('VALIDATION_FAILED', {}, parsed.error.issues.map((issue) => ({ field: ['body', ...issue.path.map(String)].join('.'), message: issue.message })));
  }
  const { component, purpose } = parsed.data;
  if (component !== undefined) {
    const components = (await modelOf(ctx, loaded)).components ?? [];
    if (unknownComponentKeys(components, [component]).length > 0) {
      throw new ServiceError('VALIDATION_FAILED', {}, [fieldDetail('body.component', 'VALIDATION_FAILED.unknownComponent', { component })]);
    }
  }
  const row: FileRow = {
    id: newId(),
    dossierId: loaded.row.id,
    name: file.name,
    mediaType: file.mediaType,
    size: file.bytes.length,
    sha256: file.sha256,
    component: component ?? null,
    purpose: component !== undefined ? 'component' : (purpose ?? 'working'),
    uploadedBy: user.username,
    uploadedAt: ctx.clock.now().toISOString(),
    signed: false,
    signer: null,
    signedAt: null,
    sourceFileId: null,
  };
  // The bytes first: a row never names bytes that are not stored (a backup copies rows, then files).
  await stored(() => documents.store.put(file.sha256, file.bytes), row.id);
  await insertFile(ctx.knex, row);
  return fileView(row);
}

async function canAct(ctx: ServerContext, user: AuthUser, dossier: LoadedDossier): Promise<boolean> {
  try {
    await assertActing(ctx, user, dossier);
    return true;
  } catch {
    return false;
  }
}

export async function dossierFiles(ctx: ServerContext, user: AuthUser, dossierId: string): Promise<DossierFilesView> {
  const { loaded } = await findVisibleSnapshot(ctx, user, dossierId);
  const [rows, received, model] = await Promise.all([listFiles(ctx.knex, loaded.row.id), receivedComponents(ctx.knex, loaded.row.id), modelOf(ctx, loaded)]);
  const files = await Promise.all(rows.map((row) => verifiedView(ctx, row)));
  const digitised = new Set(rows.filter((row) => row.component !== null).map((row) => row.component));
  const ticked = new Set(received);
  const results = files.filter((file) => file.purpose === 'result' && file.signature !== null);
  return {
    files,
    components: (model.components ?? []).map((c) => ({ ...c, received: ticked.has(c.key), digitised: digitised.has(c.key) })),
    result: results.at(-1) ?? files.filter((file) => file.purpose === 'result').at(-1) ?? null,
  };
}

/** One file's row and bytes, for whoever may see its dossier (404 for anyone else). */
export async function fileBytes(ctx: ServerContext, user: AuthUser, fileId: string): Promise<{ row: FileRow; bytes: Buffer }> {
  const row = await getFile(ctx.knex, fileId);
  if (!row) throw new ServiceError('NOT_FOUND.file', { fileId });
  try {
    await findVisibleSnapshot(ctx, user, row.dossierId);
  } catch {
    throw new ServiceError('NOT_FOUND.file', { fileId });
  }
  const bytes = await stored(() => documentsOf(ctx).store.get(row.sha256), fileId);
  return { row, bytes };
}

// ── the electronic result ───────────────────────────────────────────────────────

/**
 * Issues a PDF of the dossier as its electronic result: signed (PAdES) with the agency's
 * certificate when one is configured, kept as a new file (the upload stays as it was).
 */
export async function issueResult(ctx: ServerContext, user: AuthUser, dossierId: string, fileId: string | undefined): Promise<IssuedResultView> {
  const documents = documentsOf(ctx);
  const { loaded } = await findVisibleSnapshot(ctx, user, dossierId);
  if (!(await canAct(ctx, user, loaded))) throw new ServiceError('FORBIDDEN.file');
  assertOpen(loaded.state);
  // No PDF of the agency's own: the standard template with the dossier's data, kept as a file first.
  if (fileId === undefined) fileId = (await generatedResult(ctx, user, loaded)).id;
  const source = await getFile(ctx.knex, fileId);
  if (!source || source.dossierId !== loaded.row.id) {
    throw new ServiceError('VALIDATION_FAILED', {}, [fieldDetail('body.fileId', 'NOT_FOUND.file', { fileId })]);
  }
  if (source.mediaType !== 'application/pdf') throw new ServiceError('UNSUPPORTED_MEDIA_TYPE.resultPdf');
  const bytes = await stored(() => documents.store.get(source.sha256), fileId);
  const identity = await documents.signingIdentity();
  // Signing time is real time (like sessions), also under the demo's manual business clock:
  // a verifier checks it against the certificate's validity.
  const signedAt = ctx.sessionClock.now();
  const agency = await getAgency(ctx.knex, user.agencyCode);
  const result = identity
    ? await signPdf(bytes, identity, {
        reason: `Kết quả giải quyết hồ sơ ${loaded.row.code}`,
        location: agency?.name ?? user.agencyCode,
        signedAt,
      })
    : bytes;
  const sha256 = sha256Of(result);
  const row: FileRow = {
    id: newId(),
    dossierId: loaded.row.id,
    name: identity ? source.name.replace(/(\.pdf)?$/i, '.signed.pdf') : source.name,
    mediaType: 'application/pdf',
    size: result.length,
    sha256,
    component: null,
    purpose: 'result',
    uploadedBy: user.username,
    uploadedAt: ctx.clock.now().toISOString(),
    signed: identity !== null,
    signer: identity?.signer ?? null,
    signedAt: identity ? signedAt.toISOString() : null,
    sourceFileId: source.id,
  };
  await stored(() => documents.store.put(sha256, result), row.id);
  await insertFile(ctx.knex, row);
  return { fileId: row.id, signed: row.signed, signer: row.signer, signedAt: row.signedAt };
}

const localTime = (iso: string): string => DateTime.fromISO(iso).setZone(OFFICE_TIME_ZONE).toFormat('dd/MM/yyyy HH:mm');

/** The dossier's own fields a result shows: plain values, not the documents list or nested data. */
function resultFields(data: Record<string, unknown>): Array<[string, string]> {
  return Object.entries(data)
    .filter(([key, value]) => key !== 'documents' && ['string', 'number', 'boolean'].includes(typeof value) && String(value).trim() !== '')
    .slice(0, 20)
    .map(([key, value]) => [key, String(value).slice(0, 300)]);
}

/** A PDF from the standard template (server/signing/resultTemplate.ts), stored as the dossier's result draft. */
async function generatedResult(ctx: ServerContext, user: AuthUser, dossier: LoadedDossier): Promise<FileRow> {
  const [agency, model] = await Promise.all([getAgency(ctx.knex, user.agencyCode), modelOf(ctx, dossier)]);
  const now = ctx.clock.now().toISOString();
  const pdf = await resultFromTemplate({
    agencyName: agency?.name ?? user.agencyCode,
    procedureName: model.name,
    dossierCode: dossier.row.code,
    applicantName: dossier.row.applicant.name,
    idNumber: dossier.row.applicant.idNumber ?? null,
    receivedAt: localTime(dossier.state.receivedAt),
    issuedAt: localTime(now).slice(0, 10),
    fields: resultFields(dossier.state.data ?? {}),
  });
  const row: FileRow = {
    id: newId(),
    dossierId: dossier.row.id,
    name: `ket-qua-${dossier.row.code}.pdf`,
    mediaType: 'application/pdf',
    size: pdf.length,
    sha256: sha256Of(pdf),
    component: null,
    purpose: 'result',
    uploadedBy: user.username,
    uploadedAt: now,
    signed: false,
    signer: null,
    signedAt: null,
    sourceFileId: null,
  };
  await stored(() => documentsOf(ctx).store.put(row.sha256, pdf), row.id);
  await insertFile(ctx.knex, row);
  return row;
}

/** The result the citizen downloads with the lookup secret: only once the dossier is returned. */
export async function publicResult(ctx: ServerContext, dossier: LoadedDossier): Promise<{ row: FileRow; bytes: Buffer }> {
  if (dossier.row.status !== 'returned') throw new ServiceError('NOT_FOUND.result');
  const rows = (await listFiles(ctx.knex, dossier.row.id)).filter((row) => row.purpose === 'result');
  const row = rows.filter((r) => r.signed).at(-1) ?? rows.at(-1);
  if (!row) throw new ServiceError('NOT_FOUND.result');
  const bytes = await stored(() => documentsOf(ctx).store.get(row.sha256), row.id);
  return { row, bytes };
}

// ── the agency's signing certificate ───────────────────────────────────────────

export interface SigningCertificateView {
  source: 'configured' | 'uploaded' | 'demo' | 'none';
  signer: string | null;
  validFrom: string | null;
  validTo: string | null;
}

const certificateView = (identity: SigningIdentity | null): SigningCertificateView =>
  identity
    ? { source: identity.source, signer: identity.signer, validFrom: identity.validFrom, validTo: identity.validTo }
    : { source: 'none', signer: null, validFrom: null, validTo: null };

/** Which certificate results are signed with now. */
export async function signingCertificate(ctx: ServerContext): Promise<SigningCertificateView> {
  return certificateView(await documentsOf(ctx).signingIdentity());
}

/** An admin's PKCS#12 (`file`) and its `password`: checked, then used for every result from now on. */
export async function uploadSigningCertificate(ctx: ServerContext, req: Request): Promise<SigningCertificateView> {
  // A PKCS#12 is a few kilobytes; 1 MB is plenty.
  const { file, fields } = await readMultipart(req, 1024 * 1024);
  try {
    return certificateView(await storeSigningCertificate(ctx.knex, file.bytes, fields.password ?? ''));
  } catch {
    throw new ServiceError('VALIDATION_FAILED', {}, [fieldDetail('body.file', 'VALIDATION_FAILED.certificate')]);
  }
}
