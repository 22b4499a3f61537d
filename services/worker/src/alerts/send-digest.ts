import { addDays, localDate, zonedInstant } from '@vigie/calendar';
import type { Config } from '@vigie/config';
import type { WebhookPayload } from '@vigie/contracts';
import { enqueue, type Queues } from '@vigie/queue';
import { alerts, notificationDeliveries, notificationEndpoints, type Db } from '@vigie/store';

type Digest = NonNullable<WebhookPayload['digest']>;

/** Folds the day's rows into the digest's counts by rule kind and by establishment UAI. */
export function toDigest(
  day: string,
  rows: { rule_kind: string; uai: string | null; opened: number; resolved: number }[],
  openNow: number,
): Digest {
  const digest: Digest = { day, opened: 0, resolved: 0, open_now: openNow, by_rule: {}, by_establishment: {} };
  for (const r of rows) {
    digest.opened += r.opened;
    digest.resolved += r.resolved;
    const rule = (digest.by_rule[r.rule_kind] ??= { opened: 0, resolved: 0 });
    rule.opened += r.opened;
    rule.resolved += r.resolved;
    const e = (digest.by_establishment[r.uai ?? 'tenant'] ??= { opened: 0, resolved: 0 });
    e.opened += r.opened;
    e.resolved += r.resolved;
  }
  return digest;
}

/**
 * Queues yesterday's digest (local day in the deployment's time zone) to every endpoint that wants
 * it. The key `digest-<day>` is unique per endpoint: the daily tick running twice sends it once.
 */
export async function sendDigest(db: Db, queues: Queues, config: Readonly<Config>, tenantId: string, now: Date) {
  const day = addDays(localDate(now, config.defaultTimeZone), -1);
  const from = zonedInstant(day, 0, config.defaultTimeZone);
  const to = zonedInstant(addDays(day, 1), 0, config.defaultTimeZone);
  const endpoints = (await notificationEndpoints.listForDigest(db, tenantId)).filter(
    (e) => e.kind === 'webhook' || config.smtp.url !== null,
  );
  if (endpoints.length === 0) return 0;
  const counts = await alerts.digestCounts(db, tenantId, from, to);
  const digest = toDigest(day, counts.rows, counts.openNow);
  for (const endpoint of endpoints) {
    const key = `digest-${day}`;
    const payload: WebhookPayload = {
      version: 1,
      id: `${key}-${endpoint.id}`,
      type: 'digest',
      created_at: now.toISOString(),
      tenant_id: tenantId,
      digest,
    };
    const delivery = await notificationDeliveries.create(db, tenantId, {
      endpointId: endpoint.id,
      idempotencyKey: key,
      kind: 'digest',
      alertId: null,
      payload,
    });
    if (delivery.status === 'pending')
      await enqueue.deliverWebhook(
        queues,
        { tenantId, deliveryId: delivery.id },
        { attempts: config.webhooks.maxAttempts, backoffMs: config.webhooks.backoffMs },
      );
  }
  return endpoints.length;
}
