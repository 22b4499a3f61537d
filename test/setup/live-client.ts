import { WebSocket } from 'ws';
import type { LiveEvent } from '@vigie/contracts';
import { live } from '@vigie/queue';
import type { TestEnv } from './test-env.ts';

export interface StreamMessage {
  type: string;
  topic?: string;
  events?: { id: string; event: { kind: string; [k: string]: unknown } }[];
  [k: string]: unknown;
}

/** A real websocket client of /v1/stream recording every message it receives. */
export async function connectStream(baseUrl: string, token: string | null) {
  const socket = new WebSocket(
    `${baseUrl.replace(/^http/, 'ws')}/v1/stream`,
    token ? { headers: { authorization: `Bearer ${token}` } } : {},
  );
  const messages: StreamMessage[] = [];
  let closed: { code: number; reason: string } | null = null;
  let onClosed: (value: { code: number; reason: string }) => void = () => undefined;
  const whenClosed = new Promise<{ code: number; reason: string }>((resolve) => (onClosed = resolve));
  socket.on('message', (data) => messages.push(JSON.parse(data.toString()) as StreamMessage));
  socket.on('close', (code, reason) => {
    closed = { code, reason: reason.toString() };
    onClosed(closed);
  });
  socket.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });

  const client = {
    socket,
    messages,
    get closed() {
      return closed;
    },
    /** Resolves with the close code and reason when the socket closes (the close event itself). */
    whenClosed() {
      return whenClosed;
    },
    send(message: object) {
      socket.send(JSON.stringify(message));
    },
    /** Every event received in updates and replays, in order. */
    events() {
      return messages.flatMap((m) => (m.type === 'update' || m.type === 'replay' ? (m.events ?? []) : []));
    },
    async next(type: string, timeoutMs = 10_000): Promise<StreamMessage> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = messages.find((m) => m.type === type);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no ${type} message; got ${JSON.stringify(messages).slice(0, 500)}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    async subscribe(topics: string[], lastEventId?: string) {
      const before = messages.filter((m) => m.type === 'subscribed').length;
      client.send({ type: 'subscribe', topics, ...(lastEventId ? { last_event_id: lastEventId } : {}) });
      const deadline = Date.now() + 10_000;
      while (messages.filter((m) => m.type === 'subscribed').length === before) {
        if (Date.now() > deadline) throw new Error('no subscribed message');
        await new Promise((r) => setTimeout(r, 20));
      }
      return messages.filter((m) => m.type === 'subscribed').at(-1)!;
    },
    close() {
      socket.terminate();
    },
  };
  return client;
}

/** Polls until `check` is true, failing after `timeoutMs`. */
export async function until(check: () => boolean, timeoutMs = 10_000, what = 'condition') {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The events of one kind in a tenant's live stream (the Redis stream every API process reads), oldest first. */
export async function streamedEvents<K extends LiveEvent['kind']>(env: TestEnv, tenantId: string, kind: K) {
  const entries = await env.redis.xrange(live.liveStreamKey(env.config.redis.prefix, tenantId), '-', '+');
  return entries
    .map(([id, fields]) => live.parseLiveMessage(`${id} ${fields[1] ?? ''}`)?.event)
    .filter((e): e is Extract<LiveEvent, { kind: K }> => e?.kind === kind);
}
