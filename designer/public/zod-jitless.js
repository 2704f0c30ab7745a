// Loaded by index.html before the app's modules, so before any zod schema is built: the
// page runs under a CSP without 'unsafe-eval' (server/http/security.ts), and zod's JIT
// probes for `new Function` while building a schema — a probe the browser reports as a
// violation. zod reads this shared config object (globalThis.__zod_globalConfig); without
// the JIT it validates the same.
globalThis.__zod_globalConfig = Object.assign(globalThis.__zod_globalConfig || {}, { jitless: true });
