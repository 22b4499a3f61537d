import { beforeAll, describe, expect, it } from 'vitest';
import { alertRules, alerts, notificationDeliveries } from '@vigie/store';
import { applyFirings } from '../../services/worker/src/alerts/apply-firings.ts';
import { evaluateRule } from '../../services/worker/src/alerts/evaluate-rule.ts';
import { loadFacts } from '../../services/worker/src/alerts/load-facts.ts';
import { sweepDeliveries } from '../../services/worker/src/jobs/sweep-deliveries.ts';
import { seedTenant, waitFor, type SeededTenant } from '../setup/test-env.ts';
import { useTestEnv } from '../setup/use-test-env.ts';
import { baseTime, heartbeat, inventory } from '../setup/events.ts';
import { pushAndWait } from '../setup/push.ts';
import { startReceiver } from '../setup/webhook-receiver.ts';
import { createRule } from '../setup/alert-rules.ts';

const env = useTestEnv({ env: { SECRETS_KEY: Buffer.alloc(32, 5).toString('base64'), WEBHOOK_BACKOFF_MS: '100' }, worker: true });
let t: SeededTenant;

beforeAll(async () => {
  await env.startWorker();
  t = await seedTenant(env, 'outbox');
});

const call = (method: 'GET' | 'POST', url: string, payload?: object) =>
  env.app.inject({ method, url, headers: { authorization: `Bearer ${t.operator}` }, ...(payload ? { payload } : {}) });

describe('notification outbox', () => {
  it('an alert opened by a worker that dies before queueing is notified exactly once, by the sweeper', async () => {
    const receiver = await startReceiver({ failFirst: 1 });
    try {
      const hook = (await call('POST', '/v1/notification-endpoints', { kind: 'webhook', name: 'soc', url: receiver.url })).json();
      receiver.setSecret(hook.secret);
      const old = baseTime(20);
      await pushAndWait(env, t, [inventory('silent', old), heartbeat('silent', old, 5)], 'jamf');
      const rule = await createRule(env, t.tenantId, { severity: 'critical' });

      // The evaluation's store step commits the alert and what it owes; the worker "dies" before queueing.
      const now = new Date();
      const facts = await loadFacts(env.db, t.tenantId, [rule], now, env.config.defaultTimeZone);
      const applied = await applyFirings(
        env.db,
        env.config,
        t.tenantId,
        rule,
        evaluateRule({ kind: 'device_offline', params: rule.params, overrides: {} }, facts),
        now,
      );
      expect(applied.opened).toHaveLength(1);
      expect(applied.deliveries).toHaveLength(1);
      const [deliveryId] = applied.deliveries;
      expect(await notificationDeliveries.find(env.db, t.tenantId, deliveryId!)).toMatchObject({
        status: 'pending',
        attempts: 0,
        alert_id: applied.opened[0]!.id,
      });
      expect(await env.queues.deliverWebhook.getJob(`deliver-${deliveryId}`)).toBeUndefined();

      // Not yet stale: the sweeper leaves it to the worker that recorded it.
      expect(await sweepDeliveries(env.db, env.queues, env.config, new Date(now.getTime() - 60_000))).toEqual({ checked: 0, requeued: 0 });
      // Later: the sweeper queues it; sweeping again while its job waits, runs or backs off queues nothing more.
      const later = new Date(Date.now() + 1_000);
      expect(await sweepDeliveries(env.db, env.queues, env.config, later)).toMatchObject({ requeued: 1 });
      expect(await sweepDeliveries(env.db, env.queues, env.config, later)).toMatchObject({ requeued: 0 });
      await waitFor(
        async () => (await notificationDeliveries.find(env.db, t.tenantId, deliveryId!))?.status === 'delivered',
        20_000,
        'the delivery',
      );
      expect(await sweepDeliveries(env.db, env.queues, env.config, new Date(Date.now() + 1_000))).toEqual({ checked: 0, requeued: 0 });

      expect(receiver.requests).toBe(2);
      expect(receiver.accepted).toHaveLength(1);
      expect(receiver.accepted[0]!.verified).toBe(true);
      const body = JSON.parse(receiver.accepted[0]!.body);
      expect(body).toMatchObject({
        type: 'alert.opened',
        alert: { id: applied.opened[0]!.id, rule_kind: 'device_offline', severity: 'critical' },
      });
      expect(receiver.accepted[0]!.delivery).toBe(body.id);
      expect(await notificationDeliveries.find(env.db, t.tenantId, deliveryId!)).toMatchObject({ status: 'delivered', attempts: 2 });
    } finally {
      await receiver.close();
    }
  });

  it('an opening that rolls back owes nothing: no alert, no delivery', async () => {
    const rule = (await alertRules.list(env.db, t.tenantId)).find((r) => r.name === 'offline')!;
    const candidate = {
      ruleId: rule.id,
      ruleKind: rule.kind,
      severity: 'critical',
      subjectType: 'device',
      subjectId: 'crashing',
      establishmentId: null,
      title: 'x',
      details: {},
    };
    await expect(
      alerts.open(env.db, t.tenantId, candidate, async () => {
        throw new Error('the worker dies inside the transaction');
      }),
    ).rejects.toThrow('dies');
    expect(await alerts.list(env.db, t.tenantId, { ruleId: rule.id, limit: 10 })).toHaveLength(1);
    expect(await notificationDeliveries.listStale(env.db, new Date(Date.now() + 60_000), 10)).toEqual([]);
  });
});
