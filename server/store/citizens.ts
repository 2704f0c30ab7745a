// The store of issue 17 (migrations/20261129090000_citizens.ts): webhooks and the delivery
// table their events and the citizens' notifications go out through, the per-dossier sync
// state with the national portal, the portal's hand-overs, payments and ratings. Like the
// rest of the store it never reads a clock: every instant comes in as an argument.
import type { PaymentStatus } from '../../contract/citizens.js';
import { randomBytes, randomUUID } from 'node:crypto';
import { databaseKind, dbInstant, fromJson, isUniqueViolation, toBoolean, toJson, type Db } from './db.js';

// ── webhooks ────────────────────────────────────────────────────────────────
export interface Webhook {
  id: string;
  url: string;
  events: string[];
  /** Never answered by the API once stored (GET shows only that there is one). */
  secret: string;
  portal: boolean;
  active: boolean;
  createdBy: string;
  createdAt: string;
}

const webhookOf = (row: Record<string, any>): Webhook => ({
  id: row.id,
  url: row.url,
  events: fromJson<string[]>(row.events),
  secret: row.secret,
  portal: toBoolean(row.portal),
  active: toBoolean(row.active),
  createdBy: row.created_by,
  createdAt: row.created_at,
});

export async function insertWebhook(db: Db, hook: Omit<Webhook, 'id' | 'active'>): Promise<Webhook> {
  const id = randomUUID();
  await db('webhooks').insert({
    id,
    url: hook.url,
    events: toJson(hook.events),
    secret: hook.secret,
    portal: hook.portal,
    active: true,
    created_by: hook.createdBy,
    created_at: dbInstant(hook.createdAt),
  });
  return { ...hook, id, active: true };
}

export async function listWebhooks(db: Db, onlyActive = false): Promise<Webhook[]> {
  const query = db('webhooks').orderBy('created_at');
  if (onlyActive) query.where({ active: true });
  return (await query).map(webhookOf);
}

export async function getWebhook(db: Db, id: string): Promise<Webhook | null> {
  const row = await db('webhooks').where({ id }).first();
  return row ? webhookOf(row) : null;
}

// ── deliveries ──────────────────────────────────────────────────────────────
export type DeliveryKind = 'webhook' | 'email' | 'sms' | 'zalo';
export type DeliveryStatus = 'pending' | 'sent' | 'failed';

export interface NewDelivery {
  dedupeKey: string;
  kind: DeliveryKind;
  webhookId: string | null;
  dossierId: string | null;
  event: string;
  target: string;
  payload: unknown;
}

