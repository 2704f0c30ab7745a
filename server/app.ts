// Express wiring and server start. Minimal for now — health and a placeholder page —
// but the start-up sequence is the real one: open, migrate, seed, listen.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express } from 'express';
import type { Knex } from 'knex';
import { systemClock, type Clock } from './clock.js';
import { deployBundledProcedures } from './seed/procedures.js';
import { seedIfEmpty } from './seed/seed.js';
import { DossierService } from './services/dossierService.js';
import { TokenService } from './auth/tokens.js';
import type { ServerContext } from './context.js';
import { errorBody, errorHandler } from './http/errors.js';
import { mountRoutes, openApiDocument } from './http/route.js';
import { apiRoutes } from './routes/index.js';
import { databaseKind, migrate, openDatabase, type DatabaseKind, type OpenDatabaseOptions } from './store/index.js';

export interface AppContext {
  knex: Knex;
  clock: Clock;
  tokens?: TokenService;
  bodyLimit?: string;
}

export async function buildContext({ knex, clock, tokens, bodyLimit }: AppContext): Promise<ServerContext> {
  return {
    knex,
    clock,
    tokens: tokens ?? (await TokenService.create(knex)),
    dossiers: new DossierService(knex, clock),
    bodyLimit: bodyLimit ?? '1mb',
  };
}

export function createApp(ctx: ServerContext): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use('/api', express.json({ limit: ctx.bodyLimit }));
  const api = express.Router();
  mountRoutes(api, apiRoutes, ctx);
  const document = openApiDocument(apiRoutes, '0.1.0');
  api.get('/openapi.json', (_req, res) => {
    res.json(document);
  });
  app.use('/api', api);
  app.use('/api', (_req, res) => {
    res.status(404).json(errorBody('NOT_FOUND', 'Không có API này / No such API route'));
  });
  app.use('/api', errorHandler);

  // Placeholder until the web app is built and served from here.
  app.get('/', (_req, res) => {
    res.type('text/plain; charset=utf-8').send('MộtCửa — đang chạy / running\n');
  });
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
  /** Seed demo agencies and accounts on an empty database (default true). */
  seed?: boolean;
  adminPassword?: string;
}

export interface RunningServer {
  url: string;
  port: number;
  database: DatabaseKind;
  knex: Knex;
  server: Server;
  /** Stops accepting requests, lets the ones in flight finish, closes the database. */
  close(): Promise<void>;
}

export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  const clock = options.clock ?? systemClock;
  const knex = await openDatabase(options.databaseUrl, options.database);
  try {
    await migrate(knex);
    const ctx = await buildContext({ knex, clock });
    if (options.seed ?? true) {
      await seedIfEmpty(knex, { adminPassword: options.adminPassword, now: clock.now().toISOString() });
      await deployBundledProcedures(knex, ctx.dossiers);
    }
    const server = createServer(createApp(ctx));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 3000, options.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const { port } = server.address() as AddressInfo;
    let closing: Promise<void> | null = null;
    return {
      url: `http://localhost:${port}`,
      port,
      database: databaseKind(knex),
      knex,
      server,
      close: () =>
        (closing ??= (async () => {
          await new Promise<void>((resolve, reject) => {
            server.close((error) => (error ? reject(error) : resolve()));
            // Keep-alive connections would hold close() open until they time out.
            server.closeIdleConnections();
          });
          await knex.destroy();
        })()),
    };
  } catch (error) {
    await knex.destroy();
    throw error;
  }
}
