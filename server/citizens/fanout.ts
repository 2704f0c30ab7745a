// The outbox fan-out (issue 17): the outbox publisher hands each batch of outbox rows
// here, inside the transaction that marks them published (server/live/publisher.ts), and
// this turns them into deliveries — the webhooks' events and the citizens' notifications
// — in the same transaction. So a committed status change becomes its deliveries exactly
// once (a publisher that fails before its commit leaves both for the next pass; a
// delivery's dedupe key makes even a second pass a no-op), and the worker (worker.ts)
// sends them at least once, with retries.
//
// What goes out:
//   dossierUpdated whose status changed       → webhook `dossier.status` (national status 1–10)
//   … into awaitingReturn or returned          → webhook `dossier.result` too
//   dossierUpdated of an apology               → webhook `dossier.apology`
//   paymentRequested / paymentSettled          → webhook `payment.status`, and `dossier.status` (6 while waiting)
//   receipt or acceptance, supplement request,
//   apology, result ready                      → the citizen's notifications (notify.ts)
import type { Knex } from 'knex';
import {
  NATIONAL_STATUSES,
  nationalStatusWhile,
  returnPlaceOf,
  type Applicant,
  type DossierState,
  type DossierStatus,
} from '../../engine/index.js';
import { fromJson } from '../store/db.js';
import { getAgency, getVersion, type OutboxMessage } from '../store/index.js';
import { awaitingPayment, markSyncPending, queueDeliveries, type NewDelivery, type Webhook } from '../store/citizens.js';
import { recipients, renderNotice, type NoticeKind, type Senders } from './notify.js';

/** What a webhook receives (docs/contract.md, Webhooks): the body that is signed. */
export interface WebhookBody {
  /** The event's id: the same in every retry of it (receivers deduplicate on it). */
  id: string;
  event: string;
  occurredAt: string;
  dossier: {
    id: string;
    code: string;
    procedureKey: string;
    status: DossierStatus;
    statusBefore: DossierStatus | null;
    nationalStatus: number;
    nationalStatusName: string;
    channel: string;
    receivingAgency: string;
    competentAgency: string;
    receivedAt: string;
    appointmentAt: string;
    result: string | null;
    /** The national portal's id of a dossier it handed over. */
    portalId: string | null;
  };
  payment?: { id: string; amount: number; method: string; status: string; receiptNumber: string | null };
  apology?: { reason: string; newAppointmentAt: string };
}

interface DossierFacts {
  row: Record<string, any>;
  state: DossierState;
  applicant: Applicant;
}

export interface FanOutDeps {
  webhooks: () => Promise<Webhook[]>;
  senders: Senders;
  /** Deliveries run on real time (never the business clock a demo stands still on). */
  now: () => Date;
}

const RESULT_STATUSES: readonly DossierStatus[] = ['awaitingReturn', 'returned'];

/** Turns a batch of outbox rows into deliveries, in the caller's transaction. */
export async function fanOut(trx: Knex.Transaction, rows: readonly OutboxMessage[], deps: FanOutDeps): Promise<number> {
  const relevant = rows.filter((r) => r.dossierId && (isStatusRow(r) || r.topic === 'paymentRequested' || r.topic === 'paymentSettled'));
  if (relevant.length === 0) return 0;
  const hooks = await deps.webhooks();
  // No channel configured: the notices cost nothing on the publisher's path.
  const anyChannel = deps.senders.configured('email') || deps.senders.configured('sms') || deps.senders.configured('zalo');
  const wantsNotice = anyChannel && relevant.some((r) => noticeOf(r) !== null);
  if (hooks.length === 0 && !wantsNotice) return 0;

  const ids = [...new Set(relevant.map((r) => r.dossierId!))];
  const facts = new Map<string, DossierFacts>();
  const dossierRows = await trx('dossiers')
    .whereIn('id', ids)
    .select('id', 'code', 'status', 'procedure_key', 'procedure_version', 'receiving_agency', 'channel', 'applicant', 'state', 'received_at', 'appointment_at', 'result');
  for (const row of dossierRows as Record<string, any>[]) {
    facts.set(row.id, { row, state: fromJson<DossierState>(row.state), applicant: fromJson<Applicant>(row.applicant) });
  }
  const waiting = await awaitingPayment(trx, ids);
  const portalIds = new Map<string, string>(
    (await trx('inbound_filings').whereIn('dossier_id', ids).select('dossier_id', 'external_id')).map((r: any) => [r.dossier_id, r.external_id]),
  );

  const nowIso = deps.now().toISOString();
  const deliveries: NewDelivery[] = [];
  const portalDossiers: string[] = [];
  for (const message of relevant) {
    const f = facts.get(message.dossierId!);
    if (!f) continue;
    // ── webhooks ──
    for (const { event, extra } of webhookEvents(message, f)) {
      const status = (message.payload.status as DossierStatus | undefined) ?? f.row.status;
      const body: WebhookBody = {
        id: `${message.id}.${event}`,
        event,
        occurredAt: new Date(message.createdAt).toISOString(),
        dossier: dossierPart(f, status, (message.payload.statusBefore as DossierStatus | null | undefined) ?? null, waiting.has(f.row.id), portalIds.get(f.row.id) ?? null),
        ...extra,
      };
      const text = JSON.stringify(body);
      for (const hook of hooks) {
        if (!hook.events.includes(event)) continue;
        deliveries.push({ dedupeKey: `outbox:${message.id}:${event}:${hook.id}`, kind: 'webhook', webhookId: hook.id, dossierId: f.row.id, event, target: hook.url, payload: text });
        if (hook.portal) portalDossiers.push(f.row.id);
      }
    }
    // ── the citizen ──
    const kind = wantsNotice ? noticeOf(message) : null;
    if (kind) {
      const to = recipients(f.applicant).filter((r) => deps.senders.configured(r.channel));
      if (to.length > 0) {
        const notice = renderNotice(kind, await noticeFacts(trx, f));
        for (const { channel, to: address } of to) {
          deliveries.push({ dedupeKey: `outbox:${message.id}:${kind}:${channel}`, kind: channel, webhookId: null, dossierId: f.row.id, event: kind, target: address, payload: notice });
        }
      }
    }
  }
  await queueDeliveries(trx, deliveries, nowIso);
  if (portalDossiers.length > 0) await markSyncPending(trx, portalDossiers, nowIso);
  return deliveries.length;
}

