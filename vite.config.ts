import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { precompressPlugin } from './server/precompress.js';

const repoRoot = fileURLToPath(new URL('.', import.meta.url));

// One config for the web app (designer/) and the test suite. `root` is the web app's
// folder, so `vite build` writes designer/dist (what server/web.ts serves); the test
// section names its own root so vitest still finds test/**.
export default defineConfig({
  root: 'designer',
  base: '/',
  // React through the automatic JSX runtime (vite's built-in oxc transform; no plugin).
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  // Brotli and gzip twins of every text asset, served by server/web.ts.
  plugins: [precompressPlugin()],
  build: {
    // Two pages: the app, and the citizen's lookup on its own (server/web.ts answers /tra-cuu with it).
    rollupOptions: {
      input: {
        main: fileURLToPath(new URL('./designer/index.html', import.meta.url)),
        lookup: fileURLToPath(new URL('./designer/lookup.html', import.meta.url)),
      },
    },
    outDir: 'dist',
    emptyOutDir: true,
    // The designer's chunk carries bpmn-js with its properties panel (~1.5 MB); it is
    // loaded only on the designer and the dossier pages (pages are imported lazily).
    chunkSizeWarningLimit: 1800,
  },
  server: {
    // `npx vite` (from the repo root) for front-end work against `npm start` on :3000.
    proxy: {
      '/api': 'http://localhost:3000',
      '/socket.io': { target: 'http://localhost:3000', ws: true },
    },
  },
  test: {
    root: repoRoot,
    include: ['test/**/*.test.ts'],
    // Integration tests share one PostgreSQL server; each file makes its own schema,
    // so files may run in parallel, but two cores are all CI has.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
