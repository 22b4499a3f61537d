import type { Config } from '@vigie/config';
import { enqueue, type Queues } from '@vigie/queue';
import { notificationDeliveries, type Db } from '@vigie/store';

const LIVE_STATES = new Set(['waiting', 'active', 'delayed', 'prioritized', 'waiting-children']);

/**
 * Re-queues deliveries still pending after a while whose job is gone: the worker that opened the
 * alert died between the commit and the queueing, or Redis lost the job. A job still waiting, running
 * or in backoff is left alone; the delivery's row lock and status keep it to one post anyway.
 */
export async function sweepDeliveries(db: Db, queues: Queues, config: Readonly<Config>, olderThan: Date) {
  const stale = await notificationDeliveries.listStale(db, olderThan, 1_000);
  let requeued = 0;
  for (const d of stale) {
    const job = await queues.deliverWebhook.getJob(`deliver-${d.id}`);
    if (job && LIVE_STATES.has(await job.getState())) continue;
    // A finished job keeps its id in Redis: remove it, or adding the same id again would be a no-op.
    if (job) await job.remove();
    await enqueue.deliverWebhook(queues, { tenantId: d.tenant_id, deliveryId: d.id }, { attempts: config.webhooks.maxAttempts, backoffMs: config.webhooks.backoffMs });
    requeued++;
  }
  return { checked: stale.length, requeued };
}
