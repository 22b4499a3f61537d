import { defineConfig } from 'vitest/config';

// Two projects: pure unit tests beside their sources, and integration tests in test/ that run
// against real PostgreSQL and Redis (each file on its own database cloned from a migrated template).
export default defineConfig({
  test: {
    // Files run in parallel, each on its own database and Redis prefix; two at a time suits a
    // 2-core machine that also runs PostgreSQL, Redis and spawned workers.
    maxWorkers: 2,
    minWorkers: 1,
    projects: [
      { test: { name: 'unit', include: ['packages/*/src/**/*.test.ts', 'services/*/src/**/*.test.ts'] } },
      {
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          globalSetup: ['test/setup/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
