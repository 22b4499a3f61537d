export { createQueues, createRedis, type Queues, type QueueOptions } from './queues.ts';
export * as enqueue from './enqueue.ts';
export { queuePolicies, slotJobId, syncSchedulerId, type QueueName, type QueuePolicy, type WorkerLimits } from './queue-policies.ts';
export * as live from './live.ts';
export * as tokenEnds from './token-ends.ts';
export type { LivePublisher, LiveWindow } from './live.ts';
