import { z } from 'zod';
import {
  IngestEvent, instantMs, serialKey,
  type AppUsageEvent, type DailyActivityEvent, type HeartbeatEvent, type InventoryEvent,
} from '@vigie/contracts';

const StoredEvents = z.array(IngestEvent);

export interface ParsedBatch {
  inventories: (InventoryEvent & { serialKey: string | null })[];
  heartbeats: HeartbeatEvent[];
  appUsage: AppUsageEvent[];
  dailyActivity: DailyActivityEvent[];
  externalIds: string[];
  /** Earliest and latest observation time of each external id. */
  seen: Map<string, { first: Date; last: Date }>;
}

export type ParseResult = { ok: true; events: IngestEvent[] } | { ok: false; reason: string };

/** Re-validates a stored batch with the shared schema: Redis and the outbox are input like any other. */
export function parseEvents(raw: unknown): ParseResult {
  const parsed = StoredEvents.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, reason: `stored events no longer match the contract at ${issue.path.join('.')}: ${issue.message}` };
  }
  return { ok: true, events: parsed.data };
}

/** Sorts the events of one or several batches (of one source) by type, and spans each device's observations. */
export function sortEvents(events: IngestEvent[]): ParsedBatch {
  const batch: ParsedBatch = { inventories: [], heartbeats: [], appUsage: [], dailyActivity: [], externalIds: [], seen: new Map() };
  for (const event of events) {
    widen(batch.seen, event.device_id, instantMs(event.observed_at));
    if (event.type === 'inventory') batch.inventories.push({ ...event, serialKey: serialKey(event.serial) });
    else if (event.type === 'heartbeat') batch.heartbeats.push(event);
    else if (event.type === 'app_usage') batch.appUsage.push(event);
    else batch.dailyActivity.push(event);
  }
  batch.externalIds = [...batch.seen.keys()];
  return batch;
}

function widen(seen: ParsedBatch['seen'], id: string, at: number) {
  const range = seen.get(id);
  if (!range) seen.set(id, { first: new Date(at), last: new Date(at) });
  else if (at < range.first.getTime()) range.first = new Date(at);
  else if (at > range.last.getTime()) range.last = new Date(at);
}

/** The newest inventory event of each external id (a batch may carry several snapshots). */
export function latestInventories(inventories: ParsedBatch['inventories']) {
  const latest = new Map<string, ParsedBatch['inventories'][number]>();
  for (const event of inventories) {
    const seen = latest.get(event.device_id);
    if (!seen || Date.parse(event.observed_at) >= Date.parse(seen.observed_at)) latest.set(event.device_id, event);
  }
  return latest;
}
