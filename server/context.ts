// What every route, socket handler and the scheduler share. Built once in app.ts.
import type { Knex } from 'knex';
import type { TokenService } from './auth/tokens.js';
import type { Clock } from './clock.js';
import type { DossierService } from './services/dossierService.js';

export interface ServerContext {
  knex: Knex;
  clock: Clock;
  tokens: TokenService;
  dossiers: DossierService;
  /** express body-size limit; past it a request gets 413. */
  bodyLimit: string;
}
