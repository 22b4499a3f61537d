import { signWebhook, WebhookHeaders } from '@vigie/contracts';

export type PostOutcome = { ok: true; status: number } | { ok: false; status: number | null; error: string };

/** POSTs a signed body once. Redirects are not followed: a webhook URL must answer itself. */
export async function postWebhook(url: string, secret: string, deliveryId: string, body: string, timeoutMs: number, now = Date.now()): Promise<PostOutcome> {
  const timestamp = Math.floor(now / 1000);
  try {
    const response = await fetch(url, {
      method: 'POST', body, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs),
      headers: {
        'content-type': 'application/json', 'user-agent': 'vigie-webhooks/1',
        [WebhookHeaders.timestamp]: String(timestamp), [WebhookHeaders.signature]: signWebhook(secret, timestamp, body), [WebhookHeaders.delivery]: deliveryId,
      },
    });
    await response.body?.cancel();
    return response.ok ? { ok: true, status: response.status } : { ok: false, status: response.status, error: `HTTP ${response.status}` };
  } catch (e) {
    const error = (e as Error).name === 'TimeoutError' ? `no answer in ${timeoutMs} ms` : `unreachable: ${(e as Error).message}`;
    return { ok: false, status: null, error };
  }
}
