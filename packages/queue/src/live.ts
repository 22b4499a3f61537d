import type { Redis } from 'ioredis';
import { PublishedEvent, type LiveEvent } from '@vigie/contracts';

/** The pub/sub channel of a tenant's live events; every API process subscribes to the tenants its clients belong to. */
export const liveChannel = (prefix: string, tenantId: string) => `${prefix}:live:${tenantId}`;

/** The Redis stream holding a tenant's recent events, so a reconnecting client can resume. */
export const liveStreamKey = (prefix: string, tenantId: string) => `${prefix}:live-window:${tenantId}`;

export interface LiveWindow {
  /** Events kept per tenant for resuming (approximate: trimmed with `MAXLEN ~`). */
  maxEvents: number;
  /** How long an idle tenant's window lives; resuming from an older id answers a gap. */
  seconds: number;
}

// One round trip, and the id Redis gives the event is the one subscribers see: XADD then PUBLISH
// in a script cannot interleave with another publisher's pair, so ids arrive in order.
const PUBLISH_SCRIPT = `
local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'e', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
redis.call('PUBLISH', ARGV[4], id .. ' ' .. ARGV[2])
return id`;

// A state (a summary read from the database) published only if no reader that started later has
// published it already: readers take a ticket before they read (KEYS[2], INCR), the script keeps
// the highest ticket published (KEYS[3]), so a slow read finishing after a later one is dropped
// instead of replacing the fresher figure as the last word clients hold.
const PUBLISH_STATE_SCRIPT = `
local last = tonumber(redis.call('GET', KEYS[3]) or '0')
if tonumber(ARGV[5]) < last then return false end
redis.call('SET', KEYS[3], ARGV[5], 'PX', ARGV[3])
local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'e', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
redis.call('PUBLISH', ARGV[4], id .. ' ' .. ARGV[2])
return id`;

export interface LivePublisher {
  publish(tenantId: string, event: LiveEvent): Promise<string>;
  /** A ticket to take before reading the state named `key` (a summary), for publishState. */
  stateTicket(tenantId: string, key: string): Promise<number>;
  /**
   * Publishes a state read after taking `ticket`, unless a state of the same key read after a later
   * ticket was published already (then null): the last state clients hold is the latest read.
   */
  publishState(tenantId: string, key: string, ticket: number, event: LiveEvent): Promise<string | null>;
  /**
   * Calls `publish` with the keys due now: each at most once per `ms` per tenant across every
   * worker (guards costly summaries). A key not due is tried again when the window that refused it
   * ends, so the last summary clients get is read after the last change, whichever process made it.
   * `publish` must depend on the tenant and the keys only (a later try may run an earlier call's)
   * and report its own failures; pending tries are this process's, dropped if it stops.
   */
  throttle(tenantId: string, keys: readonly string[], ms: number, publish: (due: string[]) => Promise<void>): Promise<void>;
}

