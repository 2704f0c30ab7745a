// Where the integrations of issue 17 go: configured, never coded in. `npm start` reads the
// environment (README, Configuration); tests pass the same shape to startServer with the
// addresses of their own servers (a real SMTP server, a payment gateway double, a portal).
//
// | variable | meaning |
// | MOTCUA_WEBHOOK_ALLOW | hosts webhooks may reach although private or loopback (comma-separated) |
// | MOTCUA_SMTP_URL, MOTCUA_MAIL_FROM | the SMTP server for e-mail (smtp://user:pass@host:587) and the sender |
// | MOTCUA_SMS_URL, MOTCUA_SMS_TOKEN | an HTTP SMS adapter: POST {to, text}, Bearer token |
// | MOTCUA_ZALO_URL, MOTCUA_ZALO_TOKEN | an HTTP Zalo (ZNS) adapter: POST {to, text}, Bearer token |
// | MOTCUA_PAYMENT_URL, MOTCUA_PAYMENT_SECRET | the payment gateway: POST {paymentId, amount, …} → {payUrl, reference}; its callbacks signed with the secret |
// | MOTCUA_PORTAL_SECRET | the national portal's hand-overs are signed with it |
// | MOTCUA_PUBLIC_URL | this server's public address (the gateway's callback and return links) |
// | MOTCUA_DELIVERY_BACKOFF_MS, MOTCUA_DELIVERY_ATTEMPTS | first retry delay (doubling) and attempts before a delivery fails (default 30000, 8) |

export interface HttpAdapter {
  url: string;
  token?: string;
}

export interface IntegrationConfig {
  /** Hosts (names or addresses) outbound webhooks may reach although private or loopback. */
  webhookAllow: string[];
  smtp: { url: string; from: string } | null;
  sms: HttpAdapter | null;
  zalo: HttpAdapter | null;
  payment: { url: string; secret: string } | null;
  portal: { secret: string } | null;
  publicUrl: string | null;
  delivery: {
    /** First retry after this many ms, doubling each attempt. */
    backoffMs: number;
    /** Attempts before a delivery is given up (`failed`). */
    attempts: number;
    /** The worker's safety-net interval (commits nudge it sooner). */
    intervalMs: number;
    /** How long one send may take before another worker may take the row again. */
    leaseMs: number;
    /** One HTTP or SMTP send's timeout. */
    timeoutMs: number;
  };
  /** POST /public/submissions per address (default 10 an hour). */
  submissionLimit: { windowMs: number; limit: number };
}

export const DEFAULT_DELIVERY = { backoffMs: 30_000, attempts: 8, intervalMs: 2_000, leaseMs: 60_000, timeoutMs: 10_000 };

const list = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);

const positive = (value: string | undefined, fallback: number): number => {
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? n : fallback;
};

export function integrationsFromEnv(env: NodeJS.ProcessEnv = process.env): IntegrationConfig {
  return {
    webhookAllow: list(env.MOTCUA_WEBHOOK_ALLOW),
    smtp: env.MOTCUA_SMTP_URL ? { url: env.MOTCUA_SMTP_URL, from: env.MOTCUA_MAIL_FROM || 'MộtCửa <no-reply@localhost>' } : null,
    sms: env.MOTCUA_SMS_URL ? { url: env.MOTCUA_SMS_URL, token: env.MOTCUA_SMS_TOKEN } : null,
    zalo: env.MOTCUA_ZALO_URL ? { url: env.MOTCUA_ZALO_URL, token: env.MOTCUA_ZALO_TOKEN } : null,
    payment: env.MOTCUA_PAYMENT_URL && env.MOTCUA_PAYMENT_SECRET ? { url: env.MOTCUA_PAYMENT_URL, secret: env.MOTCUA_PAYMENT_SECRET } : null,
    portal: env.MOTCUA_PORTAL_SECRET ? { secret: env.MOTCUA_PORTAL_SECRET } : null,
    publicUrl: env.MOTCUA_PUBLIC_URL || null,
    delivery: {
      ...DEFAULT_DELIVERY,
      backoffMs: positive(env.MOTCUA_DELIVERY_BACKOFF_MS, DEFAULT_DELIVERY.backoffMs),
      attempts: positive(env.MOTCUA_DELIVERY_ATTEMPTS, DEFAULT_DELIVERY.attempts),
    },
    submissionLimit: { windowMs: 60 * 60_000, limit: 10 },
  };
}

/** The environment's configuration with a test's or an embedder's overrides. */
export function integrationsWith(overrides: Partial<IntegrationConfig> = {}, env: NodeJS.ProcessEnv = process.env): IntegrationConfig {
  const base = integrationsFromEnv(env);
  return { ...base, ...overrides, delivery: { ...base.delivery, ...overrides.delivery } };
}
