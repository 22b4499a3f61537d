import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { appUsage, deviceDays, heartbeats, ingestBatches } from '@vigie/store';
import { seedTenant, waitFor } from '../setup/test-env.ts';
import { useTestEnv } from '../setup/use-test-env.ts';
import { baseTime, chunk, fleetEvents } from '../setup/events.ts';
import { push } from '../setup/push.ts';

const children: ChildProcess[] = [];

// Short locks so BullMQ hands a killed worker's job to the next worker within seconds; groups of
// two batches, so the worker dies with groups stored, one being stored and others waiting.
const WORKER_ENV = { WORKER_LOCK_MS: '2000', WORKER_CONCURRENCY: '4', INGEST_GROUP_MAX_EVENTS: '200' };
const env = useTestEnv({ env: WORKER_ENV });
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
});

function spawnWorker(): ChildProcess {
  const child = spawn(process.execPath, ['services/worker/src/main.ts'], {
    env: { ...process.env, ...env.env, ...WORKER_ENV, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.push(child);
  return child;
}

describe('a worker killed mid-batch', () => {
  it('loses nothing and counts nothing twice once another worker takes over', async () => {
    const tenant = await seedTenant(env, 'crash');
    const events = fleetEvents(200, baseTime(1), 20);
    const batches = chunk(events, 100);
    for (const batch of batches) await push(env, tenant.connector, batch, 'intune');

    const first = spawnWorker();
    // Kill while batches are stored and others are being processed: a real mid-batch death.
    await waitFor(
      async () =>
        ((await ingestBatches.countByStatus(env.db, tenant.tenantId)).stored?.batches ?? 0) >= 3 &&
        (await env.queues.ingestBatch.getActiveCount()) > 0,
      30_000,
      'batches stored and others in flight',
    );
    first.kill('SIGKILL');
    const afterKill = (await ingestBatches.countByStatus(env.db, tenant.tenantId)).stored?.batches ?? 0;
    expect(afterKill).toBeLessThan(batches.length);

    spawnWorker();
    await waitFor(
      async () => ((await ingestBatches.countByStatus(env.db, tenant.tenantId)).stored?.batches ?? 0) === batches.length,
      60_000,
      'every batch stored',
    );

    expect(await heartbeats.count(env.db, tenant.tenantId)).toBe(200 * 20);
    expect(await appUsage.count(env.db, tenant.tenantId)).toBe(200 * 2);
    expect(await deviceDays.totals(env.db, tenant.tenantId)).toMatchObject({ rows: 200, heartbeats: 200 * 20, usage_seconds: 200 * 720 });
  });
});
