// The headers every answer carries, and who counts as the caller's address.
//
// Headers through helmet (a small, well-kept library that tracks what browsers honour),
// with a Content-Security-Policy written for this app:
// - scripts only from this origin (the vite build has no inline script; bpmn-js needs
//   no eval), so injected markup cannot run code;
// - styles from this origin plus inline ones: React and bpmn-js set style attributes,
//   and the papers (server/forms) carry their print CSS inline;
// - images from this origin, data: and blob: (bpmn-js exports, the QR code is inline SVG);
// - connections to this origin only (the API and socket.io, also as ws:);
// - no one may frame the app (frame-ancestors 'none' and X-Frame-Options DENY);
// - no plugins, no <base> elsewhere, forms post only here.
// Plus nosniff, Referrer-Policy no-referrer (a receipt's lookup link carries a secret),
// and helmet's cross-origin isolation headers. No HSTS and no upgrade-insecure-requests
// by default: an office may serve the app over plain HTTP on its LAN; the TLS proxy in
// front sets HSTS.
//
// Papers (GET /api/dossiers/:id/forms/:form) get a stricter policy of their own with the
// `sandbox` directive (PAPER_CSP), and the web app shows them in a sandboxed frame.
import helmet from 'helmet';
import type { RequestHandler } from 'express';

export const APP_CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  workerSrc: ["'self'", 'blob:'],
  frameSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  scriptSrcAttr: ["'none'"],
  upgradeInsecureRequests: null,
};

/** A printed paper: markup and inline CSS only, never a script, sandboxed even when opened on its own. */
export const PAPER_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; base-uri 'none'; form-action 'none'; sandbox allow-modals";

export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives: APP_CSP_DIRECTIVES },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: false,
    xContentTypeOptions: true,
  });
}

/**
 * express's `trust proxy` from MOTCUA_TRUST_PROXY: unset or empty — the socket's address
 * is the caller (no X-Forwarded-For is believed, so a client cannot pick its own address
 * to dodge the login throttle); a number — that many proxies in front; `true` — every hop
 * (only when nothing but the proxy can reach the server); anything else — a
 * comma-separated list of addresses/subnets or express's names (`loopback`, `uniquelocal`).
 */
export type TrustProxy = boolean | number | string[];

export function trustProxyFromEnv(value: string | undefined): TrustProxy {
  const text = value?.trim() ?? '';
  if (text === '' || text === 'false') return false;
  if (text === 'true') return true;
  if (/^\d+$/.test(text)) return Number(text);
  return text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
}
