// Signatures of what crosses to and from the integrations: `sha256=<hex HMAC-SHA256 of the
// exact body bytes>` with the shared secret — what we send (X-MotCua-Signature on each
// webhook) and what we check (the portal's hand-overs, the payment gateway's callbacks),
// compared in constant time.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-motcua-signature';

export function sign(secret: string, body: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export function validSignature(secret: string, body: string | Buffer | undefined, header: string | string[] | undefined): boolean {
  if (body === undefined || typeof header !== 'string') return false;
  const expected = Buffer.from(sign(secret, body));
  const given = Buffer.from(header.trim());
  return given.length === expected.length && timingSafeEqual(given, expected);
}
