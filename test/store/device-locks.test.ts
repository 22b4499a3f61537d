import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { deviceObsolescence, devices, deviceSources, limitLockWait, sources } from '@vigie/store';
import { useTenants, useTestEnv } from '../setup/use-test-env.ts';

const env = useTestEnv();
const [tenant] = useTenants(env, 'device-locks');

describe('device row locks', () => {
  // An inventory holds its devices' rows locked until it commits; a fleet evaluation writes flags
  // for every device at once. With FOR UPDATE each waited for the other (a 10,000-device inventory
  // took three times as long); the rows' keys never change, so neither must wait.
  it('an inventory holding its devices does not block rows that merely reference them', async () => {
    const deviceId = randomUUID();
    const sourceId = await sources.ensure(env.db, tenant.tenantId, 'glpi');
    await env.db
      .transaction()
      .execute((trx) =>
        devices.createMany(trx, tenant.tenantId, [{ id: deviceId, serial: 'PF3LOCK1', serialKey: 'PF3LOCK1', seenAt: new Date() }]),
      );

    await env.db.transaction().execute(async (inventory) => {
      await devices.lockInOrder(inventory, tenant.tenantId, [deviceId]);
      // Another connection, while the lock is held: a wait would end in lock_timeout (55P03).
      await env.db.transaction().execute(async (other) => {
        await limitLockWait(other, 2_000);
        await deviceObsolescence.upsertMany(
          other,
          tenant.tenantId,
          [{ deviceId, reason: 'age', appliesFrom: '2026-09-01', detail: 'bought 2018' }],
          new Date(),
        );
        await deviceSources.linkMany(other, tenant.tenantId, sourceId, [{ externalId: 'glpi-1', deviceId, seenAt: new Date() }]);
      });
      // Two writers of the same device still take turns: that is what the lock is for. On Citus the
      // wait is on the worker holding the shard: a lock_timeout set on the coordinator alone never
      // reached it, and this transaction waited for the inventory, which waited for it.
      const second = env.db.transaction().execute(async (other) => {
        await limitLockWait(other, 300);
        await devices.lockInOrder(other, tenant.tenantId, [deviceId]);
      });
      await expect(second).rejects.toMatchObject({ code: '55P03' });
    });
    const flags = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM device_obsolescence WHERE tenant_id = ${tenant.tenantId} AND device_id = ${deviceId}`.execute(env.db);
    expect(flags.rows[0]!.n).toBe(1);
  });
});
