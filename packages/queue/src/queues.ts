import { Queue, type ConnectionOptions, type DefaultJobOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { QueueNames } from '@vigie/contracts';

export interface QueueOptions {
  redisUrl: string;
  prefix: string;
  attempts: number;
}

/** A Redis connection as BullMQ wants it: commands wait for a reconnect instead of failing. */
export function createRedis(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true });
}

function jobDefaults(attempts: number): DefaultJobOptions {
  return {
    attempts,
    backoff: { type: 'exponential', delay: 1_000 },
    // Completed jobs are worthless (the batch row says "stored"); failed ones are kept a week for
    // inspection, bounded in count so Redis never grows without limit.
    removeOnComplete: true,
    removeOnFail: { age: 7 * 24 * 3600, count: 10_000 },
  };
}

export type Queues = ReturnType<typeof createQueues>;

/** The queues of one deployment, on one shared connection. */
export function createQueues(connection: ConnectionOptions, options: QueueOptions) {
  const make = (name: string) =>
    new Queue(name, { connection, prefix: options.prefix, defaultJobOptions: jobDefaults(options.attempts) });
  const queues = {
    ingestBatch: make(QueueNames.ingestBatch), rollupDay: make(QueueNames.rollupDay), evaluateObsolescence: make(QueueNames.evaluateObsolescence),
    maintenance: make(QueueNames.maintenance), pullConnector: make(QueueNames.pullConnector),
    evaluateAlerts: make(QueueNames.evaluateAlerts), deliverWebhook: make(QueueNames.deliverWebhook), recompute: make(QueueNames.recompute),
  };
  return {
    ...queues,
    async close() {
      await Promise.all(Object.values(queues).map((q) => q.close()));
    },
  };
}
