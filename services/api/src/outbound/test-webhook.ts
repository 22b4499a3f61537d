import type { FastifyBaseLogger } from 'fastify';
import { webhookRequest } from '@vigie/contracts';
import type { RouteDeps } from '../app-deps.ts';
import { tenantAllowList } from './refuse-internal.ts';

const TEST_TIMEOUT_MS = 10_000;

export interface TestOutcome {
  outcome: 'delivered' | 'http_error' | 'unreachable';
  status: number | null;
}

/**
 * Posts a signed test body once, through the outbound client. Every failure to get an answer
 * (refused, timed out, no DNS answer, TLS, an internal address) is the same `unreachable`: the
 * reason goes to the log only, so the route tells nobody which hosts and ports exist.
 */
export async function testWebhook(
  deps: RouteDeps,
  tenantId: string,
  hook: { url: string; secret: string; deliveryId: string; body: string },
  log: FastifyBaseLogger,
): Promise<TestOutcome> {
  const allow = await tenantAllowList(deps.db, tenantId);
  const timestamp = Math.floor(Date.now() / 1000);
  try {
    const response = await deps.outbound.fetch(hook.url, {
      ...webhookRequest(hook, timestamp),
      signal: AbortSignal.timeout(TEST_TIMEOUT_MS),
      allow,
    });
    await response.body?.cancel();
    return { outcome: response.ok ? 'delivered' : 'http_error', status: response.status };
  } catch (error) {
    log.info({ err: error, tenantId }, 'test webhook unreachable');
    return { outcome: 'unreachable', status: null };
  }
}
