import type { Config } from '@vigie/config';
import { enqueue, queuePolicies, type Queues } from '@vigie/queue';
import { notificationDeliveries, type Db } from '@vigie/store';
import { requeueIfGone } from './requeue-if-gone.ts';

/**
 * Re-queues deliveries still pending after a while whose job is gone: the worker that opened the
 * alert died between the commit and the queueing, or Redis lost the job. A job still waiting, running
 * or in backoff is left alone; the delivery's row lock and status keep it to one post anyway.
 */
export async function sweepDeliveries(db: Db, queues: Queues, config: Readonly<Config>, olderThan: Date) {
  const stale = await notificationDeliveries.listStale(db, olderThan, 1_000);
  let requeued = 0;
  for (const d of stale) {
    const retry = { attempts: config.webhooks.maxAttempts, backoffMs: config.webhooks.backoffMs };
    if (
      await requeueIfGone(queues.deliverWebhook, queuePolicies['deliver-webhook'].jobId(d.id), () =>
        enqueue.deliverWebhook(queues, { tenantId: d.tenant_id, deliveryId: d.id }, retry),
      )
    )
      requeued++;
  }
  return { checked: stale.length, requeued };
}
