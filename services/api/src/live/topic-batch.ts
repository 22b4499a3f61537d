import type { PublishedEvent } from '@vigie/contracts';

/**
 * The events of one topic waiting for the next update. State topics (fleet, counts, progress) keep
 * only their latest event; the alerts topic keeps every event up to `max`, then the newest ones.
 */
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
    this.keepAll = topic === 'alerts';
    this.max = max;
  }

  push(event: PublishedEvent) {
    if (!this.keepAll) {
      this.events = [event];
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
