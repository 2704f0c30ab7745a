// Verification of a signed result on every read: a file changed after signing, or a
// signature that never was one, is reported (`valid: false`), never shown as signed.
// Independently of the signing library: the byte range's SHA-256 is recomputed and
// compared with the CMS messageDigest, and the signed attributes' signature is checked
// against the signer certificate's public key (node-forge).
import { createHash } from 'node:crypto';
import forge from 'node-forge';
import { subjectOf } from './certificate.js';

export interface SignatureCheck {
  valid: boolean;
  signer: string | null;
  signedAt: string | null;
  /** Why it does not verify, for logs and tests. */
  reason?: string;
}

const invalid = (reason: string, signer: string | null = null, signedAt: string | null = null): SignatureCheck => ({ valid: false, signer, signedAt, reason });

/** Checks the last signature of a PDF. */
export function verifyPdfSignature(pdf: Buffer): SignatureCheck {
  const text = pdf.toString('latin1');
  const at = text.lastIndexOf('/ByteRange');
  if (at < 0) return invalid('no signature');
  const range = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/.exec(text.slice(at, at + 200));
  if (!range) return invalid('unreadable byte range');
  const [a, b, c, d] = range.slice(1).map(Number);
  if (a !== 0 || b <= 0 || c <= b || c + d !== pdf.length) return invalid('the byte range does not cover the file');
  const contents = text.slice(b, c);
  const hex = /^<([0-9A-Fa-f]+)>$/.exec(contents.trim());
  if (!hex) return invalid('unreadable signature contents');
  const signedBytes = Buffer.concat([pdf.subarray(a, a + b), pdf.subarray(c, c + d)]);
  try {
    const der = Buffer.from(hex[1], 'hex');
    const asn1 = forge.asn1.fromDer(forge.util.createBuffer(der.toString('binary')), { strict: false, parseAllBytes: false } as never);
    const message = forge.pkcs7.messageFromAsn1(asn1) as unknown as {
      certificates: forge.pki.Certificate[];
      rawCapture: { authenticatedAttributes?: forge.asn1.Asn1[]; signature: string };
    };
    const attributes = message.rawCapture.authenticatedAttributes ?? [];
    let digest: string | null = null;
    let signedAt: string | null = null;
    for (const attribute of attributes) {
      const parts = attribute.value as forge.asn1.Asn1[];
      const oid = forge.asn1.derToOid(parts[0].value as string);
      const value = ((parts[1].value as forge.asn1.Asn1[])[0] ?? null) as forge.asn1.Asn1 | null;
      if (!value) continue;
      if (oid === forge.pki.oids.messageDigest) digest = value.value as string;
      if (oid === forge.pki.oids.signingTime) {
        signedAt = (value.type === forge.asn1.Type.UTCTIME ? forge.asn1.utcTimeToDate(value.value as string) : forge.asn1.generalizedTimeToDate(value.value as string)).toISOString();
      }
    }
    // The signer: the certificate whose key verifies (a chain may come along).
    const signedAttributes = forge.asn1.toDer(forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.SET, true, attributes)).getBytes();
    const attributesDigest = forge.md.sha256.create().update(signedAttributes).digest().bytes();
    const signerCertificate = message.certificates.find((certificate) => {
      try {
        return (certificate.publicKey as forge.pki.rsa.PublicKey).verify(attributesDigest, message.rawCapture.signature);
      } catch {
        return false;
      }
    });
    const signer = signerCertificate ? subjectOf(signerCertificate) : (message.certificates[0] ? subjectOf(message.certificates[0]) : null);
    if (digest === null) return invalid('no message digest', signer, signedAt);
    const actual = createHash('sha256').update(signedBytes).digest('binary');
    if (actual !== digest) return invalid('the document changed after it was signed', signer, signedAt);
    if (!signerCertificate) return invalid('the signature does not match the certificate', signer, signedAt);
    return { valid: true, signer, signedAt };
  } catch (error) {
    return invalid(`unreadable signature: ${error instanceof Error ? error.message : String(error)}`);
  }
}
