import { defineConfig } from 'vitest/config';

// One config for the web app (designer/, added by the web-app issue) and the test suite.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Integration tests share one PostgreSQL server; each file makes its own schema,
    // so files may run in parallel, but two cores are all CI has.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
