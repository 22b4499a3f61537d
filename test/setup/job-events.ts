import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';

export interface JobEvent {
  event: string;
  jobId?: string;
  returnvalue?: string;
  failedReason?: string;
}

/**
 * Every event BullMQ recorded in a queue's event stream, oldest first. The stream outlives the jobs
 * (completed ones are removed at once here), bounded at 10,000 entries: what a job did, and how
 * often, stays readable after the fact.
 */
export async function jobEvents(queue: Queue): Promise<JobEvent[]> {
  // BullMQ types its connection as a minimal client; it is the ioredis one the queues were given.
  const client = (await queue.client) as unknown as Redis;
  const entries = await client.xrange(queue.keys.events!, '-', '+');
  return entries.map(([, fields]) => {
    const event: Record<string, string> = {};
    for (let i = 0; i + 1 < fields.length; i += 2) event[fields[i]!] = fields[i + 1]!;
    return event as unknown as JobEvent;
  });
}

/** Ids of the jobs that completed, one entry per completion (an id twice is work done twice). */
export const completedIds = (events: JobEvent[]) => events.flatMap((e) => (e.event === 'completed' && e.jobId ? [e.jobId] : []));

/** The ids that appear more than once in a list. */
export function repeated(ids: string[]): string[] {
  const seen = new Set<string>();
  return [...new Set(ids.filter((id) => seen.has(id) || !seen.add(id)))];
}
