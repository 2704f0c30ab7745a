// One multipart upload (POST /dossiers/:id/files), parsed with busboy: streaming, no
// temporary files of its own, and the size limit counted while the bytes arrive, so an
// oversized file is refused (413) without ever being held whole. The type is judged by
// the bytes (file-type reads the magic numbers), never by the name or the browser's
// claim: a renamed executable is a 415.
import { createHash } from 'node:crypto';
import type { Request } from 'express';
import busboy from 'busboy';
import { fileTypeFromBuffer } from 'file-type';
import { ServiceError, fieldDetail } from '../services/errors.js';
import { MB } from './config.js';

/** What a dossier's files may be (CONTRACT.md §6.3): scans and signed results. */
export const ACCEPTED_MEDIA_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export type AcceptedMediaType = (typeof ACCEPTED_MEDIA_TYPES)[number];

export interface ReceivedFile {
  name: string;
  bytes: Buffer;
  mediaType: AcceptedMediaType;
  sha256: string;
}

export interface ReceivedUpload {
  file: ReceivedFile;
  /** The text fields sent beside the file. */
  fields: Record<string, string>;
}

/** The name as the browser sent it, without folders or control characters, bounded. */
function cleanName(name: string | undefined): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const printable = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return (printable || 'tep').slice(0, 200);
}

export const sha256Of = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/** The media type the bytes are, when one a dossier may hold; null otherwise. */
export async function sniff(bytes: Buffer): Promise<AcceptedMediaType | null> {
  const found = await fileTypeFromBuffer(bytes);
  return found && (ACCEPTED_MEDIA_TYPES as readonly string[]).includes(found.mime) ? (found.mime as AcceptedMediaType) : null;
}

/** Reads the request's one `file` part and its fields; refuses what is too large or of another type. */
export async function readUpload(req: Request, maxBytes: number): Promise<ReceivedUpload> {
  const raw = await readMultipart(req, maxBytes);
  const mediaType = await sniff(raw.file.bytes);
  if (!mediaType) throw new ServiceError('UNSUPPORTED_MEDIA_TYPE.file', {}, { accepted: ACCEPTED_MEDIA_TYPES });
  return { file: { ...raw.file, mediaType }, fields: raw.fields };
}

/** The one `file` part and the fields, whatever the file's type (a certificate); the size limit counted as bytes arrive. */
export async function readMultipart(req: Request, maxBytes: number): Promise<{ file: Omit<ReceivedFile, 'mediaType'>; fields: Record<string, string> }> {
  if (!/^multipart\/form-data/i.test(req.headers['content-type'] ?? '')) {
    throw new ServiceError('UNSUPPORTED_MEDIA_TYPE', { mediaType: 'multipart/form-data' });
  }
  const received = await new Promise<{ name: string; bytes: Buffer; truncated: boolean; fields: Record<string, string> } | null>(
    (resolve, reject) => {
      let parser: busboy.Busboy;
      try {
        parser = busboy({ headers: req.headers, defParamCharset: 'utf8', limits: { fileSize: maxBytes, files: 1, fields: 20, fieldSize: 4096 } });
      } catch (error) {
        reject(new ServiceError('BAD_REQUEST', { reason: error instanceof Error ? error.message : 'multipart' }));
        return;
      }
      const fields: Record<string, string> = {};
      let file: { name: string; chunks: Buffer[]; truncated: boolean } | null = null;
      parser.on('field', (name, value) => {
        fields[name] = value;
      });
      parser.on('file', (field, stream, info) => {
        if (field !== 'file' || file) {
          stream.resume();
          return;
        }
        const current = { name: cleanName(info.filename), chunks: [] as Buffer[], truncated: false };
        file = current;
        stream.on('data', (chunk: Buffer) => {
          if (!current.truncated) current.chunks.push(chunk);
        });
        // Past the limit busboy stops handing bytes over and drains the rest of the part.
        stream.on('limit', () => {
          current.truncated = true;
          current.chunks = [];
        });
      });
      parser.on('error', (error: unknown) => reject(new ServiceError('BAD_REQUEST', { reason: error instanceof Error ? error.message : 'multipart' })));
      parser.on('close', () => {
        const got = file as { name: string; chunks: Buffer[]; truncated: boolean } | null;
        resolve(got ? { name: got.name, bytes: Buffer.concat(got.chunks), truncated: got.truncated, fields } : null);
      });
      req.pipe(parser);
    },
  );
  if (!received || (!received.truncated && received.bytes.length === 0)) {
    throw new ServiceError('VALIDATION_FAILED.fileMissing', {}, [fieldDetail('body.file', 'VALIDATION_FAILED.fileMissing')]);
  }
  if (received.truncated) {
    throw new ServiceError('PAYLOAD_TOO_LARGE.file', { maxMb: Math.round((maxBytes / MB) * 100) / 100 }, { maxBytes });
  }
  return { file: { name: received.name, bytes: received.bytes, sha256: sha256Of(received.bytes) }, fields: received.fields };
}
