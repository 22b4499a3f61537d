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

const START_WAIT_MS = 5_000;

/** The queues of one deployment, on one shared connection. */
export function createQueues(connection: ConnectionOptions, options: QueueOptions) {
  const make = (name: QueueName) =>
    new Queue(name, { connection, prefix: options.prefix, defaultJobOptions: queuePolicies[name].jobOptions(options.attempts) });
  const queues = {
    ingestBatch: make(QueueNames.ingestBatch),
    rollupDay: make(QueueNames.rollupDay),
    evaluateObsolescence: make(QueueNames.evaluateObsolescence),
    maintenance: make(QueueNames.maintenance),
    pullConnector: make(QueueNames.pullConnector),
    evaluateAlerts: make(QueueNames.evaluateAlerts),
    deliverWebhook: make(QueueNames.deliverWebhook),
    recompute: make(QueueNames.recompute),
  };
  return {
    ...queues,
    async close() {
      // BullMQ closes a queue on a shared connection without waiting for its start-up (a version
      // check); when the caller then disconnects, that start-up fails and is re-emitted as an 'error'
      // nobody listens to any more, which crashes the process (seen in CI under load, building the
      // OpenAPI document). So let the start-ups finish first, for a bounded time: with Redis down
      // they never would, and a process closing then is exiting anyway.
      const started = Promise.allSettled(Object.values(queues).map((q) => q.waitUntilReady()));
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([started, new Promise((resolve) => (timer = setTimeout(resolve, START_WAIT_MS)))]);
      clearTimeout(timer);
      await Promise.all(Object.values(queues).map((q) => q.close()));
    },
  };
}
