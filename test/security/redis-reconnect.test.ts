import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MaintenanceTasks } from '@vigie/contracts';
import { createRedis } from '@vigie/queue';
import { tcpProxy } from '../setup/tcp-proxy.ts';
import { waitFor } from '../setup/test-env.ts';
import { useTestEnv } from '../setup/use-test-env.ts';

// Redis restarted empty (a failover to a blank replica, a flush) while the worker was cut off from
// it: the recurring jobs must come back when the worker reconnects, not at its next periodic check.

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const direct = createRedis(redisUrl);
// Once a year (and not today): only a reconnection can set the check off within this test.
const notToday = new Date().getUTCMonth() === 0 ? '0 0 1 7 *' : '0 0 1 1 *';
let redisProxy: Awaited<ReturnType<typeof tcpProxy>>;
beforeAll(async () => {
  redisProxy = await tcpProxy(Number(new URL(redisUrl).port || 6379));
  await redisProxy.open();
});
afterAll(() => direct.disconnect());
const env = useTestEnv({ env: () => ({ REDIS_URL: `redis://127.0.0.1:${redisProxy.port}`, SCHEDULE_CHECK_CRON: notToday }) });
// Registered after the environment, so it runs before its close: the close needs Redis reachable.
afterAll(async () => redisProxy.open().catch(() => undefined));

const schedulers = async () => (await env.queues.maintenance.getJobSchedulers(0, -1)).length;

describe('Redis losing its data while the worker is disconnected', () => {
  it('the recurring jobs are registered again as soon as the worker reconnects', async () => {
    await env.startWorker();
    expect(await schedulers()).toBe(MaintenanceTasks.length);
    await redisProxy.cut();
    // Every key of this deployment goes, in one script, as a Redis restarted without its data.
    const script = `local keys = redis.call('KEYS', ARGV[1])
      for i = 1, #keys, 1000 do redis.call('DEL', unpack(keys, i, math.min(i + 999, #keys))) end
      return #keys`;
    expect(await direct.eval(script, 0, `${env.config.redis.prefix}*`)).toBeGreaterThan(MaintenanceTasks.length);
    await redisProxy.open();
    await waitFor(async () => (await schedulers()) === MaintenanceTasks.length, 20_000, 'schedules registered again on reconnection');
  });
});
