// Citizens and the national portal (issue 17; docs/contract.md "Citizens and the national
// portal"): online filing and its desk decision, outbound webhooks, the portal's
// hand-overs, fees and payments with printable receipts, ratings.
import type { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { rateLimit, type RateLimitRequestHandler } from 'express-rate-limit';
import { z } from 'zod';
import { DomainError, type Actor } from '../../engine/index.js';
import {
  paymentCallbackSchema,
  paymentRequestSchema,
  portalFilingRequestSchema,
  ratingRequestSchema,
  submissionRequestSchema,
  webhookRequestSchema,
  type PaymentView,
  type PublicProcedure,
  type RatingsReport,
  type SubmissionAnswer,
  type WebhookView,
} from '../../contract/index.js';
import { accessFor } from '../auth/permissions.js';
import type { Citizens } from '../citizens/index.js';
import { validSignature, SIGNATURE_HEADER } from '../citizens/signature.js';
import { refusedTarget } from '../citizens/targets.js';
import type { ServerContext } from '../context.js';
import { escapeHtml, vnDateTime } from '../forms/format.js';
import { HttpError } from '../http/errors.js';
import { defineRoute, type RouteSpec } from '../http/route.js';
import { actorOf } from '../services/actor.js';
import { findVisibleDossier } from '../services/dossierAccess.js';
import { sameSecret } from '../services/publicLookup.js';
import {
  getPayment,
  inboundDossierId,
  insertPayment,
  cancelPendingPayments,
  insertRating,
  insertWebhook,
  isUniqueViolation,
  listWebhooks,
  newReceiptNumber,
  paymentsOf,
  ratingCounts,
  recordInbound,
  settlePayment,
  writeOutboxMessage,
  type Payment,
  type Webhook,
} from '../store/citizens.js';
import { agencyTree, canonicalSecret, codeSpellings, findDossierByCode, getAgency, getVersion, inTransaction, listProcedures, loadDossier } from '../store/index.js';

const PORTAL = 'portal';
/** Who files online: no account; the history names the channel. */
const CITIZEN: Actor = { username: 'citizen', agencyCode: '', roles: [] };
const PORTAL_ACTOR: Actor = { username: 'national-portal', agencyCode: '', roles: [] };

function citizens(ctx: ServerContext): Citizens {
  if (!ctx.citizens) throw new HttpError(503, 'NOT_CONFIGURED', { integration: 'citizens' });
  return ctx.citizens;
}

// ── limits: one limiter per context and purpose (public.ts does the same for the lookup) ──
const limiters = new WeakMap<ServerContext, Map<string, RateLimitRequestHandler>>();
function limited(ctx: ServerContext, req: Request, name: 'submission' | 'rating', windowMs: number, limit: number): Promise<void> {
  let map = limiters.get(ctx);
  if (!map) limiters.set(ctx, (map = new Map()));
  let handler = map.get(name);
  if (!handler) {
    handler = rateLimit({
      windowMs,
      limit,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      handler: (_req, res, next, options) => {
        res.setHeader('Retry-After', String(Math.ceil(options.windowMs / 1000)));
        next(new HttpError(429, name === 'submission' ? 'TOO_MANY_REQUESTS.submission' : 'TOO_MANY_REQUESTS.rating', {}, { limit: options.limit }));
      },
      validate: { creationStack: false, keyGeneratorIpFallback: false },
    });
    map.set(name, handler);
  }
  const run = handler;
  return new Promise((resolve, reject) => void run(req, req.res as Response, (error?: unknown) => (error ? reject(error) : resolve())));
}

const rawBody = (req: Request): Buffer | undefined => (req as { rawBody?: Buffer }).rawBody;

function webhookView(hook: Webhook): WebhookView {
  return { id: hook.id, url: hook.url, events: hook.events, portal: hook.portal, active: hook.active, createdBy: hook.createdBy, createdAt: hook.createdAt, hasSecret: true };
}

function paymentView(p: Payment): PaymentView {
  return { id: p.id, dossierId: p.dossierId, amount: p.amount, method: p.method, status: p.status, receiptNumber: p.receiptNumber, payUrl: p.payUrl, createdAt: p.createdAt, paidAt: p.paidAt };
}

/** The citizen's dossier by code and secret, the lookup's way: the same 404 for a wrong code or secret. */
async function dossierBySecret(ctx: ServerContext, code: string, secret: string | undefined) {
  let loaded = null;
  for (const spelling of codeSpellings(code)) if ((loaded = await findDossierByCode(ctx.knex, spelling))) break;
  const matches = sameSecret(canonicalSecret(secret ?? ''), loaded?.row.lookupSecret ?? 'decoy-secret-never-matches');
  if (!loaded || !matches || secret === undefined) throw new DomainError('NOT_FOUND.lookup');
  return loaded;
}

const submissionAnswer = (r: { id: string; code: string; lookupSecret: string; result: { state: { submittedAt?: string; receivedAt: string } } }): SubmissionAnswer => ({
  id: r.id,
  code: r.code,
  lookupSecret: r.lookupSecret,
  status: 'submitted',
  submittedAt: r.result.state.submittedAt ?? r.result.state.receivedAt,
});

/** A procedure or agency the body names that does not exist: a field of the request. */
function asFieldError(error: unknown): never {
  if (error instanceof DomainError && error.messageKey === 'NOT_FOUND.procedure') {
    throw new HttpError(422, 'VALIDATION_FAILED', {}, [{ field: 'body.procedureKey', message: error.message }]);
  }
  throw error;
}

export const citizenRoutes: RouteSpec[] = [
  // ── online filing ─────────────────────────────────────────────────────────
  defineRoute({
    method: 'get',
    path: '/public/procedures',
    summary: 'Procedures a citizen may file online, with their fee, components and the agencies that may be chosen as competent',
    tag: 'public',
    access: 'public',
    handler: async (_input, ctx) => {
      const [procedures, agencies] = await Promise.all([listProcedures(ctx.knex), agencyTree(ctx.knex)]);
      const body: PublicProcedure[] = [];
      for (const p of procedures) {
        const version = await getVersion(ctx.knex, p.key, p.latestVersion);
        const model = version?.model;
        if (!model) continue;
        body.push({
          key: p.key,
          code: p.code,
          name: p.name,
          level: model.level,
          timeLimit: model.timeLimit,
          fee: model.fee ?? null,
          components: ((model as { components?: PublicProcedure['components'] }).components ?? []).map((c) => ({ key: c.key, name: c.name, kind: c.kind, copies: c.copies, required: c.required })),
          agencies: agencies
            .filter((a) => (model.level === null || a.level === model.level) && !a.mergedInto)
            .map((a) => ({ code: a.code, name: a.name })),
        });
      }
      return { body, headers: { 'Cache-Control': 'no-store' } };
    },
  }),

  defineRoute({
    method: 'post',
    path: '/public/submissions',
    summary: 'A citizen files a dossier online: status `submitted` with a code and lookup secret, until a desk accepts or refuses it. Rate-limited per address; `website` is a honeypot',
    tag: 'public',
    access: 'public',
    body: submissionRequestSchema,
    responses: { 201: { description: '{id, code, lookupSecret, status: "submitted", submittedAt}' }, 429: { description: 'TOO_MANY_REQUESTS.submission' } },
    handler: async ({ body, req }, ctx) => {
      const c = citizens(ctx);
      await limited(ctx, req, 'submission', c.config.submissionLimit.windowMs, c.config.submissionLimit.limit);
      // A person never sees the hidden field; a form-filling robot fills it.
      if (body.website) throw new HttpError(400, 'SUBMISSION_REFUSED');
      const received = await ctx.dossiers
        .submit({ procedureKey: body.procedureKey, competentAgency: body.competentAgency, returnAt: body.returnAt, applicant: { ...body.applicant, email: body.applicant.email ?? null }, data: body.data, actor: CITIZEN })
        .catch(asFieldError);
      return { status: 201, body: submissionAnswer(received), headers: { 'Cache-Control': 'no-store' } };
    },
  }),

  // ── the national portal's hand-overs ─────────────────────────────────────
  defineRoute({
    method: 'post',
    path: '/integrations/portal/dossiers',
    summary: 'The National Public Service Portal hands over a dossier filed there: signed (X-MotCua-Signature: sha256=HMAC of the body with MOTCUA_PORTAL_SECRET), idempotent on portalId',
    tag: 'integrations',
    access: 'public',
    body: portalFilingRequestSchema,
    responses: { 201: { description: 'Created: {id, code, lookupSecret, status}' }, 200: { description: 'Already handed over: the same dossier' }, 401: { description: 'INVALID_SIGNATURE' } },
    handler: async ({ body, req }, ctx) => {
      const portal = citizens(ctx).config.portal;
      if (!portal) throw new HttpError(503, 'NOT_CONFIGURED', { integration: 'portal' });
      if (!validSignature(portal.secret, rawBody(req), req.headers[SIGNATURE_HEADER])) throw new HttpError(401, 'INVALID_SIGNATURE');
      const again = async () => {
        const id = await inboundDossierId(ctx.knex, PORTAL, body.portalId);
        if (!id) return null;
        const { row } = await loadDossier(ctx.knex, id);
        return { status: 200, body: { id: row.id, code: row.code, status: row.status, portalId: body.portalId } };
      };
      const known = await again();
      if (known) return known;
      try {
        const received = await ctx.dossiers.submit(
          { procedureKey: body.procedureKey, competentAgency: body.competentAgency, returnAt: body.returnAt, applicant: { ...body.applicant, email: body.applicant.email ?? null }, data: body.data, actor: PORTAL_ACTOR },
          (trx, id, now) => recordInbound(trx, PORTAL, body.portalId, id, now),
        );
        return { status: 201, body: { ...submissionAnswer(received), portalId: body.portalId } };
      } catch (error) {
        // The same hand-over at the same moment: the other one recorded it, this one is that dossier.
        if (isUniqueViolation(error)) {
          const other = await again();
          if (other) return other;
        }
        return asFieldError(error);
      }
    },
  }),

  // ── outbound webhooks ─────────────────────────────────────────────────────
  defineRoute({
    method: 'post',
    path: '/admin/webhooks',
    summary: 'Register an outbound webhook: events signed with X-MotCua-Signature, delivered at least once with retries; private or loopback targets refused unless in MOTCUA_WEBHOOK_ALLOW',
    tag: 'integrations',
    access: accessFor('webhook.manage'),
    body: webhookRequestSchema,
    responses: { 201: { description: 'The webhook (never its secret)' }, 422: { description: 'WEBHOOK_TARGET_REFUSED' } },
    handler: async ({ body, user }, ctx) => {
      const c = citizens(ctx);
      const refused = await refusedTarget(body.url, c.config.webhookAllow);
      if (refused) throw new HttpError(422, 'WEBHOOK_TARGET_REFUSED', { host: refused });
      const hook = await insertWebhook(ctx.knex, {
        url: body.url,
        events: [...new Set(body.events)],
        secret: body.secret,
        portal: body.portal ?? false,
        createdBy: user!.username,
        createdAt: new Date().toISOString(),
      });
      c.webhooksChanged();
      return { status: 201, body: webhookView(hook) };
    },
  }),

  defineRoute({
    method: 'get',
    path: '/admin/webhooks',
    summary: 'The registered webhooks (never their secrets), with their deliveries counted by status',
    tag: 'integrations',
    access: accessFor('webhook.manage'),
    handler: async (_input, ctx) => {
      const hooks = await listWebhooks(ctx.knex);
      const counts: Array<{ webhook_id: string; status: string; n: number | string }> = await ctx
        .knex('deliveries')
        .whereNotNull('webhook_id')
        .groupBy('webhook_id', 'status')
        .select('webhook_id', 'status')
        .count({ n: '*' });
      return {
        body: hooks.map((h) => ({
          ...webhookView(h),
          deliveries: Object.fromEntries(counts.filter((c) => c.webhook_id === h.id).map((c) => [c.status, Number(c.n)])),
        })),
      };
    },
  }),

  // ── fees and payments ─────────────────────────────────────────────────────
  defineRoute({
    method: 'post',
    path: '/dossiers/:id/payments',
    summary: 'Record a fee: cash at the desk (paid at once, an electronic receipt number) or an online pay link through the payment gateway (pending until its signed callback)',
    tag: 'payments',
    access: accessFor('payment.record'),
    params: z.object({ id: z.string().min(1).max(64) }),
    body: paymentRequestSchema,
    responses: { 201: { description: '{id, status, receiptNumber?, payUrl?}' }, 502: { description: 'GATEWAY_FAILED' }, 503: { description: 'NOT_CONFIGURED (online without a gateway)' } },
    handler: async ({ params, body, user }, ctx) => {
      const dossier = await findVisibleDossier(ctx, user!, params.id);
      const c = citizens(ctx);
      const now = ctx.clock.now().toISOString();
      const id = randomUUID();
      const base = { id, dossierId: dossier.row.id, amount: body.amount, method: body.method, transactionId: null, agencyCode: user!.agencyCode, createdBy: user!.username, createdAt: now } as const;
      let payment: Payment;
      if (body.method === 'cash') {
        const localDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date(now));
        payment = { ...base, status: 'paid', receiptNumber: newReceiptNumber(localDate), payUrl: null, gatewayRef: null, paidAt: now };
      } else {
        if (!c.config.payment) throw new HttpError(503, 'NOT_CONFIGURED', { integration: 'payment' });
        // The gateway first: a failure leaves nothing recorded; a link it made that we fail to record is never used.
        const link = await c.requestPayLink({ id, amount: body.amount, description: `Phí, lệ phí hồ sơ ${dossier.row.code}` }).catch((error: unknown) => {
          console.error('payment gateway failed:', error instanceof Error ? error.message : error);
          throw new HttpError(502, 'GATEWAY_FAILED', { integration: 'payment' });
        });
        payment = { ...base, status: 'pending', receiptNumber: null, payUrl: link.payUrl, gatewayRef: link.reference, paidAt: null };
      }
      await inTransaction(ctx.knex, async (trx) => {
        // Cash at the desk settles the fee: an online request still open for it is void.
        if (payment.status === 'paid') await cancelPendingPayments(trx, payment.dossierId);
        await insertPayment(trx, payment);
        // On the outbox like every change: the portal hears of it (national status 6 while it waits).
        await writeOutboxMessage(trx, payment.dossierId, payment.status === 'pending' ? 'paymentRequested' : 'paymentSettled', { payment: outboxPayment(payment) }, now);
      });
      ctx.live?.nudge();
      return { status: 201, body: paymentView(payment) };
    },
  }),

  defineRoute({
    method: 'get',
    path: '/dossiers/:id/payments',
    summary: 'The dossier’s payments',
    tag: 'payments',
    access: accessFor('dossier.read'),
    params: z.object({ id: z.string().min(1).max(64) }),
    handler: async ({ params, user }, ctx) => {
      const dossier = await findVisibleDossier(ctx, user!, params.id);
      return { body: (await paymentsOf(ctx.knex, dossier.row.id)).map(paymentView) };
    },
  }),

  defineRoute({
    method: 'get',
    path: '/dossiers/:id/payments/:paymentId/receipt',
    summary: 'The printable electronic receipt (biên lai điện tử) of a paid fee',
    tag: 'payments',
    access: accessFor('dossier.read'),
    params: z.object({ id: z.string().min(1).max(64), paymentId: z.string().min(1).max(64) }),
    handler: async ({ params, user }, ctx) => {
      const dossier = await findVisibleDossier(ctx, user!, params.id);
      const payment = await getPayment(ctx.knex, params.paymentId);
      if (!payment || payment.dossierId !== dossier.row.id) throw new HttpError(404, 'NOT_FOUND.payment', { paymentId: params.paymentId });
      if (payment.status !== 'paid') throw new HttpError(409, 'FORM_NOT_AVAILABLE');
      const agency = await getAgency(ctx.knex, payment.agencyCode);
      return { type: 'html', body: receiptHtml(payment, dossier.row.code, String(dossier.row.applicant.name ?? ''), agency?.name ?? payment.agencyCode) };
    },
  }),

  defineRoute({
    method: 'post',
    path: '/integrations/payments/callback',
    summary: 'The payment gateway settles a payment: signed (X-MotCua-Signature: sha256=HMAC of the body with MOTCUA_PAYMENT_SECRET); idempotent — a replay changes nothing',
    tag: 'integrations',
    access: 'public',
    body: paymentCallbackSchema,
    responses: { 200: { description: '{id, status, receiptNumber}' }, 401: { description: 'INVALID_SIGNATURE' } },
    handler: async ({ body, req }, ctx) => {
      const gateway = citizens(ctx).config.payment;
      if (!gateway) throw new HttpError(503, 'NOT_CONFIGURED', { integration: 'payment' });
      if (!validSignature(gateway.secret, rawBody(req), req.headers[SIGNATURE_HEADER])) throw new HttpError(401, 'INVALID_SIGNATURE');
      const payment = await getPayment(ctx.knex, body.paymentId);
      if (!payment) throw new HttpError(404, 'NOT_FOUND.payment', { paymentId: body.paymentId });
      if (payment.amount !== body.amount) throw new HttpError(422, 'PAYMENT_MISMATCH', { amount: body.amount, expected: payment.amount });
      const now = ctx.clock.now().toISOString();
      const localDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date(now));
      await inTransaction(ctx.knex, async (trx) => {
        const receiptNumber = body.status === 'paid' ? newReceiptNumber(localDate) : null;
        // Only a pending payment changes, once: a replayed callback finds it settled and writes nothing.
        if (await settlePayment(trx, payment.id, { status: body.status, transactionId: body.transactionId, receiptNumber, paidAt: now })) {
          const settled = (await getPayment(trx, payment.id))!;
          await writeOutboxMessage(trx, payment.dossierId, 'paymentSettled', { payment: outboxPayment(settled) }, now);
        }
      });
      ctx.live?.nudge();
      const now2 = (await getPayment(ctx.knex, payment.id))!;
      return { body: { id: now2.id, status: now2.status, receiptNumber: now2.receiptNumber } };
    },
  }),

  // ── ratings ───────────────────────────────────────────────────────────────
  defineRoute({
    method: 'post',
    path: '/public/dossiers/:code/rating',
    summary: 'The citizen rates the service once the result is returned: 1 not satisfied, 2 satisfied, 3 very satisfied; once',
    tag: 'public',
    access: 'public',
    params: z.object({ code: z.string().min(1).max(64) }),
    query: z.object({ secret: z.string().max(64).optional() }),
    body: ratingRequestSchema,
    responses: { 201: { description: 'Recorded' }, 409: { description: 'ALREADY_RATED, or NOT_RETURNED' } },
    handler: async ({ params, query, body, req }, ctx) => {
      await limited(ctx, req, 'rating', 15 * 60_000, 30);
      const { row, state } = await dossierBySecret(ctx, params.code, query.secret);
      if (row.status !== 'returned') throw new HttpError(409, 'NOT_RETURNED');
      const rating = {
        dossierId: row.id,
        score: body.score,
        comment: body.comment ? body.comment : null,
        // The agency that decided it is the one rated (Decree 118/2025: often not the desk's).
        agencyCode: state.competentAgency ?? row.receivingAgency,
        ratedAt: ctx.clock.now().toISOString(),
      };
      if (!(await insertRating(ctx.knex, rating))) throw new HttpError(409, 'ALREADY_RATED');
      return { status: 201, body: { score: rating.score, comment: rating.comment, ratedAt: rating.ratedAt } };
    },
  }),

  defineRoute({
    method: 'get',
    path: '/ratings',
    summary: 'The citizens’ ratings per agency and per officer (every officer who completed a step of a rated dossier), for the agencies the caller manages',
    tag: 'dashboard',
    access: accessFor('rating.read'),
    query: z.object({ from: z.string().max(40).optional(), to: z.string().max(40).optional(), agency: z.string().max(64).optional() }),
    handler: async ({ query, user }, ctx) => {
      const agencies = await agencyTree(ctx.knex);
      const root = query.agency ?? (user!.roles.includes('admin') ? null : user!.agencyCode);
      // A manager sees their agency and every agency below it.
      const scope = root === null ? null : agencies.filter((a) => a.code === root || ancestorOf(agencies, a.code, root)).map((a) => a.code);
      const bound = (v: string | undefined, end: boolean) => (v ? (/^\d{4}-\d{2}-\d{2}$/.test(v) ? new Date(`${v}T00:00:00+07:00`).getTime() + (end ? 86_400_000 : 0) : Date.parse(v)) : null);
      const from = bound(query.from, false);
      const to = bound(query.to, true);
      if ((query.from && Number.isNaN(from)) || (query.to && Number.isNaN(to))) throw new HttpError(400, 'VALIDATION_FAILED');
      const counts = await ratingCounts(ctx.knex, scope, from === null ? null : new Date(from).toISOString(), to === null ? null : new Date(to).toISOString());
      const names = new Map(agencies.map((a) => [a.code, a.name]));
      const users: Array<{ username: string; full_name: string }> = await ctx.knex('users').whereIn('username', counts.perOfficer.map((o) => o.key)).select('username', 'full_name');
      const fullNames = new Map(users.map((u) => [u.username, u.full_name]));
      const total = counts.perAgency.reduce((n, a) => n + a.count, 0);
      const sum = counts.perAgency.reduce((n, a) => n + a.sum, 0);
      const codes = new Map<string, string>();
      if (counts.recent.length > 0) {
        for (const r of await ctx.knex('dossiers').whereIn('id', counts.recent.map((x) => x.dossierId)).select('id', 'code')) codes.set(r.id, r.code);
      }
      const byScore = { 1: 0, 2: 0, 3: 0 };
      const scores = await ctx.knex('ratings').modify((q) => (scope ? q.whereIn('agency_code', scope) : q)).groupBy('score').select('score').count({ n: '*' });
      for (const s of scores as Array<{ score: number; n: number | string }>) byScore[Number(s.score) as 1 | 2 | 3] = Number(s.n);
      const report: RatingsReport = {
        total,
        average: total === 0 ? null : Math.round((sum / total) * 100) / 100,
        byScore,
        perAgency: counts.perAgency.map((a) => ({ agencyCode: a.key, name: names.get(a.key) ?? a.key, count: a.count, average: Math.round((a.sum / a.count) * 100) / 100, notSatisfied: a.notSatisfied })),
        perOfficer: counts.perOfficer.map((o) => ({ username: o.key, fullName: fullNames.get(o.key) ?? null, count: o.count, average: Math.round((o.sum / o.count) * 100) / 100, notSatisfied: o.notSatisfied })),
        recent: counts.recent.map((r) => ({ dossierCode: codes.get(r.dossierId) ?? '', agencyCode: r.agencyCode, score: r.score, comment: r.comment, ratedAt: r.ratedAt })),
      };
      return { body: report };
    },
  }),
];

