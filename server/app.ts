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
import {
  databaseKind,
  migrate,
  openDatabase,
  pingDatabase,
  type DatabaseKind,
  type OpenDatabaseOptions,
} from './store/index.js';

export interface AppContext {
  knex: Knex;
  clock: Clock;
}

export function createApp({ knex, clock }: AppContext): Express {
  const app = express();
  const database: DatabaseKind = databaseKind(knex);

  app.get('/api/health', async (_req, res) => {
    const now = clock.now().toISOString();
    try {
      await pingDatabase(knex);
      res.json({ ok: true, database, now });
    } catch (error) {
      // 503, not 500: the process is alive, what it depends on is not.
      res.status(503).json({
        ok: false,
        database,
        now,
        error: { code: 'DATABASE_UNAVAILABLE', message: error instanceof Error ? error.message : String(error) },
      });
    }
  });

  app.use('/api', (_req, res) => {
    res.status(404).json({ error: { code: 'NOT_FOUND', message: 'no such API route' } });
  });

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
    if (options.seed ?? true) {
      await seedIfEmpty(knex, { adminPassword: options.adminPassword, now: clock.now().toISOString() });
      await deployBundledProcedures(knex, new DossierService(knex, clock));
    }
    const server = createServer(createApp({ knex, clock }));
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
