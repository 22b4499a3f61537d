import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { establishmentDays, rollupDirty } from '@vigie/store';
import { useTenants, useTestEnv } from '../setup/use-test-env.ts';
import { ROLLUP_TEST_ENV, rolledUp } from '../setup/rollups.ts';

const env = useTestEnv({ env: ROLLUP_TEST_ENV });
const [t] = useTenants(env, 'sweep-rollups');

describe('rollup sweeper', () => {
  it('rolls up a day marked dirty whose job never reached Redis', async () => {
    // The mark is committed but no job was queued (Redis lost it, or the process died in between).
    await rollupDirty.mark(env.db, t.tenantId, [{ establishmentId: t.establishmentId, day: '2026-11-16' }]);
    // As if it had been stranded for a minute, past ROLLUP_SWEEP_AFTER_SECONDS, without waiting for it.
    await sql`UPDATE rollup_dirty SET marked_at = marked_at - interval '1 minute', first_marked_at = first_marked_at - interval '1 minute' WHERE tenant_id = ${t.tenantId}`.execute(
      env.db,
    );
    await env.startWorker();
    await rolledUp(env, t.tenantId, 20_000);
    const days = await establishmentDays.list(env.db, t.tenantId, t.establishmentId, { from: '2026-11-16', to: '2026-11-16' });
    expect(days.find((d) => d.dimension === 'all')).toMatchObject({ school_day: true, in_service: 0 });
  });
});