/** Is `root` an ancestor of `code` in the tree? */
function ancestorOf(agencies: ReadonlyArray<{ code: string; parentCode: string | null }>, code: string, root: string): boolean {
  const parent = new Map(agencies.map((a) => [a.code, a.parentCode]));
  for (let at = parent.get(code) ?? null, hops = 0; at !== null && hops < 20; at = parent.get(at) ?? null, hops++) if (at === root) return true;
  return false;
}

const outboxPayment = (p: Payment) => ({ id: p.id, amount: p.amount, method: p.method, status: p.status, receiptNumber: p.receiptNumber });

function receiptHtml(p: Payment, code: string, applicant: string, agency: string): string {
  const amount = new Intl.NumberFormat('vi-VN').format(p.amount);
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Biên lai ${escapeHtml(p.receiptNumber)}</title>
<style>body{font-family:"Times New Roman",serif;max-width:680px;margin:2em auto;line-height:1.5}h1{text-align:center;font-size:1.3em}td{padding:.2em .6em}@media print{button{display:none}}</style></head>
<body><p style="text-align:center"><b>CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM</b><br>Độc lập - Tự do - Hạnh phúc</p>
<h1>BIÊN LAI THU PHÍ, LỆ PHÍ (ĐIỆN TỬ)</h1>
<table><tr><td>Số biên lai:</td><td><b>${escapeHtml(p.receiptNumber)}</b></td></tr>
<tr><td>Đơn vị thu:</td><td>${escapeHtml(agency)}</td></tr>
<tr><td>Người nộp:</td><td>${escapeHtml(applicant)}</td></tr>
<tr><td>Hồ sơ:</td><td>${escapeHtml(code)}</td></tr>
<tr><td>Số tiền:</td><td><b>${escapeHtml(amount)} đồng</b></td></tr>
<tr><td>Hình thức:</td><td>${p.method === 'cash' ? 'Tiền mặt' : 'Thanh toán trực tuyến'}</td></tr>
<tr><td>Thời điểm thu:</td><td>${escapeHtml(p.paidAt ? vnDateTime(p.paidAt) : '')}</td></tr></table>
</body></html>`;
}

