// The real server in a process of its own, so that the benchmark's clients do not share
// its event loop or its core: `startServer` (server/app.ts) on the database given, port
// 0, the clock asked for. Started by bench/lib/serverProcess.ts through IPC:
//   → {type:'ready', port}
//   ← {type:'profile', label} / {type:'profile-end'} / {type:'profile-report'} → {type:'report', text, perLabel}
//   ← {type:'stop'}
import { startServer } from '../server/app.js';
import { FixedClock } from '../server/clock.js';
import { SqlProfile } from './lib/sqlProfile.js';

export interface ServeConfig {
  databaseUrl: string;
  /** `fixed`: a FixedClock at `now`; `manual`: MOTCUA_CLOCK=manual starting at `now`. */
  clock: 'fixed' | 'manual';
  now: string;
  adminPassword: string;
  /** Count and time every statement (per label the client sets). */
  profile?: boolean;
}

const config = JSON.parse(process.argv[2] ?? '{}') as ServeConfig;
const running = await startServer({
  port: 0,
  host: '127.0.0.1',
  databaseUrl: config.databaseUrl,
  clock: config.clock === 'fixed' ? new FixedClock(config.now) : undefined,
  manualClock: config.clock === 'manual' ? { initial: config.now } : undefined,
  adminPassword: config.adminPassword,
});
const profile = config.profile ? new SqlProfile(running.knex) : null;

process.on('message', (message: { type: string; label?: string }) => {
  void (async () => {
    switch (message.type) {
      case 'profile':
        profile?.begin(message.label ?? 'request');
        break;
      case 'profile-end':
        profile?.end();
        break;
      case 'profile-report':
        process.send?.({ type: 'report', text: profile?.report(14, false) ?? '', statementsPerAction: profile?.statementsPerAction() ?? 0 });
        break;
      case 'stop':
        await running.close();
        process.send?.({ type: 'stopped' });
        process.exit(0);
    }
  })();
});
// The benchmark went away (finished or crashed): so does its server.
process.on('disconnect', () => process.exit(0));
process.send?.({ type: 'ready', port: running.port });
