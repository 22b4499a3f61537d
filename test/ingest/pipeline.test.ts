import { describe, expect, it } from 'vitest';
import { appUsage, deviceDays, fleetSummary, heartbeats, ingestBatches } from '@vigie/store';
import { seedTenant, waitFor, type SeededTenant } from '../setup/test-env.ts';
import { useTestEnv } from '../setup/use-test-env.ts';
import { baseTime, chunk, fleetEvents, shuffled } from '../setup/events.ts';
import { postEvents } from '../setup/push.ts';

const env = useTestEnv({ worker: true });

const push = (token: string, events: unknown[]) => postEvents(env, token, events, 'jamf');

async function allStored(tenant: SeededTenant) {
  await waitFor(
    async () => {
      const counts = await ingestBatches.countByStatus(env.db, tenant.tenantId);
      return !counts.accepted && Boolean(counts.stored);
    },
    30_000,
    'every batch stored',
  );
}

async function snapshot(tenant: SeededTenant) {
  const summary = await fleetSummary.read(env.db, tenant.tenantId, new Date());
  return {
    devices: summary.total,
    heartbeats: await heartbeats.count(env.db, tenant.tenantId),
    sessions: await appUsage.count(env.db, tenant.tenantId),
    days: await deviceDays.totals(env.db, tenant.tenantId),
  };
}

describe('push ingestion through the worker', () => {
  const base = baseTime(2);
  const events = fleetEvents(30, base, 12);

  it('stores pushed events and serves them over REST', async () => {
    const tenant = await seedTenant(env, 'pipeline-a');
    for (const batch of chunk(events, 100)) expect((await push(tenant.connector, batch)).statusCode).toBe(202);
    await allStored(tenant);

    const list = await env.app.inject({ url: '/v1/devices?limit=500', headers: { authorization: `Bearer ${tenant.operator}` } });
    expect(list.statusCode).toBe(200);
    const devices = list.json().items as { id: string; serial: string; establishment_uai: string; provisional: boolean }[];
    expect(devices).toHaveLength(30);
    expect(devices.every((d) => d.establishment_uai === '0770934X' && !d.provisional)).toBe(true);

    const one = await env.app.inject({ url: `/v1/devices/${devices[0]!.id}`, headers: { authorization: `Bearer ${tenant.operator}` } });
    const detail = one.json();
    expect(detail.sources).toEqual([expect.objectContaining({ source: 'jamf' })]);
    expect(detail.days).toHaveLength(1);
    expect(detail.days[0]).toMatchObject({ heartbeats: 12, usage_seconds: 720, active_seconds: 720, signal: 'usage' });

    const day = base.toISOString().slice(0, 10);
    const daily = await env.app.inject({
      url: `/v1/establishments/0770934X/daily?from=${day}&to=${day}`,
      headers: { authorization: `Bearer ${tenant.operator}` },
    });
    expect(daily.json().days).toEqual([expect.objectContaining({ day, online_devices: 30, active_devices: 30, usage: 30 })]);

    const summary = await env.app.inject({ url: '/v1/fleet/summary', headers: { authorization: `Bearer ${tenant.operator}` } });
    expect(summary.json()).toMatchObject({ total: 30, by_kind: { tablet: 30 }, by_status: { in_service: 30 } });
  });

  it('a batch sent three times, in shuffled order, counts exactly once', async () => {
    const once = await seedTenant(env, 'pipeline-once', '0770935Y');
    const thrice = await seedTenant(env, 'pipeline-thrice', '0770935Y');
    const move = (list: Record<string, unknown>[]) =>
      list.map((e) => (e.type === 'inventory' ? { ...e, establishment_uai: '0770935Y' } : e));
    for (const batch of chunk(move(events), 100)) await push(once.connector, batch);
    const replayed = shuffled([...move(events), ...move(events), ...move(events)], 7);
    for (const batch of chunk(replayed, 100)) expect((await push(thrice.connector, batch)).statusCode).toBe(202);
    await allStored(once);
    await allStored(thrice);

    const expected = await snapshot(once);
    expect(expected).toMatchObject({
      devices: 30,
      heartbeats: 360,
      sessions: 60,
      days: { rows: 30, heartbeats: 360, usage_seconds: 30 * 720 },
    });
    expect(await snapshot(thrice)).toEqual(expected);
  });
});
