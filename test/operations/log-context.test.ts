import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@vigie/config';
import { createRedis } from '@vigie/queue';
import { buildApp } from '../../services/api/src/app.ts';
import { startWorkers } from '../../services/worker/src/worker.ts';
import { baseTime, heartbeat, inventory } from '../setup/events.ts';
import { batchStored, postEvents } from '../setup/push.ts';
import { waitFor } from '../setup/test-env.ts';
import { useTenants, useTestEnv } from '../setup/use-test-env.ts';

const env = useTestEnv({ env: { ROLLUP_DELAY_MS: '200' } });
const [tenant] = useTenants(env, 'logs-a');
const lines: Record<string, unknown>[] = [];
const sink = new Writable({
  write(chunk, _encoding, done) {
    for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
    done();
  },
});
const log = createLogger({ level: 'info', name: 'log-context' }, sink);
let app: Awaited<ReturnType<typeof buildApp>>;
let worker: { close(): Promise<void> };

beforeAll(async () => {
  app = await buildApp({ ...env, log });
  worker = await startWorkers({ db: env.db, queues: env.queues, config: env.config, log }, createRedis(env.config.redis.url));
});
afterAll(async () => {
  await worker?.close();
  await app?.close();
});

describe('log lines an operator can follow', () => {
  it('carry the request id and tenant of a request, and the job id, queue and tenant of the jobs it leads to', async () => {
    const base = baseTime();
    const res = await postEvents({ app }, tenant.connector, [inventory('l1', base), heartbeat('l1', base, 5)]);
    expect(res.statusCode, res.body).toBe(202);
    await batchStored(env, tenant.tenantId, res.json().batch_id as string, 30_000);
    await waitFor(async () => lines.some((l) => l.queue === 'ingest-batch' && l.jobId), 10_000, 'a log line of the ingest job');

    const completed = lines.find((l) => l.msg === 'request completed' && l.reqId === res.headers['x-request-id']);
    expect(completed).toMatchObject({ tenantId: tenant.tenantId });
    const jobLines = lines.filter((l) => l.queue === 'ingest-batch');
    expect(jobLines.length).toBeGreaterThan(0);
    for (const line of jobLines) expect(line).toMatchObject({ jobId: expect.any(String), tenantId: tenant.tenantId });
  });

  it('say that a job failed, with its error, its tenant and whether it will be retried', async () => {
    // A payload the handler refuses: it fails for good on its first attempt.
    await env.queues.rollupDay.add('rollup-day', { tenantId: tenant.tenantId }, { jobId: 'bad-rollup-payload' });
    await waitFor(async () => lines.some((l) => l.msg === 'job failed' && l.jobId === 'bad-rollup-payload'), 10_000, 'the failure logged');
    const failed = lines.find((l) => l.msg === 'job failed' && l.jobId === 'bad-rollup-payload');
    expect(failed).toMatchObject({ level: 50, queue: 'rollup-day', tenantId: tenant.tenantId, final: true });
    expect(String((failed!.err as { message?: string }).message)).toMatch(/bad rollup-day payload/);
  });
});
