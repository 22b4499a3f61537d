import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { useTenants, useTestEnv } from '../setup/use-test-env.ts';

// device_history (migrations/0072) is written by row triggers on devices, whoever writes them: a
// row from the day a device was first seen, one per later local day its status, kind, assignment or
// establishment changed on, nothing for a check-in, and the values the device had at the end of its
// creating transaction as its first state.

const env = useTestEnv();
const [t] = useTenants(env, 'device-history');

async function history(serial: string) {
  const r = await sql<{ valid_on: string; kind: string; status: string; establishment: boolean }>`
    SELECT h.valid_on::text AS valid_on, h.kind, h.status, h.establishment_id IS NOT NULL AS establishment
    FROM device_history h JOIN devices d ON d.tenant_id = h.tenant_id AND d.id = h.device_id
    WHERE d.tenant_id = ${t.tenantId} AND d.serial = ${serial} ORDER BY h.valid_on`.execute(env.db);
  return r.rows;
}

const today = async () =>
  (await sql<{ d: string }>`SELECT (now() AT TIME ZONE 'Europe/Paris')::date::text AS d`.execute(env.db)).rows[0]!.d;

describe('device_history', () => {
  it('holds a device created and inventoried in one transaction from its first sighting, as it ended', async () => {
    await env.db.transaction().execute(async (trx) => {
      await sql`INSERT INTO devices (tenant_id, serial, provisional, first_seen) VALUES (${t.tenantId}, 'H1', false, '2026-10-05T08:00:00Z')`.execute(
        trx,
      );
      await sql`UPDATE devices SET kind = 'laptop', establishment_id = ${t.establishmentId}
                WHERE tenant_id = ${t.tenantId} AND serial = 'H1'`.execute(trx);
    });
    expect(await history('H1')).toEqual([{ valid_on: '2026-10-05', kind: 'laptop', status: 'in_service', establishment: true }]);
  });

  it('gives a device created by a check-in its first inventory, in a later transaction, as its state from the start', async () => {
    await sql`INSERT INTO devices (tenant_id, serial, first_seen) VALUES (${t.tenantId}, 'H2', '2026-10-05T08:00:00Z')`.execute(env.db);
    // As a batch applies an inventory (resolve-devices.ts): no longer provisional, then the attributes it wins.
    await env.db.transaction().execute(async (trx) => {
      await sql`UPDATE devices SET provisional = false, inventory_observed_at = now() WHERE tenant_id = ${t.tenantId} AND serial = 'H2'`.execute(
        trx,
      );
      await sql`UPDATE devices SET kind = 'tablet', establishment_id = ${t.establishmentId} WHERE tenant_id = ${t.tenantId} AND serial = 'H2'`.execute(
        trx,
      );
    });
    expect(await history('H2')).toEqual([{ valid_on: '2026-10-05', kind: 'tablet', status: 'in_service', establishment: true }]);
  });

  it('adds a row per later day of change, the last change of a day winning, and none for a check-in', async () => {
    const where = sql`tenant_id = ${t.tenantId} AND serial = 'H1'`;
    await sql`UPDATE devices SET last_contact = now() WHERE ${where}`.execute(env.db);
    expect(await history('H1')).toHaveLength(1);
    await sql`UPDATE devices SET status = 'in_repair' WHERE ${where}`.execute(env.db);
    await sql`UPDATE devices SET status = 'retired' WHERE ${where}`.execute(env.db);
    await sql`UPDATE devices SET kind = 'desktop', establishment_id = NULL WHERE ${where}`.execute(env.db);
    expect(await history('H1')).toEqual([
      { valid_on: '2026-10-05', kind: 'laptop', status: 'in_service', establishment: true },
      { valid_on: await today(), kind: 'desktop', status: 'retired', establishment: false },
    ]);
  });

  it("goes with its device, as the device's contact days do", async () => {
    await sql`INSERT INTO device_contact_days (tenant_id, device_id, day)
              SELECT tenant_id, id, '2026-11-02' FROM devices WHERE tenant_id = ${t.tenantId} AND serial = 'H2'`.execute(env.db);
    await sql`DELETE FROM devices WHERE tenant_id = ${t.tenantId} AND serial = 'H2'`.execute(env.db);
    const left = await sql<{ n: number }>`
      SELECT (SELECT count(*) FROM device_history WHERE tenant_id = ${t.tenantId})::int
           + (SELECT count(*) FROM device_contact_days WHERE tenant_id = ${t.tenantId})::int AS n`.execute(env.db);
    expect(left.rows[0]!.n).toBe(2);
  });
});
