// The agency's signing certificate (PKCS#12) for electronic results (Decree 45/2020: an
// electronic result signed by the agency has the legal value of the paper one; Decree
// 130/2018 on digital signatures).
//
// Where it comes from, first found wins:
// 1. MOTCUA_SIGNING_P12 (a .p12/.pfx file) with MOTCUA_SIGNING_PASSWORD — configured by
//    the administrator of the server, the certificate a CA issued to the agency;
// 2. otherwise the one an admin uploaded (PUT /api/admin/signing-certificate), kept in
//    the `settings` table so every server process signs with it;
// 3. otherwise, outside production, a self-signed demo certificate generated once and
//    kept in the `settings` table (every server process signs with the same one).
// In production without one, results are issued unsigned (`signed: false`).
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import forge from 'node-forge';
import type { Knex } from 'knex';
import { getSetting, initSetting, putSetting } from '../store/settings.js';

export interface SigningIdentity {
  p12: Buffer;
  passphrase: string;
  /** The certificate's subject, as shown beside a signed result. */
  signer: string;
  /** `configured` (MOTCUA_SIGNING_P12), `uploaded` (by an admin) or `demo` (self-signed, generated). */
  source: 'configured' | 'uploaded' | 'demo';
  validFrom: string;
  validTo: string;
}

const UPLOADED_P12 = 'signing.p12';
const UPLOADED_PASSWORD = 'signing.password';
const DEMO_P12 = 'signing.demo.p12';
const DEMO_PASSWORD = 'signing.demo.password';

/** "Common name, Organisation" of a certificate's subject. */
export function subjectOf(certificate: forge.pki.Certificate): string {
  // forge keeps UTF8String values as UTF-8 bytes in a binary string.
  const field = (name: string) => {
    const value = certificate.subject.getField(name)?.value as string | undefined;
    if (value === undefined) return undefined;
    try {
      return forge.util.decodeUtf8(value);
    } catch {
      return value;
    }
  };
  return [field('CN'), field('O')].filter((v) => v && v.trim() !== '').join(', ') || 'unknown';
}

/** The certificate in a PKCS#12 that matches its private key; throws when the password is wrong. */
export function certificateOf(p12: Buffer, passphrase: string): forge.pki.Certificate {
  const parsed = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(forge.util.createBuffer(p12.toString('binary'))), false, passphrase);
  const bags = parsed.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag] ?? [];
  const certificate = bags.map((bag) => bag.cert).find((cert): cert is forge.pki.Certificate => cert !== undefined);
  if (!certificate) throw new Error('the PKCS#12 file holds no certificate');
  return certificate;
}

/** A self-signed signing certificate for a demo agency (never for real results). */
export function demoCertificate(commonName: string, organisation: string, passphrase: string, now = new Date()): Buffer {
  // Node makes the RSA key (fast, native); forge writes the certificate and the PKCS#12.
  const { privateKey: pem } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
  const key = forge.pki.privateKeyFromPem(pem) as forge.pki.rsa.PrivateKey;
  const certificate = forge.pki.createCertificate();
  certificate.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  certificate.serialNumber = `01${randomBytes(8).toString('hex')}`;
  certificate.validity.notBefore = new Date(now.getTime() - 24 * 3600_000);
  certificate.validity.notAfter = new Date(now.getTime() + 5 * 365 * 24 * 3600_000);
  // forge's typings call it a class; it is the ASN.1 type tag of the value.
  const utf8 = forge.asn1.Type.UTF8 as unknown as forge.asn1.Class;
  const subject = [
    { name: 'commonName', value: commonName, valueTagClass: utf8 },
    { name: 'organizationName', value: organisation, valueTagClass: utf8 },
    { name: 'countryName', value: 'VN' },
  ];
  certificate.setSubject(subject);
  certificate.setIssuer(subject);
  certificate.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true },
    { name: 'extKeyUsage', emailProtection: true },
  ]);
  certificate.sign(key, forge.md.sha256.create());
  const p12 = forge.pkcs12.toPkcs12Asn1(key, [certificate], passphrase, { algorithm: '3des' });
  return Buffer.from(forge.asn1.toDer(p12).getBytes(), 'binary');
}

/**
 * The identity results are signed with, or null (production without a configured
 * certificate). Reads the environment and, for the demo one, the database.
 */
export async function loadSigningIdentity(knex: Knex, options: { production: boolean; env?: NodeJS.ProcessEnv }): Promise<SigningIdentity | null> {
  const env = options.env ?? process.env;
  if (env.MOTCUA_SIGNING_P12) {
    const p12 = await readFile(env.MOTCUA_SIGNING_P12);
    return identityOf(p12, env.MOTCUA_SIGNING_PASSWORD ?? '', 'configured');
  }
  const uploaded = await getSetting(knex, UPLOADED_P12);
  if (uploaded) return identityOf(Buffer.from(uploaded, 'base64'), (await getSetting(knex, UPLOADED_PASSWORD)) ?? '', 'uploaded');
  if (options.production) return null;
  let stored = await getSetting(knex, DEMO_P12);
  let passphrase = await getSetting(knex, DEMO_PASSWORD);
  if (!stored || !passphrase) {
    // Two processes starting at once: the first password and certificate stored win.
    passphrase = await initSetting(knex, DEMO_PASSWORD, randomBytes(18).toString('base64url'));
    // ASCII names: node-forge re-encodes a UTF8String issuer differently in the CMS
    // SignerInfo than in the certificate, and verifiers (pdfsig, OpenSSL) then find no
    // signer certificate. A CA-issued certificate keeps the names its CA wrote.
    const made = demoCertificate('MotCua demo - chung thu tu ky, khong co gia tri phap ly', 'MotCua demo', passphrase);
    stored = await initSetting(knex, DEMO_P12, made.toString('base64'));
  }
  return identityOf(Buffer.from(stored, 'base64'), passphrase, 'demo');
}

function identityOf(p12: Buffer, passphrase: string, source: SigningIdentity['source']): SigningIdentity {
  const certificate = certificateOf(p12, passphrase);
  return {
    p12,
    passphrase,
    signer: subjectOf(certificate),
    source,
    validFrom: certificate.validity.notBefore.toISOString(),
    validTo: certificate.validity.notAfter.toISOString(),
  };
}

/**
 * An admin's PKCS#12 for the agency: checked (the password opens it, a private key and
 * its certificate are in it) and kept in `settings`, where every process reads it.
 * Throws when it cannot be used; nothing is stored then.
 */
export async function storeSigningCertificate(knex: Knex, p12: Buffer, passphrase: string): Promise<SigningIdentity> {
  const identity = identityOf(p12, passphrase, 'uploaded');
  const parsed = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(forge.util.createBuffer(p12.toString('binary'))), false, passphrase);
  const keys = parsed.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag] ?? [];
  const key = keys[0]?.key as forge.pki.rsa.PrivateKey | undefined;
  const certificate = certificateOf(p12, passphrase);
  const publicKey = certificate.publicKey as forge.pki.rsa.PublicKey;
  if (!key || key.n.compareTo(publicKey.n) !== 0) throw new Error('no private key matching the certificate');
  await putSetting(knex, UPLOADED_PASSWORD, passphrase);
  await putSetting(knex, UPLOADED_P12, p12.toString('base64'));
  return identity;
}
