import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { EvaluateObsolescenceJob } from '@vigie/contracts';
import { enqueue, type Queues } from '@vigie/queue';

// Names earlier versions registered in Redis. Job schedulers live in Redis, not in the code: one
// left under an old name keeps firing jobs nobody parses, and jobs left in a renamed queue wait
// for a worker that no longer exists. A name stays here as long as a deployment may still hold it.
/** Maintenance schedulers renamed away (issue 17: `evaluate-fleets` became `evaluate-obsolescence`). */
export const RetiredMaintenanceTasks = ['evaluate-fleets'] as const;
/** Queues renamed away, each with the enqueue that carries its jobs over to the new queue. */
export const RetiredQueues = {
  'evaluate-fleet': (queues: Queues, data: unknown) => {
    const job = EvaluateObsolescenceJob.safeParse(data);
    return job.success ? enqueue.evaluateObsolescence(queues, job.data, 0) : Promise.resolve();
  },
} as const;

/**
 * Removes the job schedulers of retired names and moves the jobs still waiting in retired queues
 * to the queues that replaced them. Run at worker start, before the current schedulers register.
 */
export async function removeRetiredSchedules(queues: Queues, connection: Redis, prefix: string) {
  let schedulers = 0;
  for (const task of RetiredMaintenanceTasks) if (await queues.maintenance.removeJobScheduler(task)) schedulers++;
  let moved = 0;
  for (const [name, carryOver] of Object.entries(RetiredQueues)) {
    const retired = new Queue(name, { connection, prefix });
    try {
      for (const job of await retired.getJobs(['waiting', 'delayed', 'prioritized', 'paused'])) {
        await carryOver(queues, job.data);
        await job.remove();
        moved++;
      }
    } finally {
      await retired.close();
    }
  }
  return { schedulers, moved };
}
