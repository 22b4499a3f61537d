import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { LiveEvent } from '@vigie/contracts';
import { createRedis, live } from '@vigie/queue';

// Two workers read the fleet summary one after the other; the first read is slow and finishes last
// (a loaded database). Its stale figure must not become the last summary clients hold: published as
// states, the read that started later wins whatever the order the two publications arrive in.
const redis = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const prefix = `vigie-test-state-${randomUUID()}`;
const publisher = live.createLivePublisher(redis, prefix, { maxEvents: 100, seconds: 60 });
const tenantId = randomUUID();
const summary = (total: number): LiveEvent =>
  ({
    kind: 'fleet.summary',
    summary: { total, by_kind: {}, by_status: {}, last_seen: { lt_1d: total, '1d_7d': 0, '7d_30d': 0, gt_30d: 0, never: 0 }, offline: 0 },
  }) as unknown as LiveEvent;

afterAll(async () => {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
});

/** The totals of the fleet summaries in the tenant's window, oldest first. */
async function publishedTotals() {
  const entries = await redis.xrange(live.liveStreamKey(prefix, tenantId), '-', '+');
  return entries.map(([, fields]) => (JSON.parse(fields[1]!) as { event: { summary: { total: number } } }).event.summary.total);
}

describe('live states', () => {
  it('drop a summary read before another one that was published already', async () => {
    const slow = await publisher.stateTicket(tenantId, 'fleet');
    const fast = await publisher.stateTicket(tenantId, 'fleet');
    expect(await publisher.publishState(tenantId, 'fleet', fast, summary(11))).not.toBeNull();
    expect(await publisher.publishState(tenantId, 'fleet', slow, summary(10))).toBeNull();
    expect(await publishedTotals()).toEqual([11]);
  });

  it('publish each later read, and keep keys apart', async () => {
    const first = await publisher.stateTicket(tenantId, 'fleet');
    expect(await publisher.publishState(tenantId, 'fleet', first, summary(12))).not.toBeNull();
    const other = await publisher.stateTicket(tenantId, 'establishment-x');
    const second = await publisher.stateTicket(tenantId, 'fleet');
    expect(await publisher.publishState(tenantId, 'fleet', second, summary(13))).not.toBeNull();
    expect(await publisher.publishState(tenantId, 'establishment-x', other, summary(3))).not.toBeNull();
    expect(await publishedTotals()).toEqual([11, 12, 13, 3]);
  });
});