export interface Delivery extends Omit<NewDelivery, 'payload'> {
  id: number;
  /** The stored text: a webhook's exact body, or a message as JSON. */
  payload: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

const deliveryOf = (row: Record<string, any>): Delivery => ({
  id: Number(row.id),
  dedupeKey: row.dedupe_key,
  kind: row.kind,
  webhookId: row.webhook_id ?? null,
  dossierId: row.dossier_id ?? null,
  event: row.event,
  target: row.target,
  payload: row.payload,
  status: row.status,
  attempts: Number(row.attempts),
  nextAttemptAt: row.next_attempt_at,
  lastError: row.last_error ?? null,
  createdAt: row.created_at,
  sentAt: row.sent_at ?? null,
});

/** Queues deliveries; one already queued under the same dedupe key is left as it is. */
export async function queueDeliveries(db: Db, deliveries: readonly NewDelivery[], now: string): Promise<void> {
  if (deliveries.length === 0) return;
  const at = dbInstant(now);
  await db('deliveries')
    .insert(
      deliveries.map((d) => ({
        dedupe_key: d.dedupeKey,
        kind: d.kind,
        webhook_id: d.webhookId,
        dossier_id: d.dossierId,
        event: d.event,
        target: d.target,
        payload: typeof d.payload === 'string' ? d.payload : toJson(d.payload),
        status: 'pending',
        attempts: 0,
        next_attempt_at: at,
        locked_until: null,
        last_error: null,
        created_at: at,
        sent_at: null,
      })),
    )
    .onConflict('dedupe_key')
    .ignore();
}

/**
 * Claims up to `limit` deliveries due now for one worker: pending, due, not leased to a
 * live worker, and not behind an earlier pending delivery to the same target about the
 * same dossier (a receiver sees a dossier's events in order). The claim is a lease until
 * `leaseUntil` and counts the attempt. On PostgreSQL the rows are taken FOR UPDATE SKIP
 * LOCKED inside the caller's transaction, so two processes never claim the same row.
 */
export async function claimDeliveries(trx: Db, now: string, leaseUntil: string, limit: number): Promise<Delivery[]> {
  const at = dbInstant(now);
  const query = trx('deliveries as d')
    .where('d.status', 'pending')
    .where('d.next_attempt_at', '<=', at)
    .where((q) => q.whereNull('d.locked_until').orWhere('d.locked_until', '<=', at))
    .whereNotExists(function earlier() {
      this.from('deliveries as e')
        .whereRaw('e.target = d.target')
        .whereRaw('e.dossier_id = d.dossier_id')
        .where('e.status', 'pending')
        .whereRaw('e.id < d.id');
    })
    .orderBy('d.id')
    .limit(limit)
    .select('d.*');
  if (databaseKind(trx) === 'postgres') query.forUpdate('d').skipLocked();
  const rows = (await query).map(deliveryOf);
  if (rows.length === 0) return rows;
  await trx('deliveries')
    .whereIn('id', rows.map((r) => r.id))
    .update({ locked_until: dbInstant(leaseUntil), attempts: trx.raw('attempts + 1') });
  return rows.map((r) => ({ ...r, attempts: r.attempts + 1 }));
}

export async function markSent(db: Db, id: number, now: string): Promise<void> {
  await db('deliveries').where({ id }).update({ status: 'sent', sent_at: dbInstant(now), locked_until: null, last_error: null });
}

/** A failed attempt: again at `retryAt`, or given up (`failed`) when null. */
export async function markAttemptFailed(db: Db, id: number, error: string, retryAt: string | null): Promise<void> {
  await db('deliveries')
    .where({ id })
    .update({
      status: retryAt === null ? 'failed' : 'pending',
      next_attempt_at: retryAt === null ? db.raw('next_attempt_at') : dbInstant(retryAt),
      locked_until: null,
      last_error: error.slice(0, 2000),
    });
}

export async function deliveriesOf(db: Db, filter: { dossierId?: string; webhookId?: string; kind?: DeliveryKind; limit?: number }): Promise<Delivery[]> {
  const query = db('deliveries').orderBy('id').limit(filter.limit ?? 200);
  if (filter.dossierId) query.where({ dossier_id: filter.dossierId });
  if (filter.webhookId) query.where({ webhook_id: filter.webhookId });
  if (filter.kind) query.where({ kind: filter.kind });
  return (await query).map(deliveryOf);
}

// ── national-portal sync state (Decision 766 metric 1.4) ────────────────────
export type SyncState = 'pending' | 'sent' | 'failed';

/** Something new is to go to the portal about these dossiers: they are pending again. */
export async function markSyncPending(db: Db, dossierIds: readonly string[], now: string): Promise<void> {
  for (const dossierId of new Set(dossierIds)) {
    await db('dossier_sync')
      .insert({ dossier_id: dossierId, state: 'pending', last_sent_at: null, last_error: null, updated_at: dbInstant(now) })
      .onConflict('dossier_id')
      .merge({ state: 'pending', updated_at: dbInstant(now) });
  }
}

/**
 * After a portal delivery about the dossier ended (sent or given up): failed while any
 * portal delivery of it failed for good, pending while one is still to go, sent otherwise.
 */
export async function settleSync(db: Db, dossierId: string, now: string, error: string | null): Promise<SyncState> {
  const rows: Array<{ status: string; n: number | string }> = await db('deliveries as d')
    .join('webhooks as w', 'w.id', 'd.webhook_id')
    .where({ 'd.dossier_id': dossierId, 'w.portal': true })
    .groupBy('d.status')
    .select('d.status')
    .count({ n: '*' });
  const count = (status: string) => Number(rows.find((r) => r.status === status)?.n ?? 0);
  const state: SyncState = count('failed') > 0 ? 'failed' : count('pending') > 0 ? 'pending' : 'sent';
  await db('dossier_sync')
    .where({ dossier_id: dossierId })
    .update({
      state,
      updated_at: dbInstant(now),
      ...(state === 'sent' ? { last_sent_at: dbInstant(now), last_error: null } : {}),
      ...(error !== null ? { last_error: error.slice(0, 2000) } : {}),
    });
  return state;
}

export async function syncStateOf(db: Db, dossierId: string): Promise<{ state: SyncState; lastSentAt: string | null; lastError: string | null } | null> {
  const row = await db('dossier_sync').where({ dossier_id: dossierId }).first();
  return row ? { state: row.state, lastSentAt: row.last_sent_at ?? null, lastError: row.last_error ?? null } : null;
}

// ── the portal's hand-overs ─────────────────────────────────────────────────
export async function inboundDossierId(db: Db, source: string, externalId: string): Promise<string | null> {
  const row = await db('inbound_filings').where({ source, external_id: externalId }).first('dossier_id');
  return row?.dossier_id ?? null;
}

export async function recordInbound(db: Db, source: string, externalId: string, dossierId: string, now: string): Promise<void> {
  await db('inbound_filings').insert({ source, external_id: externalId, dossier_id: dossierId, created_at: dbInstant(now) });
}

export { isUniqueViolation };

// ── payments ────────────────────────────────────────────────────────────────
export interface Payment {
  id: string;
  dossierId: string;
  amount: number;
  method: 'cash' | 'online';
  status: PaymentStatus;
  receiptNumber: string | null;
  payUrl: string | null;
  gatewayRef: string | null;
  transactionId: string | null;
  agencyCode: string;
  createdBy: string;
  createdAt: string;
  paidAt: string | null;
}

const paymentOf = (row: Record<string, any>): Payment => ({
  id: row.id,
  dossierId: row.dossier_id,
  amount: Number(row.amount),
  method: row.method,
  status: row.status,
  receiptNumber: row.receipt_number ?? null,
  payUrl: row.pay_url ?? null,
  gatewayRef: row.gateway_ref ?? null,
  transactionId: row.transaction_id ?? null,
  agencyCode: row.agency_code,
  createdBy: row.created_by,
  createdAt: row.created_at,
  paidAt: row.paid_at ?? null,
});

/** An electronic receipt number (biên lai điện tử): BL-<local date>-<10 random hex>, unique (an index says so). */
export const newReceiptNumber = (localDate: string): string => `BL-${localDate.replaceAll('-', '')}-${randomBytes(5).toString('hex').toUpperCase()}`;

export async function insertPayment(db: Db, payment: Payment): Promise<void> {
  await db('payments').insert({
    id: payment.id,
    dossier_id: payment.dossierId,
    amount: payment.amount,
    method: payment.method,
    status: payment.status,
    receipt_number: payment.receiptNumber,
    pay_url: payment.payUrl,
    gateway_ref: payment.gatewayRef,
    transaction_id: payment.transactionId,
    agency_code: payment.agencyCode,
    created_by: payment.createdBy,
    created_at: dbInstant(payment.createdAt),
    paid_at: dbInstant(payment.paidAt),
  });
}

export async function getPayment(db: Db, id: string): Promise<Payment | null> {
  const row = await db('payments').where({ id }).first();
  return row ? paymentOf(row) : null;
}

export async function paymentsOf(db: Db, dossierId: string): Promise<Payment[]> {
  return (await db('payments').where({ dossier_id: dossierId }).orderBy('created_at')).map(paymentOf);
}

/** Dossiers (of these) with an online payment requested and not paid: waiting for a financial obligation (national status 6). */
export async function awaitingPayment(db: Db, dossierIds: readonly string[]): Promise<Set<string>> {
  if (dossierIds.length === 0) return new Set();
  const rows = await db('payments').whereIn('dossier_id', [...new Set(dossierIds)]).where({ status: 'pending' }).distinct('dossier_id');
  return new Set(rows.map((r: { dossier_id: string }) => r.dossier_id));
}

/** Settles a pending payment; false when it was no longer pending (a replayed callback changes nothing). */
export async function settlePayment(
  db: Db,
  id: string,
  settled: { status: 'paid' | 'failed'; transactionId: string; receiptNumber: string | null; paidAt: string },
): Promise<boolean> {
  const changed = await db('payments')
    .where({ id, status: 'pending' })
    .update({
      status: settled.status,
      transaction_id: settled.transactionId,
      receipt_number: settled.receiptNumber,
      paid_at: settled.status === 'paid' ? dbInstant(settled.paidAt) : null,
    });
  return Number(changed) === 1;
}

/**
 * The citizen paid at the desk what an online request asked: the open requests of the
 * dossier are cancelled (their pay links no longer count, the dossier no longer waits
 * for a financial obligation). Returns how many were.
 */
export async function cancelPendingPayments(db: Db, dossierId: string): Promise<number> {
  return Number(await db('payments').where({ dossier_id: dossierId, status: 'pending' }).update({ status: 'cancelled' }));
}

/** An outbox row of the store's own (not an engine effect): payments announce themselves through it too. */
export async function writeOutboxMessage(db: Db, dossierId: string, topic: string, payload: Record<string, unknown>, now: string): Promise<void> {
  await db('outbox').insert({ dossier_id: dossierId, topic, payload: toJson({ type: topic, dossierId, taskId: null, ...payload }), created_at: dbInstant(now), published_at: null });
}

// ── ratings ─────────────────────────────────────────────────────────────────
export interface Rating {
  dossierId: string;
  score: 1 | 2 | 3;
  comment: string | null;
  agencyCode: string;
  ratedAt: string;
}

/** Once per dossier: false when it was rated already (the primary key said so). */
export async function insertRating(db: Db, rating: Rating): Promise<boolean> {
  try {
    await db('ratings').insert({
      dossier_id: rating.dossierId,
      score: rating.score,
      comment: rating.comment,
      agency_code: rating.agencyCode,
      rated_at: dbInstant(rating.ratedAt),
    });
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}

export async function getRating(db: Db, dossierId: string): Promise<Rating | null> {
  const row = await db('ratings').where({ dossier_id: dossierId }).first();
  return row ? { dossierId: row.dossier_id, score: Number(row.score) as 1 | 2 | 3, comment: row.comment ?? null, agencyCode: row.agency_code, ratedAt: row.rated_at } : null;
}

export interface RatingCount {
  key: string;
  count: number;
  sum: number;
  notSatisfied: number;
}

/**
 * Ratings in [from, to) of dossiers whose competent agency is one of `agencies`, counted
 * per agency and per officer (every member of staff who completed a step of the dossier).
 */
export async function ratingCounts(db: Db, agencies: readonly string[] | null, from: string | null, to: string | null): Promise<{ perAgency: RatingCount[]; perOfficer: RatingCount[]; recent: Rating[] }> {
  const scoped = (q: any) => {
    if (agencies) q.whereIn('r.agency_code', [...agencies]);
    if (from) q.where('r.rated_at', '>=', dbInstant(from));
    if (to) q.where('r.rated_at', '<', dbInstant(to));
    return q;
  };
  const tally = (rows: Array<Record<string, any>>): RatingCount[] =>
    rows.map((r) => ({ key: r.k, count: Number(r.n), sum: Number(r.s), notSatisfied: Number(r.low) }));
  const low = db.raw('sum(case when r.score = 1 then 1 else 0 end) as low');
  const perAgency = await scoped(db('ratings as r')).groupBy('r.agency_code').select('r.agency_code as k', db.raw('count(*) as n'), db.raw('sum(r.score) as s'), low);
  const perOfficer = await scoped(db('ratings as r').join(
    db('tasks').whereNotNull('completed_by').distinct('dossier_id', 'completed_by').as('t'),
    't.dossier_id',
    'r.dossier_id',
  ))
    .groupBy('t.completed_by')
    .select('t.completed_by as k', db.raw('count(*) as n'), db.raw('sum(r.score) as s'), low);
  const recent = (await scoped(db('ratings as r')).orderBy('r.rated_at', 'desc').limit(50).select('r.*')).map((row: Record<string, any>) => ({
    dossierId: row.dossier_id,
    score: Number(row.score) as 1 | 2 | 3,
    comment: row.comment ?? null,
    agencyCode: row.agency_code,
    ratedAt: row.rated_at,
  }));
  return { perAgency: tally(perAgency), perOfficer: tally(perOfficer), recent };
}
