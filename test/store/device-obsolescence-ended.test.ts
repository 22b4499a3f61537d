import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { deviceObsolescence } from '@vigie/store';
import { useTenants, useTestEnv } from '../setup/use-test-env.ts';

// device_obsolescence_ended (migrations/0076) is written by row triggers on device_obsolescence,
// whoever writes it: a deleted flag, or one whose applies_from moved, is kept with the local day it
// ended on; the daily rewrite of the same flag leaves nothing, and a flag deleted with its device
// goes with it.

const env = useTestEnv();
const [t] = useTenants(env, 'flags-ended');

async function newDevice(serial: string) {
  const r = await sql<{ id: string }>`INSERT INTO devices (tenant_id, serial, provisional, establishment_id, first_seen)
    VALUES (${t.tenantId}, ${serial}, false, ${t.establishmentId}, now()) RETURNING id`.execute(env.db);
  return r.rows[0]!.id;
}

async function ended(deviceId: string) {
  const r = await sql<{ reason: string; applies_from: string; ended_today: boolean }>`
    SELECT reason, applies_from::text AS applies_from, ended_on = (now() AT TIME ZONE 'Europe/Paris')::date AS ended_today
    FROM device_obsolescence_ended WHERE tenant_id = ${t.tenantId} AND device_id = ${deviceId} ORDER BY applies_from`.execute(env.db);
  return r.rows;
}

const flag = (deviceId: string, reason: string, appliesFrom: string) => ({ deviceId, reason, appliesFrom, detail: reason });

describe('device_obsolescence_ended', () => {
  it('keeps a flag the evaluation drops, and the old date of a flag whose date moved, but not a rewrite', async () => {
    const id = await newDevice('E1');
    await deviceObsolescence.upsertMany(
      env.db,
      t.tenantId,
      [flag(id, 'battery', '2026-10-01'), flag(id, 'age', '2027-09-01')],
      new Date(1000),
    );
    // The next evaluations: the same flags (only detail and evaluated_at change), then age dated later.
    await deviceObsolescence.upsertMany(
      env.db,
      t.tenantId,
      [flag(id, 'battery', '2026-10-01'), flag(id, 'age', '2027-09-01')],
      new Date(2000),
    );
    expect(await ended(id)).toEqual([]);
    await deviceObsolescence.upsertMany(env.db, t.tenantId, [flag(id, 'age', '2028-09-01')], new Date(3000));
    expect(await deviceObsolescence.deleteStale(env.db, t.tenantId, new Date(3000))).toBe(1);
    expect(await ended(id)).toEqual([
      { reason: 'battery', applies_from: '2026-10-01', ended_today: true },
      { reason: 'age', applies_from: '2027-09-01', ended_today: true },
    ]);
  });

  it('lets a device with flags, ended or not, be deleted, and takes them with it', async () => {
    const id = await newDevice('E2');
    await deviceObsolescence.upsertMany(
      env.db,
      t.tenantId,
      [flag(id, 'battery', '2026-10-01'), flag(id, 'storage', '2026-10-02')],
      new Date(1000),
    );
    await deviceObsolescence.upsertMany(env.db, t.tenantId, [flag(id, 'storage', '2026-10-02')], new Date(2000));
    await deviceObsolescence.deleteStale(env.db, t.tenantId, new Date(2000));
    expect(await ended(id)).toHaveLength(1);
    await sql`DELETE FROM devices WHERE tenant_id = ${t.tenantId} AND id = ${id}`.execute(env.db);
    expect(await ended(id)).toEqual([]);
  });
});
