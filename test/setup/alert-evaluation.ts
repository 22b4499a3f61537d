import { waitFor, type TestEnv } from './test-env.ts';

/**
 * Runs one alert evaluation of the tenant now, as the worker's schedule would, and waits until the
 * worker has completed it. The job is kept on completion so that the completed count moves.
 */
export async function evaluateAlertsNow(env: TestEnv, tenantId: string) {
  const before = await env.queues.evaluateAlerts.getCompletedCount();
  await env.queues.evaluateAlerts.add(
    'evaluate-alerts',
    { tenantId, trigger: 'manual' },
    { jobId: `evaluate-test-${crypto.randomUUID()}`, removeOnComplete: false },
  );
  await waitFor(async () => (await env.queues.evaluateAlerts.getCompletedCount()) > before, 15_000, 'an evaluation');
}
