import { describe, expect, it } from 'vitest';
import { heartbeats } from '@vigie/store';
import { useTenants, useTestEnv } from '../setup/use-test-env.ts';
import { baseTime, dailyActivity, heartbeat, inventory } from '../setup/events.ts';
import { pushAndWait } from '../setup/push.ts';

const env = useTestEnv({ worker: true });
const [tenant] = useTenants(env, 'identity');
const base = baseTime(1);

/** Pushes one batch and waits until the worker stored it (batches go one at a time here). */
const push = (source: string, events: unknown[]) => pushAndWait(env, tenant, events, source);

async function devicesMatching(q: string) {
  const res = await env.app.inject({
    url: `/v1/devices?q=${encodeURIComponent(q)}`,
    headers: { authorization: `Bearer ${tenant.operator}` },
  });
  return res.json().items as { id: string; serial: string | null; provisional: boolean; model: string | null; os_version: string | null }[];
}

async function detail(id: string) {
  return (await env.app.inject({ url: `/v1/devices/${id}`, headers: { authorization: `Bearer ${tenant.operator}` } })).json();
}

describe('one device per real device', () => {
  it('keeps heartbeats of a device not yet inventoried, then completes it when the inventory arrives', async () => {
    await push('jamf', [heartbeat('early', base, 0), heartbeat('early', base, 5)]);
    const all = (await env.app.inject({ url: '/v1/devices', headers: { authorization: `Bearer ${tenant.operator}` } })).json().items;
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ provisional: true, serial: null });
    await push('jamf', [inventory('early', base, { serial: 'EARLY-001', model: 'iPad 10' })]);
    const [device] = await devicesMatching('EARLY-001');
    expect(device).toMatchObject({ id: all[0].id, provisional: false, model: 'iPad 10' });
    expect((await detail(device!.id)).days[0].heartbeats).toBe(2);
  });

  it('resolves the same serial from a second source, and a re-enrolment under a new id, to one device', async () => {
    await push('intune', [inventory('intune-1', base, { serial: 'PF-3X9K2', kind: 'laptop' })]);
    await push('glpi', [inventory('glpi-77', base, { serial: ' pf-3x9k2 ', kind: 'laptop' })]);
    await push('intune', [inventory('intune-1-reenrolled', base, { serial: 'PF-3X9K2', kind: 'laptop' })]);
    const found = await devicesMatching('PF-3X9K2');
    expect(found).toHaveLength(1);
    const sources = (await detail(found[0]!.id)).sources.map(
      (s: { source: string; external_id: string }) => `${s.source}/${s.external_id}`,
    );
    expect(sources.sort()).toEqual(['glpi/glpi-77', 'intune/intune-1', 'intune/intune-1-reenrolled']);
  });

  it('merges a provisional device into the device that already holds its serial', async () => {
    await push('google', [inventory('cros-1', base, { serial: 'NXHX1234', kind: 'chromebook' }), heartbeat('cros-1', base, 1)]);
    await push('glpi', [heartbeat('glpi-cros', base, 2), heartbeat('glpi-cros', base, 3)]);
    await push('glpi', [inventory('glpi-cros', base, { serial: 'NXHX1234', kind: 'chromebook' })]);
    const found = await devicesMatching('NXHX1234');
    expect(found).toHaveLength(1);
    const merged = await detail(found[0]!.id);
    expect(merged.sources).toHaveLength(2);
    expect(merged.days[0].heartbeats).toBe(3);
    const total = (await env.app.inject({ url: '/v1/devices?limit=500', headers: { authorization: `Bearer ${tenant.operator}` } })).json()
      .items.length;
    expect(total).toBe(3);
  });

  it('never merges devices on placeholder serials', async () => {
    const placeholders = ['Default string', '0', 'To be filled by O.E.M.', 'unknown', '', '0000000000'];
    await push(
      'glpi',
      placeholders.map((serial, i) => inventory(`pc-${i}`, base, { serial, kind: 'desktop', model: 'PLACEHOLDER-PC' })),
    );
    expect(await devicesMatching('PLACEHOLDER-PC')).toHaveLength(placeholders.length);
  });

  it('keeps the newest inventory when an older one arrives late', async () => {
    await push('jamf', [
      inventory('late', base, { serial: 'LATE-1', os_version: '17.5', observed_at: new Date(base.getTime() + 3_600_000).toISOString() }),
    ]);
    await push('jamf', [inventory('late', base, { serial: 'LATE-1', os_version: '16.1' })]);
    const [device] = await devicesMatching('LATE-1');
    expect(device!.os_version).toBe('17.5');
  });

  it('keeps the newest measured active time of a day whatever the arrival order', async () => {
    await push('google', [inventory('cros-m', base, { serial: 'CROSM-1', kind: 'chromebook' })]);
    await push('google', [dailyActivity('cros-m', base, 3_000, 700)]);
    await push('google', [dailyActivity('cros-m', base, 1_200, 650)]);
    const [device] = await devicesMatching('CROSM-1');
    expect((await detail(device!.id)).days[0]).toMatchObject({ measured_seconds: 3_000, active_seconds: 3_000, signal: 'measured' });
    expect(await heartbeats.count(env.db, tenant.tenantId)).toBe(5);
  });
});
