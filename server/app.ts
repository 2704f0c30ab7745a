// Express wiring and server start. Minimal for now — health and a placeholder page —
// but the start-up sequence is the real one: open, migrate, seed, listen.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express } from 'express';
import type { Knex } from 'knex';
import { ManualClock, isManualClock, systemClock, type Clock } from './clock.js';
import { LiveGateway, type PublisherOptions } from './live/index.js';
import { Scheduler, type SchedulerOptions } from './scheduler/index.js';
import { deployBundledProcedures } from './seed/procedures.js';
import { seedIfEmpty } from './seed/seed.js';
import { DEMO_PROVINCES, FIXTURE_DEMO_PROVINCE, PROCEDURES_DIR, type DemoProvinceName } from './seed/provinces.js';
import { Purger, retentionFromEnv, type Retention } from './maintenance/purge.js';
import { noteCommitted } from './services/commits.js';
import { Citizens, type IntegrationConfig } from './citizens/index.js';
import { DossierService } from './services/dossierService.js';
import { TokenService } from './auth/tokens.js';
import { AccountStates } from './auth/accountState.js';
import type { ServerContext } from './context.js';
import { documentsFor, type DocumentsOptions } from './files/index.js';
import { HttpError, errorBody, errorHandler } from './http/errors.js';
import { securityHeaders, type TrustProxy } from './http/security.js';
import { jsonDepthLimit } from './http/jsonLimits.js';
import { mountRoutes, openApiDocument } from './http/route.js';
import { apiRoutes } from './routes/index.js';
import { mountWebApp } from './web.js';
import { databaseKind, migrate, openDatabase, type DatabaseKind, type OpenDatabaseOptions } from './store/index.js';

export interface AppContext {
  knex: Knex;
  clock: Clock;
  /** Token expiry and login throttling (default: the system clock, whatever `clock` is). */
  sessionClock?: Clock;
  tokens?: TokenService;
  bodyLimit?: string;
  /** Issue 17: webhooks, notifications, payments, the portal — the environment's (server/citizens/config.ts) with these overrides. */
  integrations?: Partial<IntegrationConfig>;
  scheduler?: SchedulerOptions;
  production?: boolean;
  /** The file store and upload limit (default: MOTCUA_FILES, MOTCUA_FILE_MAX_MB). */
  documents?: DocumentsOptions;
}

export async function buildContext({ integrations, knex, clock, sessionClock, tokens, bodyLimit, scheduler, production, documents }: AppContext): Promise<ServerContext> {
  const dossiers = new DossierService(knex, clock);
  const ctx: ServerContext = {
    knex,
    clock,
    sessionClock: sessionClock ?? systemClock,
    tokens: tokens ?? (await TokenService.create(knex)),
    accounts: new AccountStates(knex),
    production: production ?? false,
    dossiers,
    bodyLimit: bodyLimit ?? '1mb',
    scheduler: new Scheduler(knex, clock, dossiers, scheduler),
    citizens: Citizens.create(knex, integrations),
    documents: documentsFor(knex, production ?? false, documents),
    live: null,
  };
  // After every commit: publish its outbox rows now, and let the scheduler know when the
  // dossier needs it (a new task may be due sooner than what it sleeps towards).
  dossiers.onCommitted = (result, wakeAt) => {
    // The request in flight (if any) committed: its Idempotency-Key is never released now.
    noteCommitted(result.state.id);
    ctx.live?.nudge();
    ctx.scheduler?.wakeFor(wakeAt);
  };
  return ctx;
}

export function createApp(ctx: ServerContext, options: { trustProxy?: TrustProxy } = {}): Express {
  const app = express();
  app.disable('x-powered-by');
  // Who the caller is (req.ip, the login throttle's address): the socket, unless
  // MOTCUA_TRUST_PROXY names the proxies in front (server/http/security.ts).
  app.set('trust proxy', options.trustProxy ?? false);
  // CSP, frame-ancestors, nosniff, Referrer-Policy… on every answer (server/http/security.ts).
  app.use(securityHeaders());
  const clock = ctx.clock;
  if (isManualClock(clock)) {
    // CONTRACT.md §5: every process on the database agrees on the manual clock, so each
    // request reads the one stored instant (a primary-key read) before using it.
    app.use('/api', (_req, _res, next) => {
      // A database that does not answer keeps the cached instant; the route itself
      // will say what is wrong (GET /api/health answers 503, not 500).
      clock.reload().then(
        () => next(),
        () => next(),
      );
    });
  }
  // Every answer says the server's instant (the injected clock, a manual one in demos):
  // the web app counts its countdowns on from the instant the server judged a deadline
  // at, not from the browser's clock (designer/src/time.ts).
  app.use('/api', (_req, res, next) => {
    res.setHeader('X-Server-Time', clock.now().toISOString());
    next();
  });
  app.use(
    '/api',
    express.json({
      limit: ctx.bodyLimit,
      // Signed callbacks (the portal, the payment gateway) are checked on their exact bytes.
      verify: (req, _res, buf) => {
        if (req.url?.startsWith('/integrations/')) (req as { rawBody?: Buffer }).rawBody = buf;
      },
    }),
    jsonDepthLimit,
  );
  const api = express.Router();
  mountRoutes(api, apiRoutes, ctx);
  const document = openApiDocument(apiRoutes, '0.1.0');
  api.get('/openapi.json', (_req, res) => {
    res.json(document);
  });
  app.use('/api', api);
  app.use('/api', (_req, res) => {
    res.status(404).json(errorBody(new HttpError(404, 'NOT_FOUND.route')));
  });
  app.use('/api', errorHandler);

  // The web app (designer/dist) at every other path, with the SPA fallback.
  mountWebApp(app);
  return app;
}

