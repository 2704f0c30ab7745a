// `npm start`: the server on PORT (default 3000) with DATABASE_URL (default the SQLite
// file data/motcua.db), migrated and seeded.
import { startServer } from './app.js';
import { systemClock } from './clock.js';

const port = Number(process.env.PORT ?? 3000);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT must be a port number, got ${process.env.PORT}`);
  process.exit(1);
}
if (process.env.MOTCUA_CLOCK === 'manual') {
  console.warn('MOTCUA_CLOCK=manual is not implemented yet; using the system clock.');
}

const running = await startServer({
  port,
  databaseUrl: process.env.DATABASE_URL || undefined,
  clock: systemClock,
  adminPassword: process.env.MOTCUA_ADMIN_PASSWORD || undefined,
});
console.log(`MộtCửa running on ${running.url} (database: ${running.database})`);

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: closing the server and the database…`);
  // A request that never finishes must not keep the process alive forever.
  const force = setTimeout(() => {
    console.error('still busy after 10 s, exiting anyway');
    process.exit(1);
  }, 10_000);
  force.unref();
  try {
    await running.close();
    process.exit(0);
  } catch (error) {
    console.error(error);
    process.exit(1);
  }
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
