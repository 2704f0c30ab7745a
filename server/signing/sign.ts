// PAdES signing of an electronic result: @signpdf (a well-kept family of packages on
// node-forge) adds a signature field with pdf-lib, then signs the byte ranges in
// detached CMS with the agency's PKCS#12, SubFilter ETSI.CAdES.detached (PAdES).
import { PDFDocument } from 'pdf-lib';
import { pdflibAddPlaceholder } from '@signpdf/placeholder-pdf-lib';
import { P12Signer } from '@signpdf/signer-p12';
import signpdfModule from '@signpdf/signpdf';
import { SUBFILTER_ETSI_CADES_DETACHED } from '@signpdf/utils';
import type { SigningIdentity } from './certificate.js';

// The package is CommonJS with a default instance: `signpdf.default.sign` under Node's ESM.
const signpdf = ((signpdfModule as unknown as { default?: unknown }).default ?? signpdfModule) as { sign(pdf: Buffer, signer: P12Signer, at?: Date): Promise<Buffer> };

export interface SignOptions {
  reason: string;
  location: string;
  signedAt: Date;
}

export async function signPdf(pdf: Buffer, identity: SigningIdentity, options: SignOptions): Promise<Buffer> {
  const document = await PDFDocument.load(pdf, { updateMetadata: false });
  pdflibAddPlaceholder({
    pdfDoc: document,
    reason: options.reason,
    contactInfo: '',
    name: identity.signer,
    location: options.location,
    signingTime: options.signedAt,
    // A 2048-bit key's CMS with its certificate is ~1.5 kB; leave room for a chain.
    signatureLength: 16384,
    subFilter: SUBFILTER_ETSI_CADES_DETACHED,
    appName: 'MộtCửa',
  });
  // The placeholder's byte range must not be moved by object streams.
  const prepared = Buffer.from(await document.save({ useObjectStreams: false }));
  return signpdf.sign(prepared, new P12Signer(identity.p12, { passphrase: identity.passphrase }), options.signedAt);
}