/** Publishes live events of any tenant on one Redis connection (not one in subscriber mode). */
export function createLivePublisher(redis: Redis, prefix: string, window: LiveWindow): LivePublisher {
  // Tenant -> keys refused by a window, tried again once it ends (one timer per tenant).
  const pending = new Map<string, Set<string>>();

  async function claim(tenantId: string, keys: readonly string[], ms: number) {
    const pipeline = redis.pipeline();
    for (const key of keys) pipeline.set(`${prefix}:live-due:${tenantId}:${key}`, '1', 'PX', ms, 'NX');
    const answers = (await pipeline.exec()) ?? [];
    return keys.filter((_, i) => answers[i]?.[1] === 'OK');
  }

  function tryLater(tenantId: string, keys: string[], ms: number, publish: (due: string[]) => Promise<void>) {
    let waiting = pending.get(tenantId);
    if (!waiting) {
      const keysLater = (waiting = new Set<string>());
      pending.set(tenantId, keysLater);
      // The refusing window ends within `ms`. Whoever claims a key after that reads after this
      // change: this process publishes it, or another did already, so a key refused again is dropped.
      setTimeout(() => {
        pending.delete(tenantId);
        claim(tenantId, [...keysLater], ms)
          .then((due) => (due.length > 0 ? publish(due) : undefined))
          // Best effort, as every live event: the next stored batch publishes again.
          .catch(() => undefined);
      }, ms).unref();
    }
    for (const key of keys) waiting.add(key);
  }

  return {
    async publish(tenantId, event) {
      const body = JSON.stringify({ at: new Date().toISOString(), event });
      const args = [window.maxEvents, body, window.seconds * 1000, liveChannel(prefix, tenantId)];
      return (await redis.eval(PUBLISH_SCRIPT, 1, liveStreamKey(prefix, tenantId), ...args)) as string;
    },
    async stateTicket(tenantId, key) {
      const ticketKey = `${prefix}:live-state-ticket:${tenantId}:${key}`;
      const [[, ticket]] = (await redis
        .multi()
        .incr(ticketKey)
        .pexpire(ticketKey, window.seconds * 1000)
        .exec()) as [[null, number]];
      return ticket;
    },
    async publishState(tenantId, key, ticket, event) {
      const body = JSON.stringify({ at: new Date().toISOString(), event });
      const keys = [
        liveStreamKey(prefix, tenantId),
        `${prefix}:live-state-ticket:${tenantId}:${key}`,
        `${prefix}:live-state-published:${tenantId}:${key}`,
      ];
      const args = [window.maxEvents, body, window.seconds * 1000, liveChannel(prefix, tenantId), ticket];
      return (await redis.eval(PUBLISH_STATE_SCRIPT, keys.length, ...keys, ...args)) as string | null;
    },
    async throttle(tenantId, keys, ms, publish) {
      if (keys.length === 0) return;
      const due = await claim(tenantId, keys, ms);
      const refused = keys.filter((key) => !due.includes(key));
      if (refused.length > 0) tryLater(tenantId, refused, ms, publish);
      if (due.length > 0) await publish(due);
    },
  };
}

/** Parses a message received on a live channel (`<id> <json>`); null when it is not a valid event. */
export function parseLiveMessage(message: string): PublishedEvent | null {
  const space = message.indexOf(' ');
  if (space < 0) return null;
  try {
    const parsed = PublishedEvent.safeParse({ id: message.slice(0, space), ...JSON.parse(message.slice(space + 1)) });
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export type ResumeResult = { ok: true; events: PublishedEvent[] } | { ok: false; oldestId: string | null };

/**
 * The tenant's events after `lastId`, at most `count`; `ok: false` when events after `lastId` may
 * have been trimmed (the id is older than the window's first event), so the client must re-read REST.
 */
export async function readSince(redis: Redis, prefix: string, tenantId: string, lastId: string, count: number): Promise<ResumeResult> {
  const key = liveStreamKey(prefix, tenantId);
  const first = await redis.xrange(key, '-', '+', 'COUNT', 1);
  const oldestId = first[0]?.[0] ?? null;
  // An empty window after events were seen means it expired: what came after lastId is unknown.
  if (!oldestId || compareIds(lastId, oldestId) < 0) return { ok: false, oldestId };
  const entries = await redis.xrange(key, `(${lastId}`, '+', 'COUNT', count);
  const events: PublishedEvent[] = [];
  for (const [id, fields] of entries) {
    const parsed = parseLiveMessage(`${id} ${fields[1] ?? ''}`);
    if (parsed) events.push(parsed);
  }
  return { ok: true, events };
}

/** Orders two stream ids (`<ms>-<seq>`). */
export function compareIds(a: string, b: string): number {
  const [am = 0, as = 0] = a.split('-').map(Number);
  const [bm = 0, bs = 0] = b.split('-').map(Number);
  return am - bm || as - bs;
}
