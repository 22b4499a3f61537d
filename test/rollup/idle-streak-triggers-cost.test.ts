import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { deviceObsolescence } from '@vigie/store';
import { useTenants, useTestEnv } from '../setup/use-test-env.ts';

// 0073's statement triggers compared a statement's old and new rows with a nested loop (N² pairs):
// the daily re-evaluation of a page of 5,000 devices (10,000 flags, no date moved) took 6-15 s in
// the trigger alone on a loaded 2-core machine, 0.3 s since 0077. The bound leaves ten times that.

const env = useTestEnv();
const [t] = useTenants(env, 'idle-streak-triggers-cost');

describe("the idle streaks' statement triggers", () => {
  it('a re-evaluation of 10,000 flags that moves no date takes seconds, not a pass over every pair', async () => {
    await sql`
      INSERT INTO devices (tenant_id, establishment_id, kind, serial, serial_key, assignment, status, provisional, first_seen, last_contact)
      SELECT ${t.tenantId}, ${t.establishmentId}, 'laptop', 'TC' || g, 'TC' || g, 'individual', 'in_service', false, TIMESTAMPTZ '2026-09-01', now()
      FROM generate_series(1, 5000) g`.execute(env.db);
    const ids = (await sql<{ id: string }>`SELECT id FROM devices WHERE tenant_id = ${t.tenantId}`.execute(env.db)).rows;
    const flags = ids.flatMap((d) =>
      ['age', 'os_version'].map((reason) => ({ deviceId: d.id, reason, appliesFrom: '2026-01-01', detail: 'test' })),
    );
    const first = new Date('2026-12-01T03:00:00Z');
    await deviceObsolescence.upsertMany(env.db, t.tenantId, flags, first);
    const started = performance.now();
    await deviceObsolescence.upsertMany(env.db, t.tenantId, flags, new Date(first.getTime() + 86_400_000));
    expect(performance.now() - started).toBeLessThan(3_000);
  });
});
