import { Queue } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { seedTenant } from '../setup/test-env.ts';
import { useTestEnv } from '../setup/use-test-env.ts';

const env = useTestEnv();

describe('schedulers registered under a retired name', () => {
  it('are removed at worker start, and what waited in a renamed queue runs under the new name', async () => {
    const tenant = await seedTenant(env, 'retired');
    // What a deployment of the previous version left in Redis: the daily scheduler under its old
    // task name, and an evaluation waiting in the old queue.
    await env.queues.maintenance.upsertJobScheduler(
      'evaluate-fleets',
      { pattern: '40 4 * * *' },
      { name: 'evaluate-fleets', data: { task: 'evaluate-fleets' } },
    );
    const old = new Queue('evaluate-fleet', { connection: env.redis, prefix: env.config.redis.prefix });
    await old.add('evaluate-fleet', { tenantId: tenant.tenantId }, { jobId: `evaluate-fleet-${tenant.tenantId}-1`, delay: 60_000 });
    // Paused, the new queue keeps the carried-over job where the test can read it.
    await env.queues.evaluateObsolescence.pause();

    await env.startWorker();

    const schedulers = await env.queues.maintenance.getJobSchedulers(0, -1);
    expect(schedulers.map((s) => s.key)).not.toContain('evaluate-fleets');
    expect(schedulers.map((s) => s.key)).toContain('evaluate-obsolescence');
    const maintenanceJobs = await env.queues.maintenance.getJobs(['waiting', 'delayed', 'prioritized', 'paused']);
    expect(maintenanceJobs.map((j) => j.name)).not.toContain('evaluate-fleets');
    expect(await old.getJobCountByTypes('waiting', 'delayed', 'prioritized', 'paused')).toBe(0);
    const carried = await env.queues.evaluateObsolescence.getJobs(['waiting', 'delayed', 'paused']);
    expect(carried.map((j) => j.data)).toEqual([{ tenantId: tenant.tenantId }]);
    await old.close();
  });
});
