import { describe, expect, it } from 'vitest';
import { QueueNames } from '@vigie/contracts';
import { queuePolicies, slotJobId } from './queue-policies.ts';

const limits = { worker: { concurrency: 8, ingestJobsInFlight: 32 }, connectors: { concurrency: 2 } };

describe('queue policies', () => {
  it('gives every queue a policy', () => {
    expect(Object.keys(queuePolicies).sort()).toEqual(Object.values(QueueNames).sort());
  });

  it('runs whole-tenant passes one at a time and syncs within their own limit', () => {
    const concurrency = Object.fromEntries(Object.entries(queuePolicies).map(([name, p]) => [name, p.concurrency(limits)]));
    expect(concurrency).toEqual({
      'ingest-batch': 32,
      'rollup-day': 8,
      'evaluate-obsolescence': 1,
      maintenance: 1,
      'pull-connector': 2,
      'evaluate-alerts': 1,
      'deliver-webhook': 4,
      recompute: 1,
    });
  });

  it('never retries a sync through BullMQ, and retries alert evaluations three times', () => {
    expect(queuePolicies['pull-connector'].jobOptions(5)).toMatchObject({ attempts: 1, removeOnFail: { count: 1_000 } });
    expect(queuePolicies['evaluate-alerts'].jobOptions(5)).toMatchObject({ attempts: 3 });
    expect(queuePolicies['ingest-batch'].jobOptions(5)).toMatchObject({
      attempts: 5,
      backoff: { type: 'exponential', delay: 1_000 },
      removeOnComplete: true,
    });
  });

  it("shares a debounced job id within a slot and not across slots, without BullMQ's separator", () => {
    expect(slotJobId('rollup-t-e-2026-03-10', 5_000, 10_000)).toBe(slotJobId('rollup-t-e-2026-03-10', 5_000, 14_999));
    expect(slotJobId('rollup-t-e-2026-03-10', 5_000, 15_000)).not.toBe(slotJobId('rollup-t-e-2026-03-10', 5_000, 14_999));
    expect(slotJobId('x', 0, 3)).toBe('x-3');
    const day = { tenantId: 't', establishmentId: 'e', day: '2026-03-10' };
    expect(queuePolicies['rollup-day'].jobId(day, 5_000, 12_000)).toBe('rollup-t-e-2026-03-10-2');
    expect(queuePolicies['evaluate-alerts'].jobId({ tenantId: 't', trigger: 'schedule' }, 61_000)).toBe('evaluate-t-schedule-1');
    expect(queuePolicies['ingest-batch'].jobId('b', 2)).toBe('b-r2');
  });
});
