import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { secretBox } from '@vigie/store';
import { sendDigest } from '../../services/worker/src/alerts/send-digest.ts';
import { waitFor } from '../setup/test-env.ts';
import { useTenants, useTestEnv } from '../setup/use-test-env.ts';
import { baseTime, heartbeat, inventory } from '../setup/events.ts';
import { pushAndWait } from '../setup/push.ts';
import { queuesDrained } from '../setup/queues-drained.ts';
import { startReceiver } from '../setup/webhook-receiver.ts';
import { evaluateAlertsNow } from '../setup/alert-evaluation.ts';
import { createRule } from '../setup/alert-rules.ts';

// Short backoff so retries happen within the test; one failed delivery disables an endpoint. Two workers.
const env = useTestEnv({
  env: {
    SECRETS_KEY: Buffer.alloc(32, 3).toString('base64'),
    WEBHOOK_BACKOFF_MS: '100',
    WEBHOOK_MAX_ATTEMPTS: '4',
    WEBHOOK_DISABLE_AFTER: '1',
  },
  worker: true,
});
const [t] = useTenants(env, 'hooks');

beforeAll(async () => {
  await env.startWorker();
});

const call = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
  env.app.inject({ method, url, headers: { authorization: `Bearer ${t.operator}` }, ...(payload ? { payload } : {}) });

const evaluate = () => evaluateAlertsNow(env, t.tenantId);

describe('webhook delivery', () => {
  it('one alert opening yields exactly one verified delivery per endpoint, through failures, retries and two workers', async () => {
    const receiver = await startReceiver({ failFirst: 2 });
    const other = await startReceiver();
    try {
      const hook = (await call('POST', '/v1/notification-endpoints', { kind: 'webhook', name: 'soc', url: receiver.url })).json();
      receiver.setSecret(hook.secret);
      const second = (
        await call('POST', '/v1/notification-endpoints', { kind: 'webhook', name: 'ticketing', url: other.url, min_severity: 'warning' })
      ).json();
      other.setSecret(second.secret);
      const old = baseTime(20);
      await pushAndWait(env, t, [inventory('silent', old), heartbeat('silent', old, 5)], 'jamf');
      await createRule(env, t.tenantId, { severity: 'critical' });
      await evaluate();
      await evaluate();
      // Drained queues: every delivery and retry has run, so a second delivery would be here by now.
      await queuesDrained(env);
      expect(receiver.requests).toBe(3);
      expect(receiver.accepted).toHaveLength(1);
      expect(receiver.accepted[0]!.verified).toBe(true);
      const body = JSON.parse(receiver.accepted[0]!.body);
      expect(body).toMatchObject({
        version: 1,
        type: 'alert.opened',
        tenant_id: t.tenantId,
        alert: { rule_kind: 'device_offline', severity: 'critical', state: 'open' },
      });
      expect(receiver.accepted[0]!.delivery).toBe(body.id);
      expect(other.accepted).toHaveLength(1);
      const log = (await call('GET', `/v1/notification-endpoints/${hook.id}/deliveries`)).json();
      expect(log.items).toHaveLength(1);
      expect(log.items[0]).toMatchObject({ kind: 'alert', status: 'delivered', attempts: 3, last_status: 204, last_error: null });
    } finally {
      await receiver.close();
      await other.close();
    }
  });

  it('an endpoint that keeps failing is disabled, says why, and is re-enabled by API', async () => {
    const receiver = await startReceiver({ failFirst: 1_000 });
    try {
      const hook = (await call('POST', '/v1/notification-endpoints', { kind: 'webhook', name: 'down', url: receiver.url })).json();
      await createRule(env, t.tenantId, { name: 'offline-2', severity: 'info' });
      await evaluate();
      await waitFor(
        async () =>
          (await call('GET', '/v1/notification-endpoints'))
            .json()
            .items.some((e: { id: string; enabled: boolean }) => e.id === hook.id && !e.enabled),
        20_000,
        'endpoint disabled',
      );
      const endpoint = (await call('GET', '/v1/notification-endpoints')).json().items.find((e: { id: string }) => e.id === hook.id);
      expect(endpoint.disabled_reason).toContain('HTTP 500');
      const log = (await call('GET', `/v1/notification-endpoints/${hook.id}/deliveries`)).json();
      expect(log.items[0]).toMatchObject({ status: 'failed', attempts: 4, last_error: 'HTTP 500' });
      expect(receiver.requests).toBe(4);
      const enabled = (await call('PATCH', `/v1/notification-endpoints/${hook.id}`, { enabled: true })).json();
      expect(enabled).toMatchObject({ enabled: true, disabled_reason: null, consecutive_failures: 0 });
    } finally {
      await receiver.close();
    }
  });

  it('sends one daily digest per endpoint and day, counting by rule and establishment, however often the tick runs', async () => {
    const receiver = await startReceiver();
    try {
      const hook = (
        await call('POST', '/v1/notification-endpoints', { kind: 'webhook', name: 'digest', url: receiver.url, min_severity: 'critical' })
      ).json();
      receiver.setSecret(hook.secret);
      // "Yesterday" seen from tomorrow is today, when this file's alerts opened.
      const tomorrow = new Date(Date.now() + 86_400_000);
      await sendDigest(env.db, env.queues, env.config, t.tenantId, tomorrow);
      await sendDigest(env.db, env.queues, env.config, t.tenantId, tomorrow);
      await queuesDrained(env);
      expect(receiver.accepted).toHaveLength(1);
      expect(receiver.accepted[0]!.verified).toBe(true);
      const body = JSON.parse(receiver.accepted[0]!.body);
      expect(body).toMatchObject({
        version: 1,
        type: 'digest',
        digest: { opened: 2, by_rule: { device_offline: { opened: 2 } }, by_establishment: { [t.uai]: { opened: 2 } } },
      });
    } finally {
      await receiver.close();
    }
  });

  it('a secret this SECRETS_KEY cannot open fails its delivery at once, saying so, without retrying or posting', async () => {
    const receiver = await startReceiver();
    try {
      const hook = (await call('POST', '/v1/notification-endpoints', { kind: 'webhook', name: 'rekeyed', url: receiver.url })).json();
      // As if SECRETS_KEY had changed since the endpoint was created.
      const sealedElsewhere = secretBox.seal(Buffer.alloc(32, 9), 'whsec_old');
      await sql`UPDATE notification_endpoints SET secret = ${sealedElsewhere} WHERE tenant_id = ${t.tenantId} AND id = ${hook.id}`.execute(
        env.db,
      );
      await sendDigest(env.db, env.queues, env.config, t.tenantId, new Date(Date.now() + 86_400_000));
      await waitFor(
        async () => (await call('GET', `/v1/notification-endpoints/${hook.id}/deliveries`)).json().items[0]?.status === 'failed',
        15_000,
        'the failed delivery',
      );
      const log = (await call('GET', `/v1/notification-endpoints/${hook.id}/deliveries`)).json();
      expect(log.items).toHaveLength(1);
      expect(log.items[0]).toMatchObject({ kind: 'digest', status: 'failed', attempts: 1, last_status: null });
      expect(log.items[0].last_error).toContain('check SECRETS_KEY');
      expect(receiver.requests).toBe(0);
    } finally {
      await receiver.close();
    }
  });
});
