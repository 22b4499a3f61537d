import type { Redis } from 'ioredis';
import type { WebSocket } from 'ws';
import type { Config, Logger } from '@vigie/config';
import { StreamCloseCodes, topicOf, type PublishedEvent } from '@vigie/contracts';
import { live } from '@vigie/queue';
import type { TenantPrincipal } from '../auth.ts';
import * as preparedFrame from './prepared-frame.ts';
import { canSee } from './topic-access.ts';
import { TopicBatch } from './topic-batch.ts';

/** One authenticated /v1/stream connection. */
export interface LiveClient {
  socket: WebSocket;
  principal: TenantPrincipal;
  /** What the principal may see (`topic-access.ts` `scopeOf`): one update message per scope. */
  scope: string;
  topics: Set<string>;
  alive: boolean;
  /** When its token stops working (ms since epoch), null for never: the pinger closes it then. */
  endsAt: number | null;
}

interface TenantRoom {
  clients: Set<LiveClient>;
  byTopic: Map<string, Set<LiveClient>>;
  batches: Map<string, TopicBatch>;
}

export type LiveHub = ReturnType<typeof createLiveHub>;

/**
 * The live fan-out of one API process: subscribes to a tenant's Redis channel while it has clients
 * here, coalesces each topic to at most one update per `coalesceMs`, serialises and frames an update
 * once per scope, pings clients and drops those that stop answering or stop reading.
 */
