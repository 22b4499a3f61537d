import type { Config } from '@vigie/config';
import type { Alert, WebhookPayload } from '@vigie/contracts';
import { enqueue, type Queues } from '@vigie/queue';
import { notificationDeliveries, notificationEndpoints, type alerts, type Db } from '@vigie/store';

type AlertRow = NonNullable<Awaited<ReturnType<typeof alerts.find>>>;

export function toAlertPayload(a: AlertRow): Alert {
  return {
    id: a.id, rule_id: a.rule_id, rule_kind: a.rule_kind, severity: a.severity as Alert['severity'], state: a.state as Alert['state'],
    subject_type: a.subject_type as Alert['subject_type'], subject_id: a.subject_id, establishment_id: a.establishment_id, title: a.title,
    details: a.details, opened_at: a.opened_at.toISOString(), updated_at: a.updated_at.toISOString(),
    resolved_at: a.resolved_at?.toISOString() ?? null, snoozed_until: a.snoozed_until?.toISOString() ?? null,
  };
}

/**
 * Records one delivery per webhook endpoint wanting the alert's severity, then queues them. The
 * idempotency key `alert-<id>` is unique per endpoint: an opening notifies each endpoint once, even
 * if this runs again after a crash between the two steps.
 */
export async function notifyOpened(db: Db, queues: Queues, config: Readonly<Config>, tenantId: string, alert: AlertRow): Promise<number> {
  const endpoints = (await notificationEndpoints.listForSeverity(db, tenantId, alert.severity)).filter((e) => e.kind === 'webhook' || config.smtp.url !== null);
  for (const endpoint of endpoints) {
    const key = `alert-${alert.id}`;
    const payload: WebhookPayload = { version: 1, id: `${key}-${endpoint.id}`, type: 'alert.opened', created_at: new Date().toISOString(), tenant_id: tenantId, alert: toAlertPayload(alert) };
    const delivery = await notificationDeliveries.create(db, tenantId, { endpointId: endpoint.id, idempotencyKey: key, kind: 'alert', alertId: alert.id, payload });
    if (delivery.status === 'pending') {
      await enqueue.deliverWebhook(queues, { tenantId, deliveryId: delivery.id }, { attempts: config.webhooks.maxAttempts, backoffMs: config.webhooks.backoffMs });
    }
  }
  return endpoints.length;
}
