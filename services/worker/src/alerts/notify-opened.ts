import type { Config } from '@vigie/config';
import type { WebhookPayload } from '@vigie/contracts';
import { enqueue, type Queues } from '@vigie/queue';
import { alerts, notificationDeliveries, notificationEndpoints, type Db, type Trx } from '@vigie/store';

/**
 * Records, in the transaction that opens the alert (the outbox), one delivery per endpoint wanting
 * its severity, and returns their ids to queue once committed. The idempotency key `alert-<id>` is
 * unique per endpoint: an opening notifies each endpoint once.
 */
export async function recordOpenedDeliveries(
  trx: Trx,
  tenantId: string,
  alert: alerts.AlertRow,
  endpoints: readonly NotifiedEndpoint[],
): Promise<string[]> {
  const ids: string[] = [];
  for (const endpoint of endpoints) {
    const key = `alert-${alert.id}`;
    const payload: WebhookPayload = {
      version: 1,
      id: `${key}-${endpoint.id}`,
      type: 'alert.opened',
      created_at: new Date().toISOString(),
      tenant_id: tenantId,
      alert: alerts.toAlert(alert),
    };
    const delivery = await notificationDeliveries.create(trx, tenantId, {
      endpointId: endpoint.id,
      idempotencyKey: key,
      kind: 'alert',
      alertId: alert.id,
      payload,
    });
    if (delivery.status === 'pending') ids.push(delivery.id);
  }
  return ids;
}

export type NotifiedEndpoint = Awaited<ReturnType<typeof notificationEndpoints.listForSeverity>>[number];

/** The endpoints an alert of this severity notifies (e-mail ones only when SMTP is configured): read once per rule evaluated. */
export async function endpointsFor(db: Db, config: Readonly<Config>, tenantId: string, severity: string): Promise<NotifiedEndpoint[]> {
  return (await notificationEndpoints.listForSeverity(db, tenantId, severity)).filter(
    (e) => e.kind === 'webhook' || config.smtp.url !== null,
  );
}

/** Queues recorded deliveries; if this never happens (a crash), the sweeper queues them later. */
export async function queueDeliveries(queues: Queues, config: Readonly<Config>, tenantId: string, deliveryIds: readonly string[]) {
  await enqueue.deliverWebhooks(
    queues,
    deliveryIds.map((deliveryId) => ({ tenantId, deliveryId })),
    { attempts: config.webhooks.maxAttempts, backoffMs: config.webhooks.backoffMs },
  );
}
