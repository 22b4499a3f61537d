import { describe, expect, it } from 'vitest';
import { heartbeats, ingestBatches } from '@vigie/store';
import { sweepBatches } from '../../services/worker/src/jobs/maintenance.ts';
import { seedTenant, waitFor } from '../setup/test-env.ts';
import { useTestEnv } from '../setup/use-test-env.ts';
import { baseTime, heartbeat, inventory } from '../setup/events.ts';
import { push } from '../setup/push.ts';

const env = useTestEnv();

describe('the outbox sweeper', () => {
  it('re-queues an accepted batch whose Redis job was lost, and it is stored once', async () => {
    const tenant = await seedTenant(env, 'sweep');
    const base = baseTime(1);
    const batchId = await push(env, tenant.connector, [inventory('d1', base), heartbeat('d1', base, 1), heartbeat('d1', base, 2)], 'fleet');

    // Redis loses the job (eviction, failover, FLUSHALL...): the batch row is all that is left.
    await env.queues.ingestBatch.obliterate({ force: true });
    expect(await env.queues.ingestBatch.getJob(batchId)).toBeUndefined();

    // A batch younger than the sweep age is left alone; an older one is re-queued once.
    expect(await sweepBatches(env.db, env.queues, new Date(Date.now() - 60_000))).toEqual({ checked: 0, requeued: 0 });
    expect(await sweepBatches(env.db, env.queues, new Date(Date.now() + 1_000))).toEqual({ checked: 1, requeued: 1 });
    expect(await sweepBatches(env.db, env.queues, new Date(Date.now() + 1_000))).toEqual({ checked: 1, requeued: 0 });

    await env.startWorker();
    await waitFor(async () => (await ingestBatches.find(env.db, tenant.tenantId, batchId))?.status === 'stored', 20_000, 'batch stored');
    expect(await heartbeats.count(env.db, tenant.tenantId)).toBe(2);
  });
});
