import type { PublishedEvent } from '@vigie/contracts';

/**
 * The events of one topic waiting for the next update. State topics (fleet summary, an
 * establishment's counts and activity) keep only the latest event of each kind: it replaces the
 * previous one of that kind, never one of another (an establishment's counts must not take the place
 * of its activity, whose last state the client would then never get). Event topics
 * (alerts, ingest, sync and recompute progress: each event is about a different alert, batch group or run)
 * keep every event up to `max`, then the newest ones.
 */
const EVENT_TOPICS = new Set(['alerts', 'ingest', 'sync', 'recompute']);

export class TopicBatch {
  events: PublishedEvent[] = [];
  truncated = false;
  lastSentAt = 0;
  timer: NodeJS.Timeout | null = null;
  readonly topic: string;
  readonly keepAll: boolean;
  readonly max: number;

  constructor(topic: string, max: number) {
    this.topic = topic;
    this.keepAll = EVENT_TOPICS.has(topic);
    this.max = max;
  }

  push(event: PublishedEvent) {
    if (!this.keepAll) {
      this.events = [...this.events.filter((e) => e.event.kind !== event.event.kind), event];
      return;
    }
    this.events.push(event);
    if (this.events.length > this.max) {
      this.events.shift();
      this.truncated = true;
    }
  }

  take(): { events: PublishedEvent[]; truncated: boolean } {
    const taken = { events: this.events, truncated: this.truncated };
    this.events = [];
    this.truncated = false;
    return taken;
  }
}
