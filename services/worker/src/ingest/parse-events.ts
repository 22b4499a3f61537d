import {
  IngestEvent,
  findUnstorableText,
  instantMs,
  serialKey,
  type AppUsageEvent,
  type DailyActivityEvent,
  type HeartbeatEvent,
  type InventoryEvent,
} from '@vigie/contracts';

export interface ParsedBatch {
  inventories: (InventoryEvent & { serialKey: string | null })[];
  heartbeats: HeartbeatEvent[];
  appUsage: AppUsageEvent[];
  dailyActivity: DailyActivityEvent[];
  externalIds: string[];
  /** Earliest and latest observation time of each external id. */
  seen: Map<string, { first: Date; last: Date }>;
  /** Earliest and latest contact of each external id that reported one (docs/connectors.md, "Last contact"). */
  contacts: Map<string, { first: Date; last: Date }>;
}

/** An item of a stored batch that no retry can store, with why. */
export interface BadItem {
  index: number;
  raw: unknown;
  reason: string;
}

export type ParseResult = { ok: true; events: IngestEvent[]; bad: BadItem[] } | { ok: false; reason: string };

/**
 * Re-validates a stored batch item by item with the shared schema (Redis and the outbox are input
 * like any other): the valid items are stored, the bad ones split off. A batch with no valid item fails.
 */
export function parseEvents(raw: unknown): ParseResult {
  if (!Array.isArray(raw)) return { ok: false, reason: 'stored events are not a list' };
  const events: IngestEvent[] = [];
  const bad: BadItem[] = [];
  raw.forEach((item: unknown, index) => {
    const unstorable = findUnstorableText(item);
    if (unstorable) {
      bad.push({ index, raw: item, reason: `event ${index}: ${unstorable} holds a NUL character, which no text field can store` });
      return;
    }
    const parsed = IngestEvent.safeParse(item);
    if (parsed.success) events.push(parsed.data);
    else {
      const issue = parsed.error.issues[0]!;
      bad.push({
        index,
        raw: item,
        reason: `stored events no longer match the contract at ${[index, ...issue.path].join('.')}: ${issue.message}`,
      });
    }
  });
  if (events.length === 0) return { ok: false, reason: bad[0]?.reason ?? 'stored batch holds no events' };
  return { ok: true, events, bad };
}

/** Sorts the events of one or several batches (of one source) by type, and spans each device's observations. */
export function sortEvents(events: IngestEvent[]): ParsedBatch {
  const batch: ParsedBatch = {
    inventories: [],
    heartbeats: [],
    appUsage: [],
    dailyActivity: [],
    externalIds: [],
    seen: new Map(),
    contacts: new Map(),
  };
  for (const event of events) {
    widen(batch.seen, event.device_id, instantMs(event.observed_at));
    const contact = contactOf(event);
    if (contact) widen(batch.contacts, event.device_id, instantMs(contact));
    if (event.type === 'inventory') batch.inventories.push({ ...event, serialKey: serialKey(event.serial) });
    else if (event.type === 'heartbeat') batch.heartbeats.push(event);
    else if (event.type === 'app_usage') batch.appUsage.push(event);
    else batch.dailyActivity.push(event);
  }
  batch.externalIds = [...batch.seen.keys()];
  return batch;
}

/**
 * When the event says the device was last in contact: a check-in or an app session is one; an
 * inventory is one at its last_contact, or at observed_at when it omits the field (an agent on the
 * device sending its own inventory), never when it states null. Daily totals are not: a pulled
 * daily total is dated by the sync.
 */
export function contactOf(event: IngestEvent): string | null {
  if (event.type === 'heartbeat' || event.type === 'app_usage') return event.observed_at;
  if (event.type === 'inventory') return event.last_contact === undefined ? event.observed_at : event.last_contact;
  return null;
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
