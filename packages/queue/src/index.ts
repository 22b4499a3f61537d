export { createQueues, createRedis, type Queues, type QueueOptions } from './queues.ts';
export * as enqueue from './enqueue.ts';
