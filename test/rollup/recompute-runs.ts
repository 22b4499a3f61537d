import { expect } from 'vitest';
import { type SeededTenant, type TestEnv, waitFor } from '../setup/test-env.ts';
import { streamedEvents } from '../setup/live-client.ts';

export interface RecomputeRuns {
  pending: boolean;
  items: { id: string; status: string; days_total: number; days_done: number; reason: string }[];
}

/** GET /v1/recompute as the tenant's operator. */
export async function listRuns(env: TestEnv, tenant: SeededTenant): Promise<RecomputeRuns> {
  return (await env.app.inject({ url: '/v1/recompute', headers: { authorization: `Bearer ${tenant.operator}` } })).json();
}

/** Waits until the run is done. */
export async function recomputeDone(env: TestEnv, tenant: SeededTenant, runId: string) {
  await waitFor(
    async () => (await listRuns(env, tenant)).items.find((r) => r.id === runId)?.status === 'done',
    30_000,
    `recompute ${runId} done`,
  );
}

/** The last progress the live stream carried for the tenant is the run's end, every day done. */
export async function expectDoneLive(env: TestEnv, tenant: SeededTenant, run: { id: string; reason: string; days_total: number }) {
  const progress = await streamedEvents(env, tenant.tenantId, 'recompute.progress');
  const { id: run_id, reason, days_total } = run;
  expect(progress.at(-1)).toEqual({ kind: 'recompute.progress', run_id, reason, status: 'done', days_total, days_done: days_total });
}
