import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { deviceObsolescence, establishmentPeriods } from '@vigie/store';
import { waitForLockWait } from '../setup/test-env.ts';
import { useTenants, useTestEnv } from '../setup/use-test-env.ts';

// Obsolescence flags written while a rollup of the device's establishment writes its idle streaks
// (migration 0073 copies each device's first flag date into its streak rows): the flags' writer waits
// for the rollup's lock, then the copy sees the rows the rollup committed. The rollup is played by a
// transaction that takes its lock and writes the device's row with the date it read before the
// flags changed. Run on plain PostgreSQL and, under the citus project, on a cluster, where the
// trigger runs on a worker and only the writer's own lock on the coordinator makes it wait.

const env = useTestEnv();
const [t] = useTenants(env, 'obsolescence-race');
const DAY = '2026-12-03';
const FLAG = { reason: 'age', appliesFrom: '2026-01-01', detail: 'bought 2018' };
const firstFlaggedAt = new Date('2026-12-01T03:00:00Z');

const deviceId = async (serial: string) =>
  (await sql<{ id: string }>`SELECT id FROM devices WHERE tenant_id = ${t.tenantId} AND serial = ${serial}`.execute(env.db)).rows[0]!.id;

const firstObsolete = async (id: string) =>
  (
    await sql<{ first_obsolete: string | null }>`
      SELECT first_obsolete FROM device_idle_streaks WHERE tenant_id = ${t.tenantId} AND device_id = ${id} AND day = ${DAY}`.execute(env.db)
  ).rows.map((r) => r.first_obsolete);

/**
 * Holds the rollup's lock of the establishment, writes the device's streak row with `read` as its
 * first flag date, starts `write` from another connection and commits once that waits for a lock
 * (or has already finished, as it did on Citus without its own lock); returns when both are done.
 */
async function duringRollup(id: string, read: string | null, write: () => Promise<unknown>) {
  let writing: Promise<unknown> | undefined;
  let settled = false;
  await env.db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(hashtextextended(${establishmentPeriods.lockKey(t.tenantId, t.establishmentId)}, 0))`.execute(
      trx,
    );
    await sql`INSERT INTO device_idle_streaks (tenant_id, establishment_id, day, streak, device_id, in_service_here, first_obsolete)
      VALUES (${t.tenantId}, ${t.establishmentId}, ${DAY}, 1, ${id}, true, ${read})`.execute(trx);
    writing = write().finally(() => (settled = true));
    await waitForLockWait(env, 'the flags to wait for the rollup', () => settled);
  });
  await writing;
}

beforeAll(async () => {
  await sql`
    INSERT INTO devices (tenant_id, establishment_id, kind, serial, serial_key, assignment, status, provisional, first_seen, last_contact)
    SELECT ${t.tenantId}, ${t.establishmentId}, 'laptop', s, s, 'individual', 'in_service', false, TIMESTAMPTZ '2026-09-01', now()
    FROM unnest(ARRAY['OR-RAISED', 'OR-DROPPED']) s`.execute(env.db);
  await deviceObsolescence.upsertMany(env.db, t.tenantId, [{ deviceId: await deviceId('OR-DROPPED'), ...FLAG }], firstFlaggedAt);
});

describe("the idle streaks' first obsolescence date while a rollup writes them", () => {
  it('a flag raised during the rollup reaches the row the rollup commits', async () => {
    const id = await deviceId('OR-RAISED');
    await duringRollup(id, null, () => deviceObsolescence.upsertMany(env.db, t.tenantId, [{ deviceId: id, ...FLAG }], new Date()));
    expect(await firstObsolete(id)).toEqual([FLAG.appliesFrom]);
  });

  it('a flag dropped during the rollup leaves the row the rollup commits without its date', async () => {
    const id = await deviceId('OR-DROPPED');
    await duringRollup(id, FLAG.appliesFrom, () => deviceObsolescence.deleteStale(env.db, t.tenantId, new Date('2026-12-02T03:00:00Z')));
    expect(await firstObsolete(id)).toEqual([null]);
  });
});
