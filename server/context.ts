// What every route, socket handler and the scheduler share. Built once in app.ts.
import type { Knex } from 'knex';
import type { AccountStates } from './auth/accountState.js';
import type { TokenService } from './auth/tokens.js';
import type { Citizens } from './citizens/index.js';
import type { Clock } from './clock.js';
import type { LiveGateway } from './live/index.js';
import type { Scheduler } from './scheduler/index.js';
import type { DossierService } from './services/dossierService.js';
import type { Documents } from './files/index.js';

export interface ServerContext {
  knex: Knex;
  /** Business time: deadlines, escalations, appointments. MOTCUA_CLOCK=manual swaps in a clock an admin moves. */
  clock: Clock;
  /**
   * Security time: token and socket expiry, login throttling. Always the real clock in
   * production, also with the manual business clock (CONTRACT.md §6.1); tests inject one.
   */
  sessionClock: Clock;
  tokens: TokenService;
  /** Is a token's account still active and at the token's version (checked on every request and socket, cached ≤ 2 s). */
  accounts: AccountStates;
  /** NODE_ENV=production: no demo seed, and POST /users too wants a strong password (server/production.ts). */
  production: boolean;
  dossiers: DossierService;
  /** express body-size limit; past it a request gets 413. */
  bodyLimit: string;
  /** Deadline checks and escalations at the next due instant; buildContext makes it, startServer starts it. */
  scheduler?: Scheduler;
  /** The file store, the upload limit and the signing certificate (server/files); buildContext makes it. */
  documents?: Documents;
  /** Issue 17: webhooks, notifications, payments, the portal (server/citizens); buildContext makes it, startServer starts its worker. */
  citizens?: Citizens;
  /** socket.io and the outbox publisher; set by startServer once there is an HTTP server to attach to. */
  live?: LiveGateway | null;
}
