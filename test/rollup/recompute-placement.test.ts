import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { addCollege } from '../setup/test-env.ts';
import { useTenants, useTestEnv } from '../setup/use-test-env.ts';
import { ROLLUP_TEST_ENV, rolledUp } from '../setup/rollups.ts';
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

describe("a device's placement recomputes its past days", () => {
  it("a device moved to another establishment leaves the old one's past days and joins the new one's", async () => {
    expect(await figures(t.establishmentId)).toEqual({ in_service: 1, active: 1 });
    expect(await figures(other)).toEqual({ in_service: 1, active: 1 });
    await push(env, t.connector, [device('m1', { kind: 'tablet', observed_at: '2026-11-20T08:00:00+01:00' }, OTHER_UAI)]);
    await rolledUp(env, t.tenantId);
    expect(await figures(t.establishmentId)).toEqual({ in_service: 0, active: 0 });
    expect(await figures(other)).toEqual({ in_service: 2, active: 2 });
  });
});
