// The documents part of the API (CONTRACT.md §6.3): uploads are multipart (FormData),
// bytes come back as Blobs; the rest goes through the one JSON client.
import type { DossierFilesView, FileView, IssuedResultView } from '../../../contract/index.js';
import { ApiError, currentToken, request } from '../api/client.js';

export type { DossierFilesView, FileView, IssuedResultView };

async function failure(response: Response): Promise<ApiError> {
  try {
    const parsed = (await response.json()) as { error?: { code?: string; message?: string; messageEn?: string; messageKey?: string; params?: Record<string, string | number>; details?: unknown } };
    const e = parsed.error ?? {};
    return new ApiError(response.status, e.code ?? `HTTP_${response.status}`, e.message ?? response.statusText, e.details, { messageEn: e.messageEn, messageKey: e.messageKey, params: e.params });
  } catch {
    return new ApiError(response.status, `HTTP_${response.status}`, response.statusText);
  }
}

const authorization = (): Record<string, string> => {
  const token = currentToken();
  return token ? { Authorization: `Bearer ${token}` } : {};
};

export const documentsApi = {
  files: (dossierId: string) => request<DossierFilesView>('GET', `/dossiers/${encodeURIComponent(dossierId)}/files`),

  /** One file, with the component it is a scan of or what it is for. */
  async upload(dossierId: string, file: File, fields: { component?: string; purpose?: 'working' | 'result' } = {}): Promise<FileView> {
    const form = new FormData();
    if (fields.component) form.append('component', fields.component);
    if (fields.purpose) form.append('purpose', fields.purpose);
    form.append('file', file, file.name);
    const response = await fetch(`/api/dossiers/${encodeURIComponent(dossierId)}/files`, { method: 'POST', headers: authorization(), body: form });
    if (!response.ok) throw await failure(response);
    return (await response.json()) as FileView;
  },

  /** The bytes, for the viewer and for saving. */
  async blob(fileId: string): Promise<Blob> {
    const response = await fetch(`/api/files/${encodeURIComponent(fileId)}`, { headers: authorization() });
    if (!response.ok) throw await failure(response);
    return response.blob();
  },

  /** Without `fileId`: a result made from the standard template with the dossier's data. */
  issueResult: (dossierId: string, fileId?: string) => request<IssuedResultView>('POST', `/dossiers/${encodeURIComponent(dossierId)}/result`, fileId ? { fileId } : {}),
};

/** Where the citizen downloads the signed result (no login: the lookup secret). */
export const publicResultUrl = (code: string, secret: string): string =>
  `/api/public/dossiers/${encodeURIComponent(code)}/result?secret=${encodeURIComponent(secret)}`;

/** Saves a Blob under a name (the browser's download). */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export const ACCEPTED_FILES = 'application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png';
