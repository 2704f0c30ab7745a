// Documents over HTTP (issue 16, CONTRACT.md §6.2–6.3), on both file stores — the local
// folder and a real S3-compatible server (s3rver) — and on every database the suite has:
// the reception checklist, real scans uploaded and read back byte for byte, a renamed
// executable (415) and an oversized file (413) refused, who may upload and read, the
// electronic result signed with the agency's certificate, verified on every read, and
// downloaded by the citizen with the lookup secret once returned.
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { objectPath } from '../../server/files/store.js';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalFileStore, S3FileStore, type FileStore } from '../../server/files/index.js';
import { verifyPdfSignature } from '../../server/signing/verify.js';
import { demoCertificate } from '../../server/signing/certificate.js';
import { databaseTargets } from '../support/databases.js';
import { APPLICANT, COMMUNE, openTask, startApi, vn, type ApiServer, type Caller } from './support.js';
import { birthWithComponentsXml, executableBytes, makePdf, scanJpeg, scanPng, startS3, type S3Server } from './fixtures/documents.js';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** POST a multipart upload, as a browser's FormData sends it. */
async function upload(caller: Caller, dossierId: string, bytes: Buffer, name: string, fields: Record<string, string> = {}, type = 'application/octet-stream') {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  form.append('file', new Blob([new Uint8Array(bytes)], { type }), name);
  const res = await fetch(`${caller.baseUrl}/api/dossiers/${dossierId}/files`, { method: 'POST', headers: { authorization: `Bearer ${caller.token}` }, body: form });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function download(url: string, token: string | null) {
  const res = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()), headers: res.headers };
}

type Backend = { name: 'local' | 's3' };
const backends: Backend[] = [{ name: 'local' }, { name: 's3' }];
const sqliteFirst = databaseTargets;