const isStatusRow = (m: OutboxMessage): boolean => m.topic === 'dossierUpdated' && typeof m.payload.status === 'string';

function webhookEvents(m: OutboxMessage, f: DossierFacts): Array<{ event: string; extra: Partial<WebhookBody> }> {
  const out: Array<{ event: string; extra: Partial<WebhookBody> }> = [];
  if (m.topic === 'paymentRequested' || m.topic === 'paymentSettled') {
    const payment = m.payload.payment as WebhookBody['payment'];
    out.push({ event: 'payment.status', extra: { payment } });
    out.push({ event: 'dossier.status', extra: { payment } });
    return out;
  }
  const status = m.payload.status as DossierStatus;
  const before = (m.payload.statusBefore as DossierStatus | null | undefined) ?? null;
  if (status !== before) out.push({ event: 'dossier.status', extra: {} });
  if (status !== before && RESULT_STATUSES.includes(status)) out.push({ event: 'dossier.result', extra: {} });
  if (m.payload.verb === 'apologize') {
    const apology = f.state.apologies.at(-1);
    out.push({ event: 'dossier.apology', extra: apology ? { apology: { reason: apology.reason, newAppointmentAt: apology.newAppointmentAt } } : {} });
  }
  return out;
}

function noticeOf(m: OutboxMessage): NoticeKind | null {
  if (!isStatusRow(m)) return null;
  const { verb, status, statusBefore } = m.payload as { verb?: string; status: DossierStatus; statusBefore: DossierStatus | null };
  if ((verb === 'receive' || verb === 'accept') && status !== 'submitted') return 'received';
  if (verb === 'requestSupplement') return 'supplementRequested';
  if (verb === 'apologize') return 'apology';
  if (status === 'awaitingReturn' && statusBefore !== 'awaitingReturn') return 'resultReady';
  return null;
}

function dossierPart(f: DossierFacts, status: DossierStatus, statusBefore: DossierStatus | null, waitsForPayment: boolean, portalId: string | null): WebhookBody['dossier'] {
  const national = nationalStatusWhile(status, waitsForPayment);
  return {
    id: f.row.id,
    code: f.row.code,
    procedureKey: f.row.procedure_key,
    status,
    statusBefore,
    nationalStatus: national,
    nationalStatusName: NATIONAL_STATUSES[national].vi,
    channel: f.row.channel,
    receivingAgency: f.row.receiving_agency,
    competentAgency: f.state.competentAgency ?? f.row.receiving_agency,
    receivedAt: f.state.receivedAt,
    appointmentAt: f.state.appointmentAt,
    result: f.state.result ?? null,
    portalId,
  };
}

async function noticeFacts(trx: Knex.Transaction, f: DossierFacts) {
  const version = await getVersion(trx, f.row.procedure_key, Number(f.row.procedure_version));
  const receiving = await getAgency(trx, f.row.receiving_agency);
  const place = returnPlaceOf(f.state);
  const returnAgency = place === 'post' ? null : await getAgency(trx, place);
  return {
    code: f.row.code,
    procedureName: version?.model.name ?? f.row.procedure_key,
    applicantName: f.applicant.name,
    state: f.state,
    returnPlace: place === 'post' ? null : (returnAgency?.name ?? place),
    receivingPlace: receiving?.name ?? f.row.receiving_agency,
  };
}