export interface StartServerOptions {
  /** 0 = any free port (tests). Default 3000. */
  port?: number;
  host?: string;
  /** Default: SQLite `data/motcua.db`. */
  databaseUrl?: string;
  database?: OpenDatabaseOptions;
  clock?: Clock;
  /** Token expiry and login throttling; default the system clock, also under a manual business clock. */
  sessionClock?: Clock;
  /** Seed an empty database and deploy the bundled procedures (default true). */
  seed?: boolean;
  /**
   * Which demo province an empty database gets, with its procedures (server/seed/provinces.ts).
   * `npm start` passes the one after the 2025 reform; the default is the pre-reform fixture
   * the tests and the benchmark are written against.
   */
  demoProvince?: DemoProvinceName;
  /**
   * NODE_ENV=production (CONTRACT.md §6.1): an empty database gets no demo province or
   * accounts (only `admin`, in one placeholder agency), and every new account needs a
   * strong password. Default false: the demo.
   */
  production?: boolean;
  /** express `trust proxy` (MOTCUA_TRUST_PROXY, server/http/security.ts); default: no proxy is trusted. */
  trustProxy?: TrustProxy;
  adminPassword?: string;
  /**
   * MOTCUA_CLOCK=manual (CONTRACT.md §5): time stands still until an admin moves it, and
   * lives in the database. `initial` is where it starts on a database that has none
   * yet (default: `clock`'s or the system's now); a stored value always wins.
   */
  manualClock?: boolean | { initial?: Date | string };
  /** socket.io path and publisher tuning (tests shorten the delays). */
  live?: { path?: string; publisher?: PublisherOptions; heartbeatIntervalMs?: number };
  /** The periodic purge's retention (default from the environment, server/maintenance/purge.ts); false: no purge. */
  purge?: Partial<Retention> | false;
  /** Issue 17: the integrations' configuration over the environment's (tests point them at their own servers). */
  integrations?: Partial<IntegrationConfig>;
  scheduler?: SchedulerOptions;
  /** The file store and upload limit (default: MOTCUA_FILES, MOTCUA_FILE_MAX_MB; server/files/config.ts). */
  documents?: DocumentsOptions;
}

export interface RunningServer {
  url: string;
  port: number;
  database: DatabaseKind;
  knex: Knex;
  server: Server;
  /** The running server's context: its clock, scheduler, socket gateway. */
  context: ServerContext;
  /** Stops accepting requests, lets the ones in flight finish, closes the database. */
  close(): Promise<void>;
}

export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  const knex = await openDatabase(options.databaseUrl, options.database);
  let live: LiveGateway | null = null;
  try {
    await migrate(knex);
    const clock = options.manualClock
      ? await ManualClock.open(
          knex,
          new Date((typeof options.manualClock === 'object' && options.manualClock.initial) || (options.clock ?? systemClock).now()),
        )
      : (options.clock ?? systemClock);
    const ctx = await buildContext({ knex, clock, sessionClock: options.sessionClock, integrations: options.integrations, scheduler: options.scheduler, production: options.production, documents: options.documents });
    if (options.seed ?? true) {
      // Production seeds no province and deploys the procedures in force today.
      const province = options.production ? null : DEMO_PROVINCES[options.demoProvince ?? FIXTURE_DEMO_PROVINCE];
      await seedIfEmpty(knex, { adminPassword: options.adminPassword, now: clock.now().toISOString(), demo: !options.production, province: province?.name });
      await deployBundledProcedures(knex, ctx.dossiers, province?.proceduresDir ?? PROCEDURES_DIR);
    }
    const server = createServer(createApp(ctx, { trustProxy: options.trustProxy }));
    live = await LiveGateway.attach(server, ctx, {
      path: options.live?.path,
      // The outbox's rows also become webhooks and notifications (server/citizens/fanout.ts).
      publisher: { ...options.live?.publisher, fanOut: ctx.citizens?.fanOut, onPublished: () => ctx.citizens?.worker.nudge() },
      postgres:
        databaseKind(knex) === 'postgres' && options.databaseUrl
          ? { url: options.databaseUrl, schema: options.database?.schema, heartbeatIntervalMs: options.live?.heartbeatIntervalMs }
          : null,
    });
    ctx.live = live;
    const gateway = live;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 3000, options.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const { port } = server.address() as AddressInfo;
    await gateway.start();
    ctx.scheduler?.start();
    ctx.citizens?.start();
    // Old idempotency keys and published outbox rows (server/maintenance/purge.ts).
    const purger = options.purge === false ? null : new Purger(knex, clock, { ...retentionFromEnv(), ...options.purge });
    purger?.start();
    let closing: Promise<void> | null = null;
    return {
      url: `http://localhost:${port}`,
      port,
      database: databaseKind(knex),
      knex,
      server,
      context: ctx,
      close: () =>
        (closing ??= (async () => {
          // Nothing new to publish once the scheduler is still; the gateway sends what
          // is committed before it lets the sockets go.
          await ctx.scheduler?.stop();
          await purger?.stop();
          const httpClosed = new Promise<void>((resolve, reject) => {
            server.close((error) =>
              // socket.io closes the HTTP server too; whichever comes second finds it closed.
              error && (error as NodeJS.ErrnoException).code !== 'ERR_SERVER_NOT_RUNNING' ? reject(error) : resolve(),
            );
            // Keep-alive connections would hold close() open until they time out.
            server.closeIdleConnections();
          });
          await gateway.close();
          await ctx.citizens?.stop();
          await httpClosed;
          await knex.destroy();
        })()),
    };
  } catch (error) {
    await live?.close().catch(() => {});
    await knex.destroy();
    throw error;
  }
}