describe.each(sqliteFirst)('documents on $kind', (target) => {
  describe.each(backends)('with the $name file store', ({ name: backend }) => {
    let api: ApiServer;
    let s3: S3Server | null = null;
    let folder: string | null = null;
    let store: FileStore;
    let desk: Caller;

    beforeAll(async () => {
      if (backend === 's3') {
        s3 = await startS3();
        store = new S3FileStore({ bucket: s3.bucket, prefix: 'ho-so/', endpoint: s3.endpoint, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
      } else {
        folder = await mkdtemp(path.join(tmpdir(), 'motcua-files-'));
        store = new LocalFileStore(folder);
      }
      api = await startApi(target, vn('2026-11-12 08:00'), { documents: { store } });
      const deployed = await (await api.as('admin')).request('POST', '/procedures?overLimitReason=' + encodeURIComponent('Trong ngày theo Luật Hộ tịch'), { raw: birthWithComponentsXml });
      expect(deployed.status, JSON.stringify(deployed.body)).toBe(201);
      desk = await api.as('commune.reception');
    }, 60_000);
    afterAll(async () => {
      await api?.close();
      await s3?.close();
      if (folder) await rm(folder, { recursive: true, force: true });
    });

    /** What no MộtCửa code path can do (the store never overwrites): an intruder with access to the storage. */
    async function overwriteBehindTheServersBack(sha: string, bytes: Buffer) {
      if (backend === 'local') {
        await writeFile(path.join(folder!, ...objectPath(sha).split('/')), bytes);
      } else {
        const client = new S3Client({ region: 'us-east-1', endpoint: s3!.endpoint, forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }, requestChecksumCalculation: 'WHEN_REQUIRED' });
        await client.send(new PutObjectCommand({ Bucket: s3!.bucket, Key: `ho-so/${objectPath(sha)}`, Body: bytes }));
        client.destroy();
      }
    }

    const receive = (name: string, extra: Record<string, unknown> = {}) =>
      desk.post('/dossiers', { procedureKey: 'dang_ky_khai_sinh', applicant: { ...APPLICANT, name }, ...extra });

    it('refuses a birth registration without its birth certificate unless the clerk asks for a supplement', async () => {
      const refused = await receive('Nguyễn Văn Thiếu', { components: ['to-khai'] });
      expect(refused.status).toBe(422);
      expect(refused.body.error).toMatchObject({ code: 'COMPONENTS_MISSING', params: { names: 'Giấy chứng sinh' }, details: { missing: ['giay-chung-sinh'] } });
      const unknown = await receive('Nguyễn Văn Lạ', { components: ['to-khai', 'giay-chung-sinh', 'so-do'] });
      expect(unknown.status).toBe(422);
      expect(unknown.body.error.details[0]).toMatchObject({ field: 'body.components', messageKey: 'VALIDATION_FAILED.unknownComponent' });

      const withSupplement = await receive('Nguyễn Văn Bổ Sung', { components: ['to-khai'], missingComponents: 'supplement' });
      expect(withSupplement.status).toBe(201);
      expect(withSupplement.body.status).toBe('awaitingSupplement');
      expect(withSupplement.body.pause).toMatchObject({ items: ['Giấy chứng sinh'] });
      const files = await desk.get(`/dossiers/${withSupplement.body.id}/files`);
      expect(files.body.components.map((c: { key: string; received: boolean; required: boolean }) => [c.key, c.required, c.received])).toEqual([
        ['to-khai', true, true],
        ['giay-chung-sinh', true, false],
        ['uy-quyen', false, false],
      ]);
    });

    it('stores real scans, judged by their bytes, and gives them back byte for byte', async () => {
      const received = await receive('Nguyễn Thị Bình', { components: ['to-khai', 'giay-chung-sinh'] });
      expect(received.status).toBe(201);
      const id = received.body.id as string;
      const pdf = await makePdf('GIAY CHUNG SINH');
      // The browser's claimed type and the name do not matter: the bytes do.
      const jpeg = await upload(desk, id, scanJpeg, 'tờ khai khai sinh.jpg', { component: 'to-khai' }, 'application/pdf');
      expect(jpeg.status).toBe(201);
      expect(jpeg.body).toMatchObject({ name: 'tờ khai khai sinh.jpg', size: scanJpeg.length, sha256: sha256(scanJpeg), mediaType: 'image/jpeg', component: 'to-khai', purpose: 'component' });
      const certificate = await upload(desk, id, pdf, 'giay-chung-sinh.pdf', { component: 'giay-chung-sinh' });
      expect(certificate.body).toMatchObject({ mediaType: 'application/pdf', sha256: sha256(pdf) });
      const png = await upload(desk, id, scanPng, 'cccd', {});
      expect(png.body).toMatchObject({ mediaType: 'image/png', component: null, purpose: 'working' });

      for (const [file, bytes] of [[jpeg.body, scanJpeg], [certificate.body, pdf], [png.body, scanPng]] as const) {
        const got = await download(`${api.url}/api/files/${file.id}`, desk.token);
        expect(got.status).toBe(200);
        expect(got.bytes.equals(bytes)).toBe(true);
        expect(got.headers.get('content-type')).toBe(file.mediaType);
        expect(got.headers.get('x-content-type-options')).toBe('nosniff');
        expect(got.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent(file.name)}`);
      }
      // In the store under its SHA-256, whatever the backend.
      expect((await store.get(sha256(scanJpeg))).equals(scanJpeg)).toBe(true);

      const list = await desk.get(`/dossiers/${id}/files`);
      expect(list.body.files.map((f: { id: string }) => f.id)).toEqual([jpeg.body.id, certificate.body.id, png.body.id]);
      expect(list.body.components.filter((c: { digitised: boolean }) => c.digitised).map((c: { key: string }) => c.key)).toEqual(['to-khai', 'giay-chung-sinh']);
    });

    it('refuses a renamed executable (415) and a file over 20 MB (413), and a component the procedure does not list', async () => {
      const { body } = await receive('Trần Văn Kiểm', { components: ['to-khai', 'giay-chung-sinh'] });
      const exe = await upload(desk, body.id, executableBytes(), 'scan.pdf', { component: 'to-khai' }, 'application/pdf');
      expect(exe.status).toBe(415);
      expect(exe.body.error).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', messageKey: 'UNSUPPORTED_MEDIA_TYPE.file' });
      const big = Buffer.concat([await makePdf('QUA LON'), Buffer.alloc(20 * 1024 * 1024 + 1, 0x20)]);
      const tooLarge = await upload(desk, body.id, big, 'qua-lon.pdf');
      expect(tooLarge.status).toBe(413);
      expect(tooLarge.body.error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', messageKey: 'PAYLOAD_TOO_LARGE.file', params: { maxMb: 20 } });
      const stray = await upload(desk, body.id, scanPng, 'so-do.png', { component: 'so-do' });
      expect(stray.status).toBe(422);
      expect((await desk.get(`/dossiers/${body.id}/files`)).body.files).toEqual([]);
    });

    it('lets staff who see the dossier read, only staff acting on it upload, and nobody else find it', async () => {
      const { body } = await receive('Lê Văn Quyền', { components: ['to-khai', 'giay-chung-sinh'] });
      const jpeg = (await upload(desk, body.id, scanJpeg, 'to-khai.jpg', { component: 'to-khai' })).body;
      // The commune's specialist acts on it (the examination is at the commune).
      const specialist = await api.as('commune.specialist');
      expect((await download(`${api.url}/api/files/${jpeg.id}`, specialist.token)).status).toBe(200);
      expect((await upload(specialist, body.id, scanPng, 'ghi-chu.png')).status).toBe(201);
      // A manager of the commune reads but does not act.
      const manager = await api.as('commune.manager');
      expect((await download(`${api.url}/api/files/${jpeg.id}`, manager.token)).status).toBe(200);
      expect((await upload(manager, body.id, scanPng, 'x.png')).status).toBe(403);
      // Another commune's clerk: no such dossier, no such file.
      const stranger = await api.as('commune2.specialist');
      expect((await download(`${api.url}/api/files/${jpeg.id}`, stranger.token)).status).toBe(404);
      expect((await upload(stranger, body.id, scanPng, 'x.png')).status).toBe(404);
      expect((await download(`${api.url}/api/files/${jpeg.id}`, null)).status).toBe(401);
    });

    it('signs the result with the agency certificate, reports a signature that no longer verifies, and hands it to the citizen once returned', async () => {
      const { body } = await receive('Phạm Thị Kết Quả', { components: ['to-khai', 'giay-chung-sinh'] });
      const id = body.id as string;
      const secret = body.lookupSecret as string;
      const specialist = await api.as('commune.specialist');
      const leader = await api.as('commune.leader');
      const examined = await specialist.post(`/tasks/${openTask(body, 'Examine').id}/claim`, {});
      expect(examined.status).toBe(200);
      const done = await specialist.post(`/tasks/${openTask(body, 'Examine').id}/complete`, { outcome: 'register' });
      expect(done.status).toBe(200);
      const draft = await makePdf('GIAY KHAI SINH');
      const uploaded = (await upload(specialist, id, draft, 'giấy khai sinh.pdf', { purpose: 'result' })).body;
      expect(uploaded.purpose).toBe('result');
      // A JPEG is no electronic result.
      const jpeg = (await upload(specialist, id, scanJpeg, 'anh.jpg')).body;
      expect((await leader.post(`/dossiers/${id}/result`, { fileId: jpeg.id })).status).toBe(415);

      const issued = await leader.post(`/dossiers/${id}/result`, { fileId: uploaded.id });
      expect(issued.status).toBe(200);
      expect(issued.body).toMatchObject({ signed: true, signer: expect.stringContaining('MotCua demo') });
      const signed = await download(`${api.url}/api/files/${issued.body.fileId}`, leader.token);
      expect(signed.headers.get('content-type')).toBe('application/pdf');
      expect(verifyPdfSignature(signed.bytes)).toMatchObject({ valid: true, signer: issued.body.signer });
      // The upload it was signed from is untouched.
      expect((await download(`${api.url}/api/files/${uploaded.id}`, leader.token)).bytes.equals(draft)).toBe(true);
      const listed = (await leader.get(`/dossiers/${id}/files`)).body;
      expect(listed.result).toMatchObject({ id: issued.body.fileId, signature: { signer: issued.body.signer, valid: true } });

      // No PDF of its own: the standard template with the dossier's data, signed the same way.
      const generated = await leader.post(`/dossiers/${id}/result`, {});
      expect(generated.status).toBe(200);
      expect(generated.body).toMatchObject({ signed: true, signer: issued.body.signer });
      const made = await download(`${api.url}/api/files/${generated.body.fileId}`, leader.token);
      expect(verifyPdfSignature(made.bytes).valid).toBe(true);
      expect(made.bytes.subarray(0, 5).toString()).toBe('%PDF-');

      // Not returned yet: the citizen gets nothing.
      const publicUrl = `${api.url}/api/public/dossiers/${body.code}/result?secret=${secret}`;
      expect((await download(publicUrl, null)).status).toBe(404);
      const sign = openTask((await leader.get(`/dossiers/${id}`)).body, 'Sign');
      await leader.post(`/tasks/${sign.id}/claim`, {});
      const signedTask = await leader.post(`/tasks/${sign.id}/complete`, {});
      expect(signedTask.status).toBe(200);
      const returner = await api.as('commune.return');
      const returnTask = openTask((await returner.get(`/dossiers/${id}`)).body, 'Return');
      await returner.post(`/tasks/${returnTask.id}/claim`, {});
      expect((await returner.post(`/tasks/${returnTask.id}/complete`, {})).status).toBe(200);
      expect((await returner.get(`/dossiers/${id}`)).body.status).toBe('returned');

      const citizen = await download(publicUrl, null);
      expect(citizen.status).toBe(200);
      // The latest signed result: the one made from the template.
      expect(citizen.bytes.equals(made.bytes)).toBe(true);
      // Closed: its files stay as they were.
      expect((await upload(returner, id, scanPng, 'muon.png')).status).toBe(409);
      expect((await leader.post(`/dossiers/${id}/result`, {})).status).toBe(409);
      expect(citizen.headers.get('content-disposition')).toMatch(/^attachment;/);
      expect((await download(`${api.url}/api/public/dossiers/${body.code}/result?secret=WRONG1`, null)).status).toBe(404);

      // Someone changes the stored signed result behind the server's back (one byte inside
      // the signed range, straight in the store): the next read reports it, never "valid".
      const latest = (await leader.get(`/dossiers/${id}/files`)).body.result;
      expect(latest.signature.valid).toBe(true);
      const stored = await store.get(latest.sha256);
      const tampered = Buffer.from(stored);
      tampered[300] ^= 0x01;
      await overwriteBehindTheServersBack(latest.sha256, tampered);
      const reread = (await leader.get(`/dossiers/${id}/files`)).body.result;
      expect(reread).toMatchObject({ id: latest.id, signature: { valid: false } });
    });
    it('signs with the certificate an admin sets (PKCS#12 and its password), refusing one the password does not open', async () => {
      const admin = await api.as('admin');
      expect((await admin.get('/admin/signing-certificate')).body).toMatchObject({ source: 'demo', signer: expect.stringContaining('MotCua demo') });
      expect((await desk.get('/admin/signing-certificate')).status).toBe(403);
      const p12 = demoCertificate('UBND phuong Quyet Thang', 'UBND thanh pho Kon Tum', 'mat-khau-p12');
      const put = async (password: string) => {
        const form = new FormData();
        form.append('password', password);
        form.append('file', new Blob([new Uint8Array(p12)]), 'ubnd-quyet-thang.p12');
        const res = await fetch(`${api.url}/api/admin/signing-certificate`, { method: 'PUT', headers: { authorization: `Bearer ${admin.token}` }, body: form });
        return { status: res.status, body: await res.json() };
      };
      const wrong = await put('sai-mat-khau');
      expect(wrong.status).toBe(422);
      expect(wrong.body.error.details[0]).toMatchObject({ field: 'body.file', messageKey: 'VALIDATION_FAILED.certificate' });
      const set = await put('mat-khau-p12');
      expect(set.status).toBe(200);
      expect(set.body).toMatchObject({ source: 'uploaded', signer: 'UBND phuong Quyet Thang, UBND thanh pho Kon Tum' });

      const { body } = await receive('Đỗ Văn Chứng Thư', { components: ['to-khai', 'giay-chung-sinh'] });
      const leader = await api.as('commune.leader');
      const issued = await leader.post(`/dossiers/${body.id}/result`, {});
      expect(issued.body).toMatchObject({ signed: true, signer: 'UBND phuong Quyet Thang, UBND thanh pho Kon Tum' });
      const signed = await download(`${api.url}/api/files/${issued.body.fileId}`, leader.token);
      expect(verifyPdfSignature(signed.bytes)).toMatchObject({ valid: true, signer: 'UBND phuong Quyet Thang, UBND thanh pho Kon Tum' });
    });
  });
});
