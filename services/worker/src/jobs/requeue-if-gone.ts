import type { Queue } from 'bullmq';

const LIVE_STATES = new Set(['waiting', 'active', 'delayed', 'prioritized', 'waiting-children']);

/**
 * The sweepers' step: queues an owed job again unless one with its id is still waiting, running or
 * in backoff. A finished job keeps its id in Redis, so it is removed first: adding the same id again
 * would otherwise be a no-op. Returns whether the job was queued.
 */
export async function requeueIfGone(queue: Queue, jobId: string, add: () => Promise<void>): Promise<boolean> {
  const job = await queue.getJob(jobId);
  if (job && LIVE_STATES.has(await job.getState())) return false;
  if (job) await job.remove();
  await add();
  return true;
}
