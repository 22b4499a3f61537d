import type { Config, Logger } from '@vigie/config';
import { checkEvent, timeWindow, type ItemResult } from '@vigie/contracts';
import type { Queues } from '@vigie/queue';
import type { Db } from '@vigie/store';
import { batchAcceptor } from './batch-acceptor.ts';
import { placeEvents, type Checked, type UnknownPlace } from './place-events.ts';

export interface AcceptRequest {
  tenantId: string;
  sourceId: string;
  events: unknown[];
  unknownPlace: UnknownPlace;
  /** At most this many events per outbox batch (one batch per push request; several per sync). */
  batchEvents: number;
}

export interface AcceptOutcome {
  batchIds: string[];
  accepted: number;
  rejected: number;
  /** In index order: each item rejected, and each accepted without a field (warnings). */
  results: ItemResult[];
}

export interface AcceptDeps {
  db: Db;
  queues: Queues;
  config: Readonly<Config>;
  log: Logger;
}

/**
 * The one accept path of pushed and pulled events: check each event (shared rule), place it (the
 * tenant's establishments and carts), persist the valid ones as outbox batches (group commit), then
 * queue their ingest-batch jobs. Nothing is queued before it is committed.
 */
export function eventAcceptor(deps: AcceptDeps) {
  const acceptor = batchAcceptor(deps.db, deps.queues, deps.log);
  return {
    async accept(request: AcceptRequest): Promise<AcceptOutcome> {
      const { config } = deps;
      const window = timeWindow(Date.now(), config.retention.observationDays, config.ingest.maxFutureMinutes);
      const results: ItemResult[] = [];
      const valid: Checked[] = [];
      request.events.forEach((raw, index) => {
        const check = checkEvent(raw, index, window);
        if (!check.ok) results.push(check.result);
        else {
          valid.push({ index, event: check.event });
          if (check.warnings.length > 0) results.push(...check.warnings);
        }
      });
      const placed = await placeEvents(deps.db, request.tenantId, valid, request.unknownPlace, results);
      const pending: Promise<string>[] = [];
      for (let i = 0; i < placed.length; i += request.batchEvents) {
        const chunk = placed.slice(i, i + request.batchEvents);
        pending.push(
          acceptor.accept({
            tenantId: request.tenantId,
            sourceId: request.sourceId,
            eventsJson: JSON.stringify(chunk.map((c) => c.event)),
            eventCount: chunk.length,
          }),
        );
      }
      const batchIds = await Promise.all(pending);
      results.sort((a, b) => a.index - b.index);
      return { batchIds, accepted: placed.length, rejected: results.filter((r) => r.status === 'rejected').length, results };
    },
  };
}
