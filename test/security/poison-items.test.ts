import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { enqueue } from '@vigie/queue';
import { appUsage as appUsageRows, heartbeats, ingestBatches, sources } from '@vigie/store';
import { seedTenant, waitFor } from '../setup/test-env.ts';
import { useTestEnv } from '../setup/use-test-env.ts';
import { appUsage, baseTime, heartbeat, inventory } from '../setup/events.ts';
import { postEvents } from '../setup/push.ts';

const env = useTestEnv({ env: { WORKER_ATTEMPTS: '2' }, worker: true });

const failures = async (token: string) =>
  (await env.app.inject({ url: '/v1/ingest/failures', headers: { authorization: `Bearer ${token}` } })).json().items as {
    id: string;
    event_count: number;
    failure_reason: string;
  }[];

/** Writes a batch straight to the outbox (as an older API, or a pull, may have) and queues its job. */
async function outbox(tenantId: string, events: unknown[]) {
  const sourceId = await sources.ensure(env.db, tenantId, 'fleet');
  const batch = { id: randomUUID(), tenantId, sourceId, eventsJson: JSON.stringify(events), eventCount: events.length };
  await ingestBatches.acceptMany(env.db, [batch]);
  await enqueue.ingestBatches(env.queues, [{ tenantId, sourceId, batchId: batch.id, events: batch.eventCount }]);
  return batch.id;
}

describe('one bad item never loses a batch', () => {
  it('the API refuses an item with a NUL character in any text field, naming the field, and accepts the others', async () => {
    const tenant = await seedTenant(env, 'poison-api');
    const base = baseTime(0);
    const res = await postEvents(
      env,
      tenant.connector,
      [
        heartbeat('ok-1', base, 0),
        heartbeat('bad\u0000id', base, 1),
        appUsage('ok-1', base, 2, 60, 'fr.app\u0000'),
        inventory('ok-2', base, { model: 'Tab\u0000 S9' }),
        heartbeat('ok-1', base, 3, { state: 'on' }),
      ],
      'fleet',
    );
    expect(res.statusCode).toBe(207);
    expect(res.json()).toMatchObject({ accepted: 2, rejected: 3 });
    expect(res.json().results.map((r: { index: number; code: string; field: string }) => [r.index, r.code, r.field])).toEqual([
      [1, 'invalid_field', 'device_id'],
      [2, 'invalid_field', 'app_id'],
      [3, 'invalid_field', 'model'],
    ]);
    const batchId = res.json().batch_id as string;
    await waitFor(async () => (await ingestBatches.find(env.db, tenant.tenantId, batchId))?.status === 'stored', 30_000, 'batch stored');
    expect(await heartbeats.count(env.db, tenant.tenantId)).toBe(2);
  });

  it('the worker stores the valid items of a batch holding a NUL character and keeps the bad item apart, replayable', async () => {
    const tenant = await seedTenant(env, 'poison-nul');
    const base = baseTime(0);
    const batchId = await outbox(tenant.tenantId, [
      heartbeat('w1', base, 0),
      appUsage('w1', base, 1, 60),
      heartbeat('w1\u0000', base, 2),
      heartbeat('w2', base, 3),
    ]);
    await waitFor(async () => (await ingestBatches.find(env.db, tenant.tenantId, batchId))?.status === 'stored', 30_000, 'batch stored');
    expect(await heartbeats.count(env.db, tenant.tenantId)).toBe(2);
    expect(await appUsageRows.count(env.db, tenant.tenantId)).toBe(1);
    const [poison, ...others] = await failures(tenant.operator);
    expect(others).toEqual([]);
    expect(poison).toMatchObject({ event_count: 1 });
    expect(poison!.failure_reason).toMatch(new RegExp(`split off batch ${batchId}: event 2: device_id holds a NUL character`));

    // Replayed, the item fails again on its own, still kept and listed; nothing else is touched.
    const replay = await env.app.inject({
      method: 'POST',
      url: `/v1/ingest/failures/${poison!.id}/replay`,
      headers: { authorization: `Bearer ${tenant.operator}` },
    });
    expect(replay.statusCode).toBe(202);
    await waitFor(
      async () => {
        const row = await ingestBatches.find(env.db, tenant.tenantId, poison!.id);
        return row?.status === 'failed' && row.replays === 1;
      },
      30_000,
      'replayed poison batch failed again',
    );
    expect((await failures(tenant.operator)).map((f) => f.id)).toEqual([poison!.id]);
    expect(await heartbeats.count(env.db, tenant.tenantId)).toBe(2);
  });

  it('the worker isolates an item PostgreSQL refuses whatever the cause (here: no partition for its date)', async () => {
    const tenant = await seedTenant(env, 'poison-pg');
    const base = baseTime(0);
    // Valid for the contract, yet outside every partition: only storing it reveals the problem. (Years
    // ahead: an item older than the raw ones kept is folded into its day without a raw row.)
    const ancient = appUsage('p1', new Date('2031-03-04T10:00:00Z'), 0, 60);
    const events = [...Array.from({ length: 9 }, (_, i) => heartbeat(`p${i % 3}`, base, i)), ancient, heartbeat('p9', base, 20)];
    const batchId = await outbox(tenant.tenantId, events);
    await waitFor(async () => (await ingestBatches.find(env.db, tenant.tenantId, batchId))?.status === 'stored', 30_000, 'batch stored');
    expect(await heartbeats.count(env.db, tenant.tenantId)).toBe(10);
    expect((await ingestBatches.find(env.db, tenant.tenantId, batchId))?.event_count).toBe(10);
    const listed = await failures(tenant.operator);
    expect(listed).toHaveLength(1);
    expect(listed[0]!.failure_reason).toMatch(/event 9: .*partition/);
  });
});
