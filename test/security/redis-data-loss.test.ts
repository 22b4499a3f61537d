import { describe, expect, it } from 'vitest';
import { MaintenanceTasks } from '@vigie/contracts';
import { heartbeats, ingestBatches } from '@vigie/store';
import { seedTenant, waitFor } from '../setup/test-env.ts';
import { useTestEnv } from '../setup/use-test-env.ts';
import { baseTime, heartbeat } from '../setup/events.ts';
import { push } from '../setup/push.ts';

const env = useTestEnv({
  env: { SCHEDULE_CHECK_CRON: '* * * * * *', READY_MAX_BATCH_AGE_SECONDS: '1', SWEEP_EVERY_SECONDS: '1', SWEEP_AFTER_SECONDS: '1' },
});

/**
 * Deletes every key of this test's prefix in one script, so the worker's once-a-second check cannot
 * re-register a schedule half-way through the loss: Redis losing its data, for this deployment only.
 * Returns how many keys went.
 */
async function loseRedisData(): Promise<number> {
  const script = `local keys = redis.call('KEYS', ARGV[1])
    for i = 1, #keys, 1000 do redis.call('DEL', unpack(keys, i, math.min(i + 999, #keys))) end
    return #keys`;
  return (await env.redis.eval(script, 0, `${env.config.redis.prefix}*`)) as number;
}

const readyz = async () => {
  const res = await env.app.inject({ url: '/readyz' });
  return {
    status: res.statusCode,
    body: res.json() as { missing_schedules: string[] | null; oldest_unstored_batch_seconds: number | null },
  };
};

describe('Redis losing its data while batches wait', () => {
  it('/readyz lists the recurring jobs Redis does not hold', async () => {
    // No worker has registered them yet in this deployment.
    const res = await readyz();
    expect(res.body.missing_schedules).toEqual([...MaintenanceTasks]);
    expect(res.body.oldest_unstored_batch_seconds).toBe(0);
  });

  it('is reported by /readyz, the recurring jobs come back, and every accepted batch is stored', async () => {
    const tenant = await seedTenant(env, 'redis-loss');
    await env.startWorker();
    expect((await readyz()).body.missing_schedules).toEqual([]);
    // Batches accepted while the worker cannot take them (queue paused), then Redis loses everything.
    await env.queues.ingestBatch.pause();
    const base = baseTime(0);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push(await push(env, tenant.connector, [heartbeat(`d${i}`, base, i), heartbeat(`d${i}`, base, i + 10)], 'fleet'));
    }
    // An unstored batch older than the bound makes the deployment unready.
    await waitFor(async () => (await readyz()).status === 503, 10_000, '/readyz reporting the backlog');
    const backlog = await readyz();
    expect(backlog.body.oldest_unstored_batch_seconds).toBeGreaterThan(1);
    expect(backlog.body.missing_schedules).toEqual([]);

    // Every scheduler and job key went at once (the check right after could race the worker's tick).
    expect(await loseRedisData()).toBeGreaterThan(MaintenanceTasks.length);
    // The worker's process-local tick finds the schedulers gone, registers them again and queues the outbox.
    await waitFor(
      async () => (await env.queues.maintenance.getJobSchedulers(0, -1)).length === MaintenanceTasks.length,
      15_000,
      'schedules registered again',
    );
    await waitFor(
      async () => {
        const rows = await Promise.all(ids.map((id) => ingestBatches.find(env.db, tenant.tenantId, id)));
        return rows.every((r) => r?.status === 'stored');
      },
      30_000,
      'every accepted batch stored',
    );
    expect(await heartbeats.count(env.db, tenant.tenantId)).toBe(10);
    const after = await readyz();
    expect(after.status).toBe(200);
    expect(after.body).toMatchObject({ missing_schedules: [], oldest_unstored_batch_seconds: 0 });
  });
});
