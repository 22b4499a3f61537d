import { Queue, type ConnectionOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { QueueNames } from '@vigie/contracts';
import { queuePolicies, type QueueName } from './queue-policies.ts';

export interface QueueOptions {
  redisUrl: string;
  prefix: string;
  attempts: number;
}

/** A Redis connection as BullMQ wants it: commands wait for a reconnect instead of failing. */
export function createRedis(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true });
}

export type Queues = ReturnType<typeof createQueues>;

/** The queues of one deployment, on one shared connection. */
export function createQueues(connection: ConnectionOptions, options: QueueOptions) {
  const make = (name: QueueName) =>
    new Queue(name, { connection, prefix: options.prefix, defaultJobOptions: queuePolicies[name].jobOptions(options.attempts) });
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
