import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { Alert } from './alerts.ts';

/**
 * The body of every webhook Vigie sends, version 1. Fields are only ever added within a version;
 * a change that removes or retypes one is version 2. Documented in docs/alerts.md.
 */
export const WebhookPayload = z.object({
  version: z.literal(1),
  id: z.string().describe('idempotency id of this delivery: the same on every retry'),
  type: z.enum(['alert.opened', 'test', 'digest']),
  created_at: z.string(),
  tenant_id: z.uuid(),
  alert: Alert.optional(),
  digest: z
    .object({
      day: z.string(),
      opened: z.number().int(),
      resolved: z.number().int(),
      open_now: z.number().int(),
      by_rule: z.record(z.string(), z.object({ opened: z.number().int(), resolved: z.number().int() })),
      by_establishment: z.record(z.string(), z.object({ opened: z.number().int(), resolved: z.number().int() })),
    })
    .optional(),
});
export type WebhookPayload = z.infer<typeof WebhookPayload>;

export const WebhookHeaders = { timestamp: 'vigie-timestamp', signature: 'vigie-signature', delivery: 'vigie-delivery' } as const;

/** `v1=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>`: the value of the vigie-signature header. */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * The one shape of a webhook POST (deliveries and the test route alike): the body signed at
 * `timestampSeconds`, never following a redirect (a webhook URL must answer itself).
 */
export function webhookRequest(hook: { secret: string; deliveryId: string; body: string }, timestampSeconds: number) {
  return {
    method: 'POST',
    body: hook.body,
    redirect: 'manual' as const,
    headers: {
      'content-type': 'application/json',
      'user-agent': 'vigie-webhooks/1',
      [WebhookHeaders.timestamp]: String(timestampSeconds),
      [WebhookHeaders.signature]: signWebhook(hook.secret, timestampSeconds, hook.body),
      [WebhookHeaders.delivery]: hook.deliveryId,
    },
  };
}

/** What a receiver does: recompute, compare in constant time, refuse old timestamps (replays). */
export function verifyWebhook(
  secret: string,
  timestamp: string,
  body: string,
  signature: string,
  toleranceSeconds = 300,
  now = Date.now(),
): boolean {
  const ts = Number(timestamp);
  if (!Number.isInteger(ts) || Math.abs(now / 1000 - ts) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhook(secret, ts, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
