// Citizens and the national portal (issue 17), wired once per server: the configuration
// (config.ts), the senders of notifications (notify.ts), the outbox fan-out (fanout.ts)
// the publisher calls, the delivery worker (worker.ts) and the payment gateway adapter.
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { OutboxMessage } from '../store/index.js';
import { listWebhooks, type Webhook } from '../store/citizens.js';
import { integrationsWith, type IntegrationConfig } from './config.js';
import { fanOut } from './fanout.js';
import { senders, type Senders } from './notify.js';
import { sign } from './signature.js';
import { DeliveryWorker } from './worker.js';

export { integrationsFromEnv, integrationsWith, type IntegrationConfig } from './config.js';

/** What the gateway answers to a payment request. */
export interface PayLink {
  payUrl: string;
  reference: string | null;
}

export class Citizens {
  readonly worker: DeliveryWorker;
  readonly senders: Senders;
  private hooks: { at: number; list: Webhook[] } | null = null;

  constructor(
    private readonly db: Knex,
    readonly config: IntegrationConfig,
  ) {
    this.senders = senders(config);
    this.worker = new DeliveryWorker(db, config, this.senders);
  }

  static create(db: Knex, overrides?: Partial<IntegrationConfig>): Citizens {
    return new Citizens(db, integrationsWith(overrides));
  }

  /** Active webhooks, read at most once a second (another process's registration is seen within it). */
  private async webhooks(trx: Knex.Transaction): Promise<Webhook[]> {
    const now = Date.now();
    // In the publisher's transaction: SQLite has the one connection.
    if (!this.hooks || now - this.hooks.at > 1_000) this.hooks = { at: now, list: await listWebhooks(trx, true) };
    return this.hooks.list;
  }

  /** A webhook was registered here: the next fan-out sees it at once. */
  webhooksChanged(): void {
    this.hooks = null;
  }

  /** The publisher's hook: in its transaction, the batch's deliveries. */
  fanOut = (trx: Knex.Transaction, rows: readonly OutboxMessage[]): Promise<number> =>
    fanOut(trx, rows, { webhooks: () => this.webhooks(trx), senders: this.senders, now: () => new Date() });

  /**
   * Asks the payment gateway for a pay link: POST {paymentId, amount, currency, description,
   * callbackUrl, returnUrl}, signed like a webhook with the gateway's secret; it answers
   * {payUrl, reference}. Throws when the gateway is not configured or does not answer.
   */
  async requestPayLink(payment: { id: string; amount: number; description: string }): Promise<PayLink> {
    const gateway = this.config.payment!;
    const base = this.config.publicUrl ?? '';
    const body = JSON.stringify({
      paymentId: payment.id,
      amount: payment.amount,
      currency: 'VND',
      description: payment.description,
      callbackUrl: `${base}/api/integrations/payments/callback`,
      returnUrl: `${base}/tra-cuu`,
      nonce: randomUUID(),
    });
    const res = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-motcua-signature': sign(gateway.secret, body) },
      body,
      signal: AbortSignal.timeout(this.config.delivery.timeoutMs),
    });
    if (!res.ok) throw new Error(`payment gateway answered ${res.status}`);
    const answer = (await res.json()) as { payUrl?: unknown; reference?: unknown };
    if (typeof answer.payUrl !== 'string' || !/^https?:\/\//.test(answer.payUrl)) throw new Error('payment gateway gave no pay link');
    return { payUrl: answer.payUrl, reference: typeof answer.reference === 'string' ? answer.reference : null };
  }

  start(): void {
    this.worker.start();
  }

  stop(): Promise<void> {
    return this.worker.stop();
  }
}
