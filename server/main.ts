// `npm start`: the server on PORT (default 3000) with DATABASE_URL (default the SQLite
// file data/motcua.db), migrated and seeded. MOTCUA_CLOCK=manual: time stands still
// until an admin moves it with POST /api/admin/clock (CONTRACT.md §5), starting on a fresh
// database at MOTCUA_CLOCK_START when given (CONTRACT.md §6.1).
import { startServer } from './app.js';
import { manualClockStart, systemClock } from './clock.js';
import { trustProxyFromEnv } from './http/security.js';
import { isProduction, productionRefusal } from './production.js';
import { demoProvinceFromEnv, type DemoProvinceName } from './seed/provinces.js';

// Production refuses to start with the published admin password, before anything is
// opened or listened on (CONTRACT.md §6.1).
const production = isProduction();
if (production) {
  const refusal = productionRefusal();
  if (refusal) {
    console.error(refusal);
    process.exit(1);
  }
}

const port = Number(process.env.PORT ?? 3000);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT must be a port number, got ${process.env.PORT}`);
  process.exit(1);
}
const clockMode = process.env.MOTCUA_CLOCK === 'manual' ? 'manual' : 'system';
if (process.env.MOTCUA_CLOCK && process.env.MOTCUA_CLOCK !== 'manual' && process.env.MOTCUA_CLOCK !== 'system') {
  console.warn(`MOTCUA_CLOCK=${process.env.MOTCUA_CLOCK} is neither "manual" nor "system"; using the system clock.`);
}

// MOTCUA_DEMO: the demo province of an empty database (default: after the 2025 reform).
let demoProvince: DemoProvinceName;
try {
  demoProvince = demoProvinceFromEnv(process.env.MOTCUA_DEMO);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}

let manualClock: false | { initial: Date } = false;
if (clockMode === 'manual') {
  try {
    manualClock = { initial: manualClockStart(process.env.MOTCUA_CLOCK_START, systemClock.now()) };
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
} else if (process.env.MOTCUA_CLOCK_START) {
  console.warn('MOTCUA_CLOCK_START is read only with MOTCUA_CLOCK=manual; the system clock is used.');
}

await (await import('./web.js')).ensureWebBuild(); // a fresh clone builds designer/ → designer/dist first
const running = await startServer({
  port,
  databaseUrl: process.env.DATABASE_URL || undefined,
  clock: systemClock,
  manualClock,
  adminPassword: process.env.MOTCUA_ADMIN_PASSWORD || undefined,
  // Production seeds no demo province or accounts (only `admin`) and wants strong passwords.
  production,
  demoProvince,
  trustProxy: trustProxyFromEnv(process.env.MOTCUA_TRUST_PROXY),
});
console.log(`MộtCửa running on ${running.url} (database: ${running.database})`);
if (production && clockMode === 'manual') {
  const bar = '!'.repeat(78);
  console.warn(`${bar}\n!! NODE_ENV=production with MOTCUA_CLOCK=manual: business time stands still until an admin moves it.\n!! Đồng hồ thủ công trong môi trường production — chỉ dùng cho kiểm thử nghiệm thu.\n${bar}`);
}
if (clockMode === 'manual') {
  console.log(`Manual clock at ${running.context.clock.now().toISOString()}; move it with POST /api/admin/clock`);
}

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
