// The delivery worker (issue 17): sends what the fan-out queued — webhooks (signed),
// e-mail, SMS, Zalo — at least once. Like the outbox publisher it wakes on a nudge (after
// the publisher's flush) and on a safety-net interval. Each pass claims due rows in a
// short transaction (a lease; PostgreSQL: FOR UPDATE SKIP LOCKED, so several server
// processes on one database never take the same row), sends outside any transaction,
// then records the outcome: sent, or another attempt after a doubling backoff, or failed
// after the last one. A process that dies mid-send leaves its lease to lapse and another
// sends again: a receiver may see an event twice (the body's `id` is the same) but never
// loses one. The portal's deliveries settle the dossier's sync state (index metric 1.4).
import type { Knex } from 'knex';
import { inTransaction } from '../store/index.js';
import { claimDeliveries, getWebhook, markAttemptFailed, markSent, settleSync, type Delivery } from '../store/citizens.js';
import type { IntegrationConfig } from './config.js';
import type { Notice, Senders } from './notify.js';
import { sign } from './signature.js';
import { refusedTarget } from './targets.js';

export class DeliveryWorker {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  /** Sends attempted by this process (tests, diagnostics). */
  attempted = 0;

  constructor(
    private readonly db: Knex,
    private readonly config: IntegrationConfig,
    private readonly senders: Senders,
    private readonly now: () => Date = () => new Date(),
  ) {}

  start(): void {
    if (this.timer || this.stopped) return;
    this.timer = setInterval(() => this.nudge(), this.config.delivery.intervalMs);
    this.timer.unref();
    this.nudge();
  }

  nudge(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .catch((error) => console.error('delivery worker failed:', error instanceof Error ? error.message : error))
      .finally(() => {
        this.running = null;
        if (this.again && !this.stopped) {
          this.again = false;
          this.nudge();
        }
      });
  }

  /** Sends everything due now (tests await it). */
  async drain(): Promise<void> {
    for (;;) {
      const batch = await this.claim();
      if (batch.length === 0) return;
      await Promise.all(batch.map((d) => this.deliver(d)));
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
    this.senders.close();
  }

  private claim(): Promise<Delivery[]> {
    const now = this.now();
    const lease = new Date(now.getTime() + this.config.delivery.leaseMs);
    return inTransaction(this.db, (trx) => claimDeliveries(trx, now.toISOString(), lease.toISOString(), 20));
  }

  private async deliver(d: Delivery): Promise<void> {
    this.attempted++;
    let error: string | null = null;
    let portal = false;
    try {
      if (d.kind === 'webhook') portal = await this.sendWebhook(d);
      else {
        const notice = JSON.parse(d.payload) as Notice;
        if (d.kind === 'email') await this.senders.email(d.target, notice);
        else await this.senders.http(d.kind, d.target, notice);
      }
    } catch (e) {
      // Never the body or a secret: what failed, in a line.
      error = e instanceof Error ? e.message : String(e);
      portal = (e as { portal?: boolean }).portal === true;
    }
    const nowIso = this.now().toISOString();
    if (error === null) await markSent(this.db, d.id, nowIso);
    else {
      const last = d.attempts >= this.config.delivery.attempts;
      const retryAt = last ? null : new Date(this.now().getTime() + this.config.delivery.backoffMs * 2 ** (d.attempts - 1)).toISOString();
      await markAttemptFailed(this.db, d.id, error, retryAt);
    }
    if (portal && d.dossierId) await settleSync(this.db, d.dossierId, nowIso, error);
  }

  /** POSTs the stored body, signed with the webhook's secret; true when the target is the portal. */
  private async sendWebhook(d: Delivery): Promise<boolean> {
    const hook = d.webhookId ? await getWebhook(this.db, d.webhookId) : null;
    if (!hook) throw new Error('webhook removed');
    const refused = await refusedTarget(hook.url, this.config.webhookAllow);
    if (refused) throw new Error(`target refused: ${refused}`);
    try {
      const res = await fetch(hook.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-motcua-signature': sign(hook.secret, d.payload),
          'x-motcua-event': d.event,
          'x-motcua-delivery': String(d.id),
        },
        body: d.payload,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.config.delivery.timeoutMs),
      });
      await res.arrayBuffer().catch(() => undefined);
      if (res.status < 200 || res.status >= 300) throw new Error(`answered ${res.status}`);
    } catch (e) {
      // A portal delivery that failed settles the sync state too (deliver()).
      throw Object.assign(new Error(e instanceof Error ? e.message : String(e)), { portal: hook.portal });
    }
    return hook.portal;
  }
}
