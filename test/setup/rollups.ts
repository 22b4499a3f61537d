import { enqueue } from '@vigie/queue';
import { ingestBatches, rollupDirty } from '@vigie/store';
import { waitFor, type TestEnv } from './test-env.ts';

/** Test settings: rollups run 200 ms after their batch, stranded marks are swept every second. */
export const ROLLUP_TEST_ENV = { ROLLUP_DELAY_MS: '200', ROLLUP_SWEEP_AFTER_SECONDS: '1' };

/** Waits until every batch of the tenant is stored and every day it dirtied is rolled up. */
export async function rolledUp(env: TestEnv, tenantId: string, timeoutMs = 30_000) {
  await waitFor(
    async () => {
      const batches = await ingestBatches.countByStatus(env.db, tenantId);
      return !batches.accepted && (await rollupDirty.count(env.db, tenantId)) === 0;
    },
    timeoutMs,
    'rollups done',
  );
}

/** Marks every day of a range for the given establishments and waits until all are rolled up. */
export async function rollUpRange(env: TestEnv, tenantId: string, establishmentIds: string[], from: string, to: string) {
  const jobs = [];
  for (let d = from; d <= to; d = new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)) {
    for (const establishmentId of establishmentIds) jobs.push({ establishmentId, day: d });
  }
  await recomputeDays(env, tenantId, jobs);
}

/** Marks these establishment-days (a recompute's marks) and waits until all are rolled up again. */
export async function recomputeDays(env: TestEnv, tenantId: string, days: { establishmentId: string; day: string }[]) {
  await rollupDirty.mark(env.db, tenantId, days);
  await enqueue.rollupDays(
    env.queues,
    days.map((d) => ({ tenantId, ...d })),
    0,
  );
  await rolledUp(env, tenantId, 60_000);
}
