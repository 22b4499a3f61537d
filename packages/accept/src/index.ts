export { eventAcceptor, type AcceptDeps, type AcceptOutcome, type AcceptRequest } from './accept-events.ts';
export { batchAcceptor, type AcceptedBatch } from './batch-acceptor.ts';
export type { UnknownPlace } from './place-events.ts';
