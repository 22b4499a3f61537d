import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { useTenants, useTestEnv } from '../setup/use-test-env.ts';
import { appUsage, baseTime, heartbeat, inventory } from '../setup/events.ts';
import { pushAndWait } from '../setup/push.ts';

// Raw check-ins are kept CHECK_IN_RETENTION_DAYS (8 by default) and raw app sessions
// APP_SESSION_RETENTION_DAYS (35): long enough to tell one sent again from a new one. An older one is
// still accepted (up to OBSERVATION_RETENTION_DAYS) and sets its quarter hours, never a count.

const env = useTestEnv({ env: { CHECK_IN_RETENTION_DAYS: '8', APP_SESSION_RETENTION_DAYS: '35' }, worker: true });
const [tenant] = useTenants(env, 'check-in-retention');

async function day(deviceSerial: string, date: Date) {
  const r = await sql<{ heartbeats: number; usage_seconds: number; slots: number; presence: string; starts: string | null }>`
    SELECT dd.heartbeats, dd.usage_seconds, bit_count(dd.presence)::int AS slots, dd.presence::text AS presence,
           dd.session_starts::text AS starts
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

const appDays = async () =>
  (
    await sql<{ day: string; app_id: string; seconds: number; sessions: number }>`
    SELECT day::text AS day, app_id, seconds, sessions FROM app_days WHERE tenant_id = ${tenant.tenantId} ORDER BY 1, 2`.execute(env.db)
  ).rows;

describe('app sessions', () => {
  it('newer ones are kept raw, summed per device, day and app, with the quarter hour each started in; a replay counts once', async () => {
    const recent = baseTime(20);
    const events = [
      appUsage('cr-2', recent, 0, 600),
      appUsage('cr-2', recent, 30, 300),
      appUsage('cr-2', recent, 60, 60, 'org.mozilla.firefox'),
    ];
    await pushAndWait(env, tenant, [inventory('cr-2', baseTime(1)), ...events]);
    await pushAndWait(env, tenant, events);
    const date = recent.toISOString().slice(0, 10);
    expect(await appDays()).toEqual([
      { day: date, app_id: 'fr.ent.monlycee', seconds: 900, sessions: 2 },
      { day: date, app_id: 'org.mozilla.firefox', seconds: 60, sessions: 1 },
    ]);
    const d = await day('SN-cr-2', recent);
    expect(d).toMatchObject({ usage_seconds: 960 });
    // 11:00, 11:30 and 12:00 in Paris (10:00Z and after, winter or summer time: one or two hours on).
    expect([...d!.starts!].filter((b) => b === '1')).toHaveLength(3);
  });

  it('older ones set their quarter hours (covered and started in) only: no row, no seconds, however often sent', async () => {
    const old = baseTime(50);
    const events = [appUsage('cr-3', old, 0, 1800)];
    await pushAndWait(env, tenant, [inventory('cr-3', baseTime(1)), ...events]);
    const first = await day('SN-cr-3', old);
    expect(first).toMatchObject({ usage_seconds: 0, slots: 3 });
    expect([...first!.starts!].filter((b) => b === '1')).toHaveLength(1);
    await pushAndWait(env, tenant, events);
    expect(await day('SN-cr-3', old)).toEqual(first);
    expect((await appDays()).filter((a) => a.day === old.toISOString().slice(0, 10))).toEqual([]);
  });
});
