// Documents of a dossier (CONTRACT.md §6.3): upload (multipart), the list with the
// component checklist, one file's bytes, and the electronic result. The work is in
// server/services/documents.ts.
import { z } from 'zod';
import { issueResultRequestSchema } from '../../contract/index.js';
import { accessFor } from '../auth/permissions.js';
import { defineRoute, type RouteSpec } from '../http/route.js';
import { HttpError } from '../http/errors.js';
import { ServiceError } from '../services/errors.js';
import { dossierFiles, fileBytes, issueResult, signingCertificate, uploadFile, uploadSigningCertificate } from '../services/documents.js';
import type { FileRow } from '../store/index.js';

const idParams = z.object({ id: z.string().min(1).max(64) });

/**
 * A service's VALIDATION_FAILED is about a query (400) unless it is about the body: the
 * checklist of a receipt, an upload's fields, the result's file (422, like every body).
 */
export async function bodyChecked<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof ServiceError && error.code === 'VALIDATION_FAILED') {
      throw new HttpError(422, error.messageKey as 'VALIDATION_FAILED', error.params as never, error.details as never);
    }
    throw error;
  }
}

/** `attachment; filename="…"; filename*=UTF-8''…`: an ASCII fallback and the name as uploaded (RFC 6266). */
export function contentDisposition(name: string, disposition: 'attachment' | 'inline' = 'attachment'): string {
  const ascii = name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `${disposition}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** The headers of a file's bytes: its sniffed type, never guessed again by the browser, kept out of shared caches. */
export function fileHeaders(row: FileRow, disposition: 'attachment' | 'inline' = 'attachment'): Record<string, string> {
  return {
    'Content-Type': row.mediaType,
    'Content-Disposition': contentDisposition(row.name, disposition),
    'Cache-Control': 'private, no-store',
    'X-Content-Type-Options': 'nosniff',
    'X-Content-SHA256': row.sha256,
  };
}

export const fileRoutes: RouteSpec[] = [
  defineRoute({
    method: 'post',
    path: '/dossiers/:id/files',
    summary: 'Upload a scan of a component, a working file or a result (PDF, JPEG or PNG, judged by content; ≤ MOTCUA_FILE_MAX_MB, default 20 MB)',
    tag: 'documents',
    access: accessFor('dossier.file'),
    params: idParams,
    multipart: {
      file: { type: 'binary', description: 'the file (one per request)' },
      component: { type: 'string', description: 'the key of the procedure component it is a scan of' },
      purpose: { type: 'string', description: '`working` (default) or `result`, when not a component' },
    },
    responses: {
      201: { description: 'Stored: {id, name, size, sha256, mediaType, component, purpose, …}' },
      403: { description: 'FORBIDDEN.file: the caller’s agency does not act on the dossier' },
      404: { description: 'No such dossier, or not one the caller may see' },
      413: { description: 'PAYLOAD_TOO_LARGE.file: over the size limit' },
      415: { description: 'UNSUPPORTED_MEDIA_TYPE.file: not a PDF, JPEG or PNG by its content' },
    },
    handler: async ({ params, user, req }, ctx) => ({ status: 201, body: await bodyChecked(uploadFile(ctx, user!, params.id, req)) }),
  }),

  defineRoute({
    method: 'get',
    path: '/dossiers/:id/files',
    summary: 'The dossier’s files (signed results verified on this read) and its component checklist (received, digitised)',
    tag: 'documents',
    access: accessFor('dossier.read'),
    params: idParams,
    handler: async ({ params, user }, ctx) => ({ body: await dossierFiles(ctx, user!, params.id) }),
  }),

  defineRoute({
    method: 'get',
    path: '/files/:id',
    summary: 'A file’s bytes with the media type judged at upload',
    tag: 'documents',
    access: accessFor('dossier.read'),
    params: idParams,
    query: z.object({ disposition: z.enum(['attachment', 'inline']).optional() }),
    responses: { 200: { description: 'The bytes (application/pdf, image/jpeg or image/png)' }, 404: { description: 'No such file, or its dossier is not one the caller may see' } },
    handler: async ({ params, query, user }, ctx) => {
      const { row, bytes } = await fileBytes(ctx, user!, params.id);
      return { type: 'bytes', body: bytes, headers: fileHeaders(row, query.disposition) };
    },
  }),

  defineRoute({
    method: 'post',
    path: '/dossiers/:id/result',
    summary: 'Issue a PDF of the dossier as its electronic result, signed (PAdES) with the agency’s certificate when one is configured',
    tag: 'documents',
    access: accessFor('dossier.result'),
    params: idParams,
    body: issueResultRequestSchema,
    responses: { 200: { description: '{fileId, signed, signer, signedAt}' }, 415: { description: 'UNSUPPORTED_MEDIA_TYPE.resultPdf: the file is not a PDF' } },
    handler: async ({ params, body, user }, ctx) => ({ body: await bodyChecked(issueResult(ctx, user!, params.id, body.fileId)) }),
  }),

  defineRoute({
    method: 'get',
    path: '/admin/signing-certificate',
    summary: 'The certificate electronic results are signed with: source (configured, uploaded, demo or none), signer, validity',
    tag: 'documents',
    access: accessFor('signing.manage'),
    handler: async (_input, ctx) => ({ body: await signingCertificate(ctx) }),
  }),

  defineRoute({
    method: 'put',
    path: '/admin/signing-certificate',
    summary: 'Set the agency’s signing certificate: a PKCS#12 (.p12/.pfx) and its password; every server process signs with it from the next result (MOTCUA_SIGNING_P12, when set, still wins)',
    tag: 'documents',
    access: accessFor('signing.manage'),
    multipart: {
      file: { type: 'binary', description: 'the PKCS#12 file' },
      password: { type: 'string', description: 'its password' },
    },
    responses: { 200: { description: '{source: "uploaded", signer, validFrom, validTo}' }, 422: { description: 'VALIDATION_FAILED.certificate: wrong password, or no matching key and certificate' } },
    handler: async ({ req }, ctx) => ({ body: await bodyChecked(uploadSigningCertificate(ctx, req)) }),
  }),
];
