import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { IngestBatchJob } from '@vigie/contracts';
import { ingestBatches, sources } from '@vigie/store';
import { batchAcceptor } from '@vigie/accept';
import { useTenants, useTestEnv } from '../setup/use-test-env.ts';

const env = useTestEnv();
const [t] = useTenants(env, 'accept-groups');
let sourceId: string;

beforeAll(async () => {
  sourceId = await sources.ensure(env.db, t.tenantId, 'mdm');
});

const batch = (source: string) => ({ tenantId: t.tenantId, sourceId: source, eventsJson: '[]', eventCount: 0 });

describe('accepting batches in groups', () => {
  it('commits every batch accepted at once, each under its own id, and queues a job per group', async () => {
    const acceptor = batchAcceptor(env.db, env.queues, env.log);
    const ids = await Promise.all(Array.from({ length: 20 }, () => acceptor.accept(batch(sourceId))));
    expect(new Set(ids).size).toBe(20);
    for (const id of ids) {
      expect(await ingestBatches.find(env.db, t.tenantId, id)).toMatchObject({ status: 'accepted', source_id: sourceId });
    }
    // The first batch commits alone, the 19 that arrive meanwhile together: two jobs cover all 20.
    const queued = async () => (await env.queues.ingestBatch.getWaiting()).map((j) => (j.data as IngestBatchJob).batches.map((b) => b.id));
    await expect.poll(async () => (await queued()).flat().sort()).toEqual([...ids].sort());
    expect((await queued()).map((group) => group.length).sort((a, b) => a - b)).toEqual([1, 19]);
  });

  it('fails only the batch that cannot be committed, not the others of its group', async () => {
    const acceptor = batchAcceptor(env.db, env.queues, env.log);
    // The first goes alone; the next ones wait for it and form one group, the unknown source among them.
    const results = await Promise.allSettled([
      acceptor.accept(batch(sourceId)),
      acceptor.accept(batch(sourceId)),
      acceptor.accept(batch(randomUUID())),
      acceptor.accept(batch(sourceId)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    for (const r of results) {
      if (r.status === 'fulfilled') expect(await ingestBatches.find(env.db, t.tenantId, r.value)).toMatchObject({ status: 'accepted' });
    }
  });
});
