import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { deviceActivity } from '@vigie/store';
import { addCollege } from '../setup/test-env.ts';
import { useTenants, useTestEnv } from '../setup/use-test-env.ts';
import { ROLLUP_TEST_ENV, recomputeDays, rolledUp } from '../setup/rollups.ts';
import { device, session } from '../setup/events.ts';
import { push } from '../setup/push.ts';

const MONDAY = '2026-11-16';
const OTHER_UAI = '0770935Y';
const env = useTestEnv({ env: ROLLUP_TEST_ENV, worker: true });
const [t] = useTenants(env, 'placement');
let other: string;

const figures = async (establishmentId: string) =>
  (
    await sql<{ in_service: number; active: number }>`
  SELECT in_service, active FROM establishment_days WHERE tenant_id = ${t.tenantId} AND establishment_id = ${establishmentId}
    AND day = ${MONDAY}::date AND dimension = 'all' AND value = 'all'`.execute(env.db)
  ).rows[0];

beforeAll(async () => {
  other = await addCollege(env, t.tenantId, OTHER_UAI, 'Collège B');
  await push(env, t.connector, [
    device('m1', { kind: 'tablet' }),
    device('b1', { kind: 'tablet' }, OTHER_UAI),
    session('m1', MONDAY, '10:00', 900),
    session('b1', MONDAY, '10:00', 900),
  ]);
  await rolledUp(env, t.tenantId);
}, 60_000);

describe("a device's placement and its past days", () => {
  it("a device moved to another establishment leaves the old one's past days as they were, even recomputed, and not the new one's", async () => {
    expect(await figures(t.establishmentId)).toEqual({ in_service: 1, active: 1 });
    expect(await figures(other)).toEqual({ in_service: 1, active: 1 });
    await push(env, t.connector, [device('m1', { kind: 'tablet', observed_at: '2026-11-20T08:00:00+01:00' }, OTHER_UAI)]);
    await rolledUp(env, t.tenantId);
    expect(await figures(t.establishmentId)).toEqual({ in_service: 1, active: 1 });
    expect(await figures(other)).toEqual({ in_service: 1, active: 1 });
    // A recompute of the day (a settings change) judges m1 where it was that day (device_history).
    await recomputeDays(env, t.tenantId, [
      { establishmentId: t.establishmentId, day: MONDAY },
      { establishmentId: other, day: MONDAY },
    ]);
    expect(await figures(t.establishmentId)).toEqual({ in_service: 1, active: 1 });
    expect(await figures(other)).toEqual({ in_service: 1, active: 1 });
    // Nor does its next inventory mark the old one's days (displaced) or the new one's before the move (undecided).
    const m1 = (await sql<{ id: string }>`SELECT id FROM devices WHERE tenant_id = ${t.tenantId} AND serial = 'SN-m1'`.execute(env.db))
      .rows[0]!.id;
    await env.db.transaction().execute(async (trx) => {
      expect(await deviceActivity.displacedDays(trx, t.tenantId, [m1])).toEqual([]);
      expect(await deviceActivity.undecidedDays(trx, t.tenantId, [m1])).toEqual([]);
    });
  });
});
