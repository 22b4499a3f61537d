import { UnrecoverableError, type Job } from 'bullmq';
import type { Config, Logger } from '@vigie/config';
import { DeliverWebhookJob } from '@vigie/contracts';
import { notificationDeliveries, notificationEndpoints, secretBox, type Db } from '@vigie/store';
import { postWebhook, type PostOutcome } from '../webhooks/post-webhook.ts';

/**
 * Sends one delivery, holding its row lock; records every attempt. A failed attempt throws so BullMQ
 * retries with backoff; the last one counts against the endpoint, which may then be disabled.
 */
export function deliverWebhook(db: Db, config: Readonly<Config>, log: Logger) {
  return async (job: Job) => {
    const payload = DeliverWebhookJob.safeParse(job.data);
    if (!payload.success) throw new UnrecoverableError(`bad deliver-webhook payload: ${payload.error.message}`);
    const { tenantId, deliveryId } = payload.data;
    const final = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    const result = await notificationDeliveries.withLock(db, tenantId, deliveryId, async (delivery, trx): Promise<{ skipped: string } | { outcome: PostOutcome }> => {
      if (delivery.status !== 'pending') return { skipped: `already ${delivery.status}` };
      const endpoint = await notificationEndpoints.findForDelivery(db, tenantId, delivery.endpoint_id);
      if (!endpoint || !endpoint.enabled || !endpoint.url || !endpoint.secret) {
        await notificationDeliveries.recordAttempt(trx, tenantId, deliveryId, { delivered: false, final: true, status: null, error: 'endpoint disabled or removed' });
        return { skipped: 'endpoint disabled' };
      }
      let secret: string;
      try {
        secret = secretBox.open(secretBox.parseKey(config.secrets.key ?? undefined), endpoint.secret);
      } catch (error) {
        throw new UnrecoverableError(`cannot open the webhook secret: ${(error as Error).message}`);
      }
      const body = JSON.stringify(delivery.payload);
      const outcome = await postWebhook(endpoint.url, secret, (delivery.payload as { id: string }).id, body, config.webhooks.timeoutMs);
      await notificationDeliveries.recordAttempt(trx, tenantId, deliveryId, { delivered: outcome.ok, final, status: outcome.status, error: outcome.ok ? null : outcome.error });
      if (outcome.ok || final) {
        const counted = await notificationEndpoints.recordOutcome(trx, tenantId, endpoint.id, outcome.ok, config.webhooks.disableAfter, outcome.ok ? null : outcome.error);
        if (counted.disabled) log.warn({ tenantId, endpointId: endpoint.id }, 'webhook endpoint disabled after repeated failures');
      }
      return { outcome };
    });
    if (result === 'busy') return { skipped: 'another worker is delivering it' };
    if (result === 'gone') return { skipped: 'delivery not found' };
    const outcome = 'outcome' in result ? result.outcome : undefined;
    if (outcome && !outcome.ok) {
      log.warn({ tenantId, deliveryId, attempt: job.attemptsMade + 1, final, status: outcome.status, error: outcome.error }, 'webhook delivery failed');
      throw new Error(`webhook delivery failed: ${outcome.error}`);
    }
    log.info({ tenantId, deliveryId, jobId: job.id, attempt: job.attemptsMade + 1, ...result }, 'webhook delivered');
    return result;
  };
}
