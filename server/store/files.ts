// The `files` and `dossier_components` tables (migrations/20261129070000_files.ts): rows
// are inserted, never updated or deleted; the bytes are in the file store (server/files).
import type { Db } from './db.js';

export interface FileRow {
  id: string;
  dossierId: string;
  name: string;
  mediaType: string;
  size: number;
  sha256: string;
  component: string | null;
  purpose: 'component' | 'working' | 'result';
  uploadedBy: string;
  uploadedAt: string;
  signed: boolean;
  signer: string | null;
  signedAt: string | null;
  sourceFileId: string | null;
}

const fromRow = (row: Record<string, any>): FileRow => ({
  id: row.id,
  dossierId: row.dossier_id,
  name: row.name,
  mediaType: row.media_type,
  size: Number(row.size),
  sha256: row.sha256,
  component: row.component ?? null,
  purpose: row.purpose,
  uploadedBy: row.uploaded_by,
  uploadedAt: row.uploaded_at,
  signed: Boolean(row.signed),
  signer: row.signer ?? null,
  signedAt: row.signed_at ?? null,
  sourceFileId: row.source_file_id ?? null,
});

export async function insertFile(db: Db, file: FileRow): Promise<void> {
  await db('files').insert({
    id: file.id,
    dossier_id: file.dossierId,
    name: file.name,
    media_type: file.mediaType,
    size: file.size,
    sha256: file.sha256,
    component: file.component,
    purpose: file.purpose,
    uploaded_by: file.uploadedBy,
    uploaded_at: file.uploadedAt,
    signed: file.signed,
    signer: file.signer,
    signed_at: file.signedAt,
    source_file_id: file.sourceFileId,
  });
}

export async function getFile(db: Db, id: string): Promise<FileRow | null> {
  const row = await db('files').where({ id }).first();
  return row ? fromRow(row) : null;
}

/** A dossier's files in the order they arrived. */
export async function listFiles(db: Db, dossierId: string): Promise<FileRow[]> {
  const rows = await db('files').where({ dossier_id: dossierId }).orderBy('seq');
  return rows.map(fromRow);
}

/** The component keys the desk received for a dossier. */
export async function receivedComponents(db: Db, dossierId: string): Promise<string[]> {
  const rows = await db('dossier_components').where({ dossier_id: dossierId }).orderBy('component_key').select('component_key');
  return rows.map((row: { component_key: string }) => row.component_key);
}

export async function recordReceivedComponents(db: Db, dossierId: string, keys: readonly string[], by: string, at: string): Promise<void> {
  if (keys.length === 0) return;
  await db('dossier_components')
    .insert(keys.map((key) => ({ dossier_id: dossierId, component_key: key, received_by: by, received_at: at })))
    .onConflict(['dossier_id', 'component_key'])
    .ignore();
}
