import { Queue } from 'bullmq';
import { waitFor, type TestEnv } from './test-env.ts';

async function pendingJobs(queue: Queue) {
  const counts = await queue.getJobCounts('waiting', 'active', 'prioritized', 'waiting-children');
  // A job scheduler (maintenance, scheduled pulls) always holds its next run as a delayed job:
  // only delayed jobs of our own making (retries with backoff, rollup delays) are work in flight.
  const delayed = (await queue.getDelayed()).filter((job) => !job.repeatJobKey).length;
  return Object.values(counts).reduce((sum, n) => sum + n, delayed);
}

/**
 * Waits until no BullMQ queue of the test holds a waiting, active or delayed job: whatever the
 * worker was going to do has been done, so "it happened once" can be asserted without a sleep.
 * The queues are read one after the other, not atomically: a job of a queue read later may enqueue
 * into one read earlier, so the drained state must be seen on two consecutive reads.
 */
export async function queuesDrained(env: TestEnv, timeoutMs = 20_000) {
  const queues = Object.values(env.queues).filter((q): q is Queue => q instanceof Queue);
  let emptyReads = 0;
  await waitFor(
    async () => {
      const pending = (await Promise.all(queues.map(pendingJobs))).reduce((a, b) => a + b, 0);
      emptyReads = pending === 0 ? emptyReads + 1 : 0;
      return emptyReads >= 2;
    },
    timeoutMs,
    'the queues to drain',
  );
}

/** Waits until the rollup-day queue holds no waiting, delayed or active job (a mark can be cleared before a later job of its day has run). */
export async function rollupQueueDrained(env: TestEnv, timeoutMs: number) {
  await waitFor(
    async () => {
      const jobs = await env.queues.rollupDay.getJobCounts('waiting', 'delayed', 'active');
      return Object.values(jobs).every((n) => n === 0);
    },
    timeoutMs,
    'rollup-day queue drained',
  );
}
