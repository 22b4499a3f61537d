import { describe, expect, it } from 'vitest';
import { alertRules, alerts } from '@vigie/store';
import { type SeededTenant } from '../setup/test-env.ts';
import { useTenants, useTestEnv } from '../setup/use-test-env.ts';
import { startReceiver } from '../setup/webhook-receiver.ts';
import { createRule } from '../setup/alert-rules.ts';

const KEY = Buffer.alloc(32, 7).toString('base64');
const env = useTestEnv({ env: { SECRETS_KEY: KEY } });
const [a, b] = useTenants(env, 'alerts-a', 'alerts-b');

const call = (token: string, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
  env.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload } : {}) });

async function openAlert(tenant: SeededTenant, subjectId: string, severity = 'warning') {
  const rule =
    (await alertRules.list(env.db, tenant.tenantId)).find((r) => r.kind === 'device_offline') ?? (await createRule(env, tenant.tenantId));
  return (await alerts.open(env.db, tenant.tenantId, {
    ruleId: rule.id,
    ruleKind: 'device_offline',
    severity,
    subjectType: 'device',
    subjectId,
    establishmentId: tenant.establishmentId,
    title: `device ${subjectId} silent`,
    details: {},
  }))!;
}

describe('alert rules', () => {
  it('are data per tenant: created with defaults filled, validated with the field named, overridable per establishment', async () => {
    // min_active_seconds is no rule parameter any more (the rollup's active day decides): it is dropped.
    const created = await call(a.operator, 'POST', '/v1/alert-rules', {
      kind: 'device_idle',
      name: 'idle',
      params: { school_days: 8, min_active_seconds: 60 },
      overrides: { [a.establishmentId]: { school_days: 5 } },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json().params).toEqual({ school_days: 8, clear_for_minutes: 60 });
    const bad = await call(a.operator, 'POST', '/v1/alert-rules', { kind: 'device_idle', name: 'idle2', params: { school_days: 0 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('params.school_days');
    const badOverride = await call(a.operator, 'PATCH', `/v1/alert-rules/${created.json().id}`, {
      overrides: { [a.establishmentId]: { school_days: -1 } },
    });
    expect(badOverride.json().error.field).toBe(`overrides.${a.establishmentId}.school_days`);
    const patched = await call(a.operator, 'PATCH', `/v1/alert-rules/${created.json().id}`, { severity: 'critical', enabled: false });
    expect(patched.json()).toMatchObject({ severity: 'critical', enabled: false, params: { school_days: 8 } });
    expect((await call(a.operator, 'POST', '/v1/alert-rules', { kind: 'device_idle', name: 'idle' })).statusCode).toBe(409);
    // Renaming onto a name in use is a conflict on that field, not an internal error.
    const other = await call(a.operator, 'POST', '/v1/alert-rules', { kind: 'device_offline', name: 'offline' });
    const clash = await call(a.operator, 'PATCH', `/v1/alert-rules/${other.json().id}`, { name: 'idle' });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().error).toMatchObject({ code: 'conflict', field: 'name' });
    expect((await call(b.operator, 'GET', `/v1/alert-rules/${created.json().id}`)).statusCode).toBe(404);
    expect((await call(a.operator, 'DELETE', `/v1/alert-rules/${created.json().id}`)).statusCode).toBe(204);
  });
});

describe('alert lifecycle', () => {
  it('one unresolved alert per (rule, subject): opening twice yields one alert', async () => {
    const first = await openAlert(a, 'dup-device');
    const rule = (await alertRules.list(env.db, a.tenantId)).find((r) => r.kind === 'device_offline')!;
    const again = await alerts.open(env.db, a.tenantId, {
      ruleId: rule.id,
      ruleKind: 'device_offline',
      severity: 'warning',
      subjectType: 'device',
      subjectId: 'dup-device',
      establishmentId: null,
      title: 'x',
      details: {},
    });
    expect(first.id).toBeDefined();
    expect(again).toBeUndefined();
  });

  it('acknowledge, snooze and resolve record who and when; resolved is final', async () => {
    const alert = await openAlert(a, 'life-1');
    const ack = await call(a.operator, 'POST', `/v1/alerts/${alert.id}/acknowledge`, { note: 'on it' });
    expect(ack.json().state).toBe('acknowledged');
    const until = new Date(Date.now() + 86_400_000).toISOString();
    const snoozed = await call(a.operator, 'POST', `/v1/alerts/${alert.id}/snooze`, { until });
    expect(snoozed.json()).toMatchObject({ state: 'snoozed', snoozed_until: until });
    expect((await call(a.operator, 'POST', `/v1/alerts/${alert.id}/snooze`, { until: '2000-01-01T00:00:00Z' })).statusCode).toBe(400);
    expect((await call(a.operator, 'POST', `/v1/alerts/${alert.id}/resolve`, {})).json().state).toBe('resolved');
    const twice = await call(a.operator, 'POST', `/v1/alerts/${alert.id}/acknowledge`, {});
    expect(twice.statusCode).toBe(409);
    const detail = (await call(a.operator, 'GET', `/v1/alerts/${alert.id}`)).json();
    expect(detail.history.map((h: { to_state: string; actor_name: string }) => `${h.to_state}:${h.actor_name}`)).toEqual([
      'open:vigie',
      'acknowledged:dsi',
      'snoozed:dsi',
      'resolved:dsi',
    ]);
    expect(detail.history[1].note).toBe('on it');
  });

  it('lists and filters by state, rule, establishment, severity and date; another tenant sees none of it', async () => {
    await openAlert(a, 'filter-crit', 'critical');
    const critical = (await call(a.operator, 'GET', '/v1/alerts?severity=critical')).json();
    expect(critical.items.map((x: { subject_id: string }) => x.subject_id)).toEqual(['filter-crit']);
    const byUai = (await call(a.operator, 'GET', `/v1/alerts?establishment=${a.uai}&state=unresolved&rule_kind=device_offline`)).json();
    expect(byUai.items.length).toBeGreaterThanOrEqual(2);
    expect(byUai.items.every((x: { state: string }) => x.state !== 'resolved')).toBe(true);
    const future = (
      await call(a.operator, 'GET', `/v1/alerts?from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)
    ).json();
    expect(future.items).toEqual([]);
    const paged = (await call(a.operator, 'GET', '/v1/alerts?limit=1')).json();
    const next = (await call(a.operator, 'GET', `/v1/alerts?limit=1&cursor=${paged.next_cursor}`)).json();
    expect(next.items[0].id).not.toBe(paged.items[0].id);
    expect((await call(b.operator, 'GET', '/v1/alerts')).json().items).toEqual([]);
    expect((await call(b.operator, 'POST', `/v1/alerts/${critical.items[0].id}/resolve`, {})).statusCode).toBe(404);
  });
});

describe('notification endpoints', () => {
  it('shows the webhook secret once, sends a signed test notification and logs the delivery', async () => {
    const receiver = await startReceiver();
    try {
      const created = await call(a.operator, 'POST', '/v1/notification-endpoints', { kind: 'webhook', name: 'soc', url: receiver.url });
      expect(created.statusCode).toBe(201);
      const secret = created.json().secret as string;
      expect(secret).toMatch(/^whsec_/);
      receiver.setSecret(secret);
      const listed = (await call(a.operator, 'GET', '/v1/notification-endpoints')).json();
      expect(JSON.stringify(listed)).not.toContain(secret);
      const sent = await call(a.operator, 'POST', `/v1/notification-endpoints/${created.json().id}/test`);
      expect(sent.json()).toMatchObject({ kind: 'test', status: 'delivered', attempts: 1, last_status: 204 });
      expect(receiver.accepted).toHaveLength(1);
      expect(receiver.accepted[0]!.verified).toBe(true);
      expect(JSON.parse(receiver.accepted[0]!.body)).toMatchObject({ version: 1, type: 'test', tenant_id: a.tenantId });
      const log = (await call(a.operator, 'GET', `/v1/notification-endpoints/${created.json().id}/deliveries`)).json();
      expect(log.items).toHaveLength(1);
      expect((await call(b.operator, 'POST', `/v1/notification-endpoints/${created.json().id}/test`)).statusCode).toBe(404);
    } finally {
      await receiver.close();
    }
  });

  it('records a failed test with its error, and re-enables an endpoint by PATCH', async () => {
    const receiver = await startReceiver({ failFirst: 1 });
    try {
      const created = (
        await call(a.operator, 'POST', '/v1/notification-endpoints', { kind: 'webhook', name: 'flaky', url: receiver.url })
      ).json();
      const sent = (await call(a.operator, 'POST', `/v1/notification-endpoints/${created.id}/test`)).json();
      expect(sent).toMatchObject({ status: 'failed', last_status: 500, last_error: 'HTTP 500' });
      const enabled = (await call(a.operator, 'PATCH', `/v1/notification-endpoints/${created.id}`, { enabled: true })).json();
      expect(enabled).toMatchObject({ enabled: true, consecutive_failures: 0, disabled_reason: null });
    } finally {
      await receiver.close();
    }
  });
});
