import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { enqueue } from '@vigie/queue';
import { heartbeats, ingestBatches, partitions, sources } from '@vigie/store';
import { seedTenant, waitFor } from '../setup/test-env.ts';
import { useTestEnv } from '../setup/use-test-env.ts';
import { baseTime, heartbeat } from '../setup/events.ts';
import { push } from '../setup/push.ts';

const env = useTestEnv({ env: { WORKER_ATTEMPTS: '2' }, worker: true });

describe('batches the worker cannot store', () => {
  it('are kept with their reason, listed at /v1/ingest/failures and stored once replayed', async () => {
    const tenant = await seedTenant(env, 'failures');
    const base = baseTime(0);
    const month = base.toISOString().slice(0, 7).replace('-', '');
    // An operator dropped the current partition by mistake: inserts now fail whatever the retries.
    await sql`DROP TABLE ${sql.id(`heartbeats_p${month}`)}`.execute(env.db);

    const batchId = await push(env, tenant.connector, [heartbeat('d1', base, 0), heartbeat('d1', base, 1)], 'fleet');
    await waitFor(async () => (await ingestBatches.find(env.db, tenant.tenantId, batchId))?.status === 'failed', 30_000, 'batch failed');

    const auth = { authorization: `Bearer ${tenant.operator}` };
    const failures = (await env.app.inject({ url: '/v1/ingest/failures', headers: auth })).json().items;
    expect(failures).toEqual([expect.objectContaining({ id: batchId, source: 'fleet', event_count: 2, replays: 0 })]);
    expect(failures[0].failure_reason).toMatch(/partition/);

    await partitions.maintain(env.db, { from: new Date(Date.now() - 86_400_000), now: new Date(), monthsAhead: 1 });
    const replay = await env.app.inject({ method: 'POST', url: `/v1/ingest/failures/${batchId}/replay`, headers: auth });
    expect(replay.statusCode).toBe(202);
    expect(replay.json()).toEqual({ batch_id: batchId, replay: 1 });
    await waitFor(async () => (await ingestBatches.find(env.db, tenant.tenantId, batchId))?.status === 'stored', 30_000, 'batch stored');
    expect(await heartbeats.count(env.db, tenant.tenantId)).toBe(2);
    expect((await env.app.inject({ url: '/v1/ingest/failures', headers: auth })).json().items).toEqual([]);
    // Replaying a batch that is not failed is a 404, not a second copy.
    expect((await env.app.inject({ method: 'POST', url: `/v1/ingest/failures/${batchId}/replay`, headers: auth })).statusCode).toBe(404);
  });

  it('fail alone: the other batches of their job are stored', async () => {
    const tenant = await seedTenant(env, 'failures-group');
    const sourceId = await sources.ensure(env.db, tenant.tenantId, 'fleet');
    const base = baseTime(0);
    const good = (n: number) => JSON.stringify([heartbeat('g1', base, n)]);
    const batches = [
      { id: randomUUID(), tenantId: tenant.tenantId, sourceId, eventsJson: good(0), eventCount: 1 },
      // A row the schema no longer accepts (written by an older version, say): no retry can store it.
      { id: randomUUID(), tenantId: tenant.tenantId, sourceId, eventsJson: '[{"type":"heartbeat","device_id":"g1"}]', eventCount: 1 },
      { id: randomUUID(), tenantId: tenant.tenantId, sourceId, eventsJson: good(1), eventCount: 1 },
    ];
    await ingestBatches.acceptMany(env.db, batches);
    await enqueue.ingestBatches(
      env.queues,
      batches.map((b) => ({ tenantId: b.tenantId, sourceId: b.sourceId, batchId: b.id, events: b.eventCount })),
    );
    const status = async (id: string) => (await ingestBatches.find(env.db, tenant.tenantId, id))?.status;
    await waitFor(async () => (await status(batches[1]!.id)) === 'failed', 30_000, 'the bad batch failed');
    expect([await status(batches[0]!.id), await status(batches[2]!.id)]).toEqual(['stored', 'stored']);
    expect(await heartbeats.count(env.db, tenant.tenantId)).toBe(2);
    const failures = (await env.app.inject({ url: '/v1/ingest/failures', headers: { authorization: `Bearer ${tenant.operator}` } })).json()
      .items;
    expect(failures).toEqual([expect.objectContaining({ id: batches[1]!.id })]);
    expect(failures[0].failure_reason).toMatch(/^stored events no longer match the contract/);
  });
});
