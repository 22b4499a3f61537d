import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { rollupDirty } from '@vigie/store';
import { useTenants, useTestEnv } from '../setup/use-test-env.ts';

const env = useTestEnv();
const [t] = useTenants(env, 'dirty-marks');
const DAY = '2026-11-16';

/** Moves the mark's two times into the past, as if it had been made that long ago. */
async function age(markedAgoS: number, firstAgoS: number) {
  await sql`UPDATE rollup_dirty SET marked_at = statement_timestamp() - make_interval(secs => ${markedAgoS}),
    first_marked_at = statement_timestamp() - make_interval(secs => ${firstAgoS})
    WHERE tenant_id = ${t.tenantId} AND establishment_id = ${t.establishmentId} AND day = ${DAY}::date`.execute(env.db);
}
const settling = async () =>
  (await rollupDirty.find(env.db, t.tenantId, t.establishmentId, DAY, { quietMs: 10_000, maxWaitMs: 60_000 }))?.settling ?? false;

describe('rollup marks of a day still receiving data', () => {
  it('settle while marks keep coming, up to the longest wait counted from the oldest unrolled data', async () => {
    expect(await settling()).toBe(false);
    await rollupDirty.mark(env.db, t.tenantId, [{ establishmentId: t.establishmentId, day: DAY }]);
    expect(await settling()).toBe(true);
    await age(20, 20);
    expect(await settling()).toBe(false);
    // Renewed just now, but its oldest data waits for 70 s: rolled up now, not deferred again.
    await rollupDirty.mark(env.db, t.tenantId, [{ establishmentId: t.establishmentId, day: DAY }]);
    await age(1, 70);
    expect(await settling()).toBe(false);
  });

  it('a mark renewed while its rollup ran stands for the data since the rollup started', async () => {
    await age(1, 70);
    const seenAt = (await sql<{ at: string }>`SELECT (clock_timestamp() - interval '5 seconds')::text AS at`.execute(env.db)).rows[0]!.at;
    await env.db.transaction().execute((trx) => rollupDirty.clear(trx, t.tenantId, t.establishmentId, DAY, seenAt));
    const row = (
      await sql<{ first: string }>`SELECT first_marked_at::text AS first FROM rollup_dirty
      WHERE tenant_id = ${t.tenantId} AND establishment_id = ${t.establishmentId} AND day = ${DAY}::date`.execute(env.db)
    ).rows[0];
    expect(row?.first).toBe(seenAt);
    expect(await settling()).toBe(true);

    const now = (await sql<{ at: string }>`SELECT clock_timestamp()::text AS at`.execute(env.db)).rows[0]!.at;
    await env.db.transaction().execute((trx) => rollupDirty.clear(trx, t.tenantId, t.establishmentId, DAY, now));
    expect(await rollupDirty.count(env.db, t.tenantId)).toBe(0);
  });
});
