import { PublishedEvent } from '@vigie/contracts/web';

// The dashboard's side of /v1/stream (docs/alerts.md, "Live streams"): the session cookie
// authenticates the upgrade, the server says "ready", the client subscribes with the last event id
// it saw, so a reconnection replays what it missed. Reconnects with a capped, jittered backoff.

export type LiveState = 'connecting' | 'live' | 'reconnecting' | 'offline';

export interface LiveHandlers {
  onEvent: (event: PublishedEvent) => void;
  /** The resume window no longer holds our last id: everything shown must be read again. */
  onGap: () => void;
  onState: (state: LiveState) => void;
}

const BACKOFF_MS = [1_000, 2_000, 5_000, 10_000, 30_000];

/** The delay before reconnection attempt n (0-based): grows, then stays at 30 s, with ±20 % jitter. */
export function reconnectDelay(attempt: number, random = Math.random): number {
  const base = BACKOFF_MS[Math.min(attempt, BACKOFF_MS.length - 1)]!;
  return Math.round(base * (0.8 + 0.4 * random()));
}

export function streamUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/v1/stream`;
}

/** Opens the stream and keeps it open until the returned function is called. */
export function connectLive(topics: readonly string[], handlers: LiveHandlers): () => void {
  let socket: WebSocket | null = null;
  let lastId: string | undefined;
  const seen = new Set<string>();
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const accept = (raw: unknown) => {
    const parsed = PublishedEvent.safeParse(raw);
    // Delivery is at least once around a reconnection: an id already handled is skipped.
    if (!parsed.success || seen.has(parsed.data.id)) return;
    seen.add(parsed.data.id);
    if (seen.size > 2_000) seen.delete(seen.values().next().value!);
    lastId = parsed.data.id;
    handlers.onEvent(parsed.data);
  };

  const open = () => {
    handlers.onState(attempt === 0 ? 'connecting' : 'reconnecting');
    socket = new WebSocket(streamUrl(window.location));
    socket.onmessage = (message) => {
      let data: { type?: string; events?: unknown[]; more?: boolean };
      try {
        data = JSON.parse(String(message.data));
      } catch {
        return;
      }
      if (data.type === 'ready') {
        socket?.send(JSON.stringify({ type: 'subscribe', topics, ...(lastId ? { last_event_id: lastId } : {}) }));
      } else if (data.type === 'subscribed') {
        attempt = 0;
        handlers.onState('live');
      } else if (data.type === 'update' || data.type === 'replay') {
        for (const event of data.events ?? []) accept(event);
        if (data.type === 'replay' && data.more && lastId)
          socket?.send(JSON.stringify({ type: 'subscribe', topics, last_event_id: lastId }));
      } else if (data.type === 'resume_gap') {
        lastId = undefined;
        handlers.onGap();
      }
    };
    socket.onclose = () => {
      socket = null;
      if (stopped) return;
      handlers.onState(attempt >= 3 ? 'offline' : 'reconnecting');
      timer = setTimeout(open, reconnectDelay(attempt++));
    };
  };

  open();
  return () => {
    stopped = true;
    clearTimeout(timer);
    socket?.close(1000, 'page closed');
  };
}
