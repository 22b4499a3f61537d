export { createQueues, createRedis, type Queues, type QueueOptions } from './queues.ts';
export * as enqueue from './enqueue.ts';
export * as live from './live.ts';
export * as tokenEnds from './token-ends.ts';
export type { LivePublisher, LiveWindow } from './live.ts';
