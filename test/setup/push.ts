import { ingestBatches } from '@vigie/store';
import { waitFor, type TestEnv } from './test-env.ts';

// The one way tests push events as a connector would (POST /v1/ingest/events).

/** Posts a push envelope with a connector token and returns the answer, whatever its status. */
export function postEvents(env: Pick<TestEnv, 'app'>, token: string, events: unknown[], source = 'mdm') {
  return env.app.inject({
    method: 'POST',
    url: '/v1/ingest/events',
    headers: { authorization: `Bearer ${token}` },
    payload: { source, events },
  });
}

/** Pushes events; fails the test on anything but 202; returns the accepted batch's id. */
export async function push(env: Pick<TestEnv, 'app'>, token: string, events: unknown[], source = 'mdm'): Promise<string> {
  const res = await postEvents(env, token, events, source);
  if (res.statusCode !== 202) throw new Error(`push answered ${res.statusCode}: ${res.body}`);
  return res.json().batch_id as string;
}

/** Pushes events and waits until the worker has stored that batch (it must be running). */
export async function pushAndWait(
  env: Pick<TestEnv, 'app' | 'db'>,
  tenant: { tenantId: string; connector: string },
  events: unknown[],
  source = 'mdm',
  timeoutMs = 20_000,
) {
  const batchId = await push(env, tenant.connector, events, source);
  await batchStored(env, tenant.tenantId, batchId, timeoutMs);
  return batchId;
}

/** Waits until the worker has stored one batch. */
export async function batchStored(env: Pick<TestEnv, 'db'>, tenantId: string, batchId: string, timeoutMs = 20_000) {
  await waitFor(
    async () => (await ingestBatches.find(env.db, tenantId, batchId))?.status === 'stored',
    timeoutMs,
    `batch ${batchId} stored`,
  );
}

/** Waits until no batch of the tenant is still waiting for the worker. */
export async function allStored(env: Pick<TestEnv, 'db'>, tenantId: string, timeoutMs = 30_000) {
  await waitFor(async () => !(await ingestBatches.countByStatus(env.db, tenantId)).accepted, timeoutMs, 'every batch stored');
}
