import { defineConfig } from 'vitest/config';

const integration = {
  globalSetup: ['test/setup/global-setup.ts'],
  testTimeout: 60_000,
  hookTimeout: 60_000,
};

// The store and API tests again on a Citus cluster (docs/scale-out.md), when CITUS_URL names its
// coordinator; without it the project is left out, and the run says so.
const citusUrl = process.env.CITUS_URL;
if (!citusUrl) console.log('CITUS_URL is not set: the citus project (store and API tests on a Citus cluster) is skipped');

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
      { test: { name: 'integration', include: ['test/**/*.test.ts'], ...integration } },
      ...(citusUrl
        ? [
            {
              test: {
                name: 'citus',
                include: [
                  'test/store/**/*.test.ts',
                  'test/api/**/*.test.ts',
                  'test/bi/**/*.test.ts',
                  'test/citus/**/*.test.ts',
                  // The idle streaks' device state, kept by 0073's row triggers on Citus.
                  'test/rollup/redeployment-count.test.ts',
                  // The flags' writers taking the rollup's lock on the coordinator (0073's trigger runs on a worker).
                  'test/rollup/obsolescence-race.test.ts',
                ],
                // The plain PostgreSQL the rollups on Citus are compared with (test/citus/rollups-match-postgres.test.ts).
                env: {
                  DATABASE_URL: citusUrl,
                  VIGIE_TEST_CITUS: '1',
                  VIGIE_TEST_PLAIN_URL: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
                },
                ...integration,
              },
            },
          ]
        : []),
    ],
  },
});