export function createLiveHub(subscriber: Redis, settings: Readonly<Config['live']>, prefix: string, log: Logger) {
  const rooms = new Map<string, TenantRoom>();
  const channelPrefix = live.liveChannel(prefix, '');
  let dropped = 0;

  subscriber.on('message', (channel: string, message: string) => {
    const room = rooms.get(channel.slice(channelPrefix.length));
    const published = room && live.parseLiveMessage(message);
    if (!room || !published) return;
    const topic = topicOf(published.event);
    if (!room.byTopic.get(topic)?.size) return;
    let batch = room.batches.get(topic);
    if (!batch) room.batches.set(topic, (batch = new TopicBatch(topic, settings.maxEventsPerUpdate)));
    batch.push(published);
    schedule(room, batch);
  });

  function schedule(room: TenantRoom, batch: TopicBatch) {
    if (batch.timer) return;
    const wait = batch.lastSentAt + settings.coalesceMs - Date.now();
    if (wait <= 0) flush(room, batch);
    else batch.timer = setTimeout(() => flush(room, batch), wait);
  }

  function flush(room: TenantRoom, batch: TopicBatch) {
    batch.timer = null;
    batch.lastSentAt = Date.now();
    const { events, truncated } = batch.take();
    const clients = room.byTopic.get(batch.topic);
    if (!clients || events.length === 0) return;
    // Serialised and framed once per scope, not per client: with 10,000 clients, whatever is done per
    // client is paid 10,000 times before the last one gets the update.
    const frames = new Map<string, preparedFrame.PreparedFrame | null>();
    for (const client of clients) {
      let frame = frames.get(client.scope);
      if (frame === undefined) frames.set(client.scope, (frame = frameFor(client.principal, batch.topic, events, truncated)));
      if (frame) deliver(client, frame);
    }
  }

  /** Whether the client still reads: past the bound of unsent data it is dropped and must resume. */
  function admit(client: LiveClient): boolean {
    if (client.socket.readyState !== client.socket.OPEN) return false;
    if (client.socket.bufferedAmount <= settings.maxBufferBytes) return true;
    dropped += 1;
    log.warn(
      { tenantId: client.principal.tenantId, tokenId: client.principal.tokenId, buffered: client.socket.bufferedAmount },
      'live client too slow, dropped',
    );
    client.socket.terminate();
    return false;
  }

  function deliver(client: LiveClient, frame: preparedFrame.PreparedFrame) {
    if (admit(client)) preparedFrame.write(client.socket, frame);
  }

  /** Sends one message of this client's own (a replay), unless it is dropped for reading too slowly. */
  function send(client: LiveClient, message: string) {
    if (admit(client)) client.socket.send(message, { binary: false });
  }

  const endClient = (client: LiveClient) =>
    client.socket.close(StreamCloseCodes.tokenEnded, 'token_ended: the token was revoked or expired');

  // Expiries are checked at each ping, so a socket outlives its token by at most LIVE_PING_SECONDS.
  const pinger = setInterval(() => {
    const now = Date.now();
    for (const room of rooms.values()) {
      for (const client of room.clients) {
        if (client.endsAt !== null && client.endsAt <= now) {
          endClient(client);
          continue;
        }
        if (!client.alive) {
          client.socket.terminate();
          continue;
        }
        client.alive = false;
        client.socket.ping();
      }
    }
  }, settings.pingSeconds * 1000);
  pinger.unref();

  return {
    async add(client: LiveClient) {
      const tenantId = client.principal.tenantId;
      // In the room before any await: a socket closing during the subscription is then removed
      // like any other, instead of being added afterwards and kept for good.
      const room = rooms.get(tenantId) ?? { clients: new Set<LiveClient>(), byTopic: new Map(), batches: new Map() };
      room.clients.add(client);
      if (!rooms.has(tenantId)) {
        rooms.set(tenantId, room);
        await subscriber.subscribe(live.liveChannel(prefix, tenantId));
      }
    },

    subscribe(client: LiveClient, topics: readonly string[]) {
      const room = rooms.get(client.principal.tenantId);
      if (!room) return;
      for (const topic of topics) {
        client.topics.add(topic);
        let set = room.byTopic.get(topic);
        if (!set) room.byTopic.set(topic, (set = new Set()));
        set.add(client);
      }
    },

    unsubscribe(client: LiveClient, topics: readonly string[]) {
      const room = rooms.get(client.principal.tenantId);
      for (const topic of topics) {
        client.topics.delete(topic);
        room?.byTopic.get(topic)?.delete(client);
      }
    },

    async remove(client: LiveClient) {
      const tenantId = client.principal.tenantId;
      const room = rooms.get(tenantId);
      if (!room || !room.clients.delete(client)) return;
      for (const topic of client.topics) room.byTopic.get(topic)?.delete(client);
      if (room.clients.size > 0) return;
      for (const batch of room.batches.values()) if (batch.timer) clearTimeout(batch.timer);
      rooms.delete(tenantId);
      await subscriber.unsubscribe(live.liveChannel(prefix, tenantId));
    },

    send,

    /**
     * Closes the sockets of a token that ended (4010), or, for an end still ahead (a rotation's
     * overlap), closes them at the first ping after it. Scans every client: ends are rare.
     */
    endToken(tokenId: string, at: Date) {
      for (const room of rooms.values()) {
        for (const client of room.clients) {
          if (client.principal.tokenId !== tokenId) continue;
          if (at.getTime() <= Date.now()) endClient(client);
          else client.endsAt = Math.min(client.endsAt ?? Infinity, at.getTime());
        }
      }
    },

    /** The ids of the tokens (not people's sessions) holding streams here. */
    tokenIds(): string[] {
      const ids = new Set<string>();
      for (const room of rooms.values())
        for (const client of room.clients) if (!client.principal.session) ids.add(client.principal.tokenId);
      return [...ids];
    },

    stats() {
      let clients = 0;
      for (const room of rooms.values()) clients += room.clients.size;
      return { tenants: rooms.size, clients, dropped };
    },

    async close() {
      clearInterval(pinger);
      for (const room of rooms.values()) {
        for (const batch of room.batches.values()) if (batch.timer) clearTimeout(batch.timer);
        for (const client of room.clients) client.socket.close(1001, 'server shutting down');
      }
      rooms.clear();
      subscriber.disconnect();
    },
  };
}

function frameFor(principal: TenantPrincipal, topic: string, events: readonly PublishedEvent[], truncated: boolean) {
  const visible = principal.establishmentIds ? events.filter((e) => canSee(principal, e.event)) : events;
  return visible.length > 0 ? preparedFrame.prepare(updateMessage(topic, visible, truncated)) : null;
}

/** The update message of a topic: its events in id order and the id to resume from. */
export function updateMessage(topic: string, events: readonly PublishedEvent[], truncated: boolean): string {
  return JSON.stringify({ type: 'update', topic, last_id: events.at(-1)?.id ?? null, truncated, events });
}
