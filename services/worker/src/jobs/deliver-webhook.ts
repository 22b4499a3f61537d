import { UnrecoverableError, type Job } from 'bullmq';
import type { Config, Logger } from '@vigie/config';
import { DeliverWebhookJob, type WebhookPayload } from '@vigie/contracts';
import { storedAllowList, type Outbound } from '@vigie/outbound';
import { notificationDeliveries, notificationEndpoints, secretBox, tenants, type Db } from '@vigie/store';
import { postWebhook, type PostOutcome } from '../notify/post-webhook.ts';
import { sendEmail } from '../notify/send-email.ts';

/**
 * Sends one delivery, holding its row lock; records every attempt. A failed attempt throws so BullMQ
 * retries with backoff; the last one counts against the endpoint, which may then be disabled.
 */
/** An attempt's outcome; `permanent` when retrying cannot help (the attempt is then the last). */
type Attempt = PostOutcome & { permanent?: boolean };

export function deliverWebhook(db: Db, config: Readonly<Config>, outbound: Outbound, log: Logger) {
  const post = async (tenantId: string, url: string | null, sealed: Buffer | null, payload: Record<string, unknown>): Promise<Attempt> => {
    if (!url || !sealed) return { ok: false, status: null, error: 'webhook without url or secret' };
    let secret: string;
    try {
      secret = secretBox.open(secretBox.keyring(config.secrets), sealed);
    } catch (error) {
      // Recorded on the delivery and the endpoint (a missing or changed SECRETS_KEY), not thrown: a
      // throw here would roll the record back and leave the delivery pending for the sweeper forever.
      return {
        ok: false,
        status: null,
        error: `cannot open the webhook secret (check SECRETS_KEY): ${(error as Error).message}`,
        permanent: true,
      };
    }
    const allow = storedAllowList(await tenants.outboundAllow(db, tenantId));
    const outcome = await postWebhook(
      outbound,
      { url, secret, deliveryId: (payload as { id: string }).id, body: JSON.stringify(payload), allow },
      config.webhooks.timeoutMs,
    );
    if (outcome.detail) log.info({ tenantId, detail: outcome.detail }, 'webhook unreachable');
    return outcome;
  };
  const email = async (to: string | null, payload: WebhookPayload): Promise<PostOutcome> => {
    if (!config.smtp.url) return { ok: false, status: null, error: 'SMTP_URL is not configured' };
    return sendEmail(config.smtp.url, config.smtp.from, to ?? '', payload, config.webhooks.timeoutMs);
  };
  return async (job: Job) => {
    const payload = DeliverWebhookJob.safeParse(job.data);
    if (!payload.success) throw new UnrecoverableError(`bad deliver-webhook payload: ${payload.error.message}`);
    const { tenantId, deliveryId } = payload.data;
    const final = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    const result = await notificationDeliveries.withLock(
      db,
      tenantId,
      deliveryId,
      async (delivery, trx): Promise<{ skipped: string } | { outcome: Attempt }> => {
        if (delivery.status !== 'pending') return { skipped: `already ${delivery.status}` };
        const endpoint = await notificationEndpoints.findForDelivery(db, tenantId, delivery.endpoint_id);
        if (!endpoint || !endpoint.enabled) {
          await notificationDeliveries.recordAttempt(trx, tenantId, deliveryId, {
            delivered: false,
            final: true,
            status: null,
            error: 'endpoint disabled or removed',
          });
          return { skipped: 'endpoint disabled' };
        }
        const outcome: Attempt =
          endpoint.kind === 'email'
            ? await email(endpoint.email, delivery.payload as WebhookPayload)
            : await post(tenantId, endpoint.url, endpoint.secret, delivery.payload);
        const last = final || outcome.permanent === true;
        await notificationDeliveries.recordAttempt(trx, tenantId, deliveryId, {
          delivered: outcome.ok,
          final: last,
          status: outcome.status,
          error: outcome.ok ? null : outcome.error,
        });
        if (outcome.ok || last) {
          const counted = await notificationEndpoints.recordOutcome(
            trx,
            tenantId,
            endpoint.id,
            outcome.ok,
            config.webhooks.disableAfter,
            outcome.ok ? null : outcome.error,
          );
          if (counted.disabled) log.warn({ tenantId, endpointId: endpoint.id }, 'webhook endpoint disabled after repeated failures');
        }
        return { outcome };
      },
    );
    if (result === 'busy') return { skipped: 'another worker is delivering it' };
    if (result === 'gone') return { skipped: 'delivery not found' };
    const outcome = 'outcome' in result ? result.outcome : undefined;
    if (outcome && !outcome.ok) {
      log.warn(
        { tenantId, deliveryId, attempt: job.attemptsMade + 1, final, status: outcome.status, error: outcome.error },
        'webhook delivery failed',
      );
      throw outcome.permanent
        ? new UnrecoverableError(`webhook delivery failed: ${outcome.error}`)
        : new Error(`webhook delivery failed: ${outcome.error}`);
    }
    log.info({ tenantId, deliveryId, jobId: job.id, attempt: job.attemptsMade + 1, ...result }, 'webhook delivered');
    return result;
  };
}
