import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { useTenants, useTestEnv } from '../setup/use-test-env.ts';
import { baseTime, heartbeat, inventory } from '../setup/events.ts';
import { pushAndWait } from '../setup/push.ts';

// Raw check-ins are kept CHECK_IN_RETENTION_DAYS (8 by default): long enough to tell a check-in
// sent again from a new one. An older check-in is still accepted (up to OBSERVATION_RETENTION_DAYS)
// and sets its quarter hour, which is all a rollup reads of it.

const env = useTestEnv({ env: { CHECK_IN_RETENTION_DAYS: '8' }, worker: true });
const [tenant] = useTenants(env, 'check-in-retention');

async function day(deviceSerial: string, date: Date) {
  const r = await sql<{ heartbeats: number; slots: number; presence: string }>`
    SELECT dd.heartbeats, bit_count(dd.presence)::int AS slots, dd.presence::text AS presence
    FROM device_days dd JOIN devices d ON d.tenant_id = dd.tenant_id AND d.id = dd.device_id
    WHERE dd.tenant_id = ${tenant.tenantId} AND d.serial = ${deviceSerial} AND dd.day = ${date.toISOString().slice(0, 10)}::date`.execute(
    env.db,
  );
  return r.rows[0];
}

const rawRows = async () =>
  (await sql<{ n: number }>`SELECT count(*)::int AS n FROM heartbeats WHERE tenant_id = ${tenant.tenantId}`.execute(env.db)).rows[0]!.n;

describe('check-ins past the raw ones kept', () => {
  it('set their quarter hours and keep no row; sent again, they change nothing', async () => {
    const old = baseTime(20);
    const events = [inventory('cr-1', baseTime(1)), heartbeat('cr-1', old, 0), heartbeat('cr-1', old, 15), heartbeat('cr-1', old, 30)];
    await pushAndWait(env, tenant, events);
    const first = await day('SN-cr-1', old);
    // 10:00, 10:15 and 10:30 UTC are three quarter hours of the Paris day.
    expect(first).toMatchObject({ slots: 3, heartbeats: 0 });
    expect(await rawRows()).toBe(0);
    await pushAndWait(env, tenant, events.slice(1));
    expect(await day('SN-cr-1', old)).toEqual(first);
  });

  it('newer check-ins are kept raw and a replay of them counts once', async () => {
    const recent = baseTime(2);
    const events = [heartbeat('cr-1', recent, 0), heartbeat('cr-1', recent, 1)];
    await pushAndWait(env, tenant, events);
    await pushAndWait(env, tenant, events);
    expect(await day('SN-cr-1', recent)).toMatchObject({ slots: 1, heartbeats: 2 });
    expect(await rawRows()).toBe(2);
  });
});
