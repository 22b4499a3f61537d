import { webhookRequest } from '@vigie/contracts';
import type { AllowList, Outbound } from '@vigie/outbound';

export type PostOutcome = { ok: true; status: number } | { ok: false; status: number | null; error: string };

export interface Webhook {
  url: string;
  secret: string;
  deliveryId: string;
  body: string;
  /** The tenant's exceptions to the refusal of internal addresses. */
  allow: AllowList;
}

/**
 * POSTs a signed body once, through the outbound client. Redirects are not followed: a webhook URL
 * must answer itself. A failure to get an answer is recorded as `unreachable` whatever its reason
 * (the delivery log is the tenant's to read); `detail` carries the reason for the worker's log.
 */
export async function postWebhook(
  outbound: Outbound,
  hook: Webhook,
  timeoutMs: number,
  now = Date.now(),
): Promise<PostOutcome & { detail?: string }> {
  const timestamp = Math.floor(now / 1000);
  try {
    const response = await outbound.fetch(hook.url, {
      ...webhookRequest(hook, timestamp),
      signal: AbortSignal.timeout(timeoutMs),
      allow: hook.allow,
    });
    await response.body?.cancel();
    return response.ok ? { ok: true, status: response.status } : { ok: false, status: response.status, error: `HTTP ${response.status}` };
  } catch (e) {
    const detail = (e as Error).name === 'TimeoutError' ? `no answer in ${timeoutMs} ms` : (e as Error).message;
    return { ok: false, status: null, error: 'unreachable', detail };
  }
}
