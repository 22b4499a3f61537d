import { enqueue } from '@vigie/queue';
import { ingestBatches, rollupDirty } from '@vigie/store';
import { waitFor, type TestEnv } from './test-env.ts';

/** Test settings: rollups run 200 ms after their batch, stranded marks are swept every second. */
export const ROLLUP_TEST_ENV = { ROLLUP_DELAY_MS: '200', ROLLUP_SWEEP_AFTER_SECONDS: '1' };

/** Waits until every batch of the tenant is stored and every day it dirtied is rolled up. */
export async function rolledUp(env: TestEnv, tenantId: string, timeoutMs = 30_000) {
  await waitFor(async () => {
    const batches = await ingestBatches.countByStatus(env.db, tenantId);
    return !batches.accepted && (await rollupDirty.count(env.db, tenantId)) === 0;
  }, timeoutMs, 'rollups done');
}

/** Pushes events as a connector; fails the test on anything but 202. */
export async function push(env: TestEnv, token: string, events: unknown[], source = 'mdm') {
  const res = await env.app.inject({ method: 'POST', url: '/v1/ingest/events', headers: { authorization: `Bearer ${token}` }, payload: { source, events } });
  if (res.statusCode !== 202) throw new Error(`push answered ${res.statusCode}: ${res.body}`);
}

/** An instant from a local wall time: `local('2026-11-16', '10:00', '+01:00')`. */
export const local = (day: string, time: string, offset = '+01:00') => `${day}T${time}:00${offset}`;

/** Heartbeats every 15 minutes from `from` to `to` local time (HH:MM), on one local day. */
export function beats(deviceId: string, day: string, from: string, to: string, offset = '+01:00') {
  const events = [];
  const [fh, fm] = from.split(':').map(Number) as [number, number];
  const [th, tm] = to.split(':').map(Number) as [number, number];
  for (let m = fh * 60 + fm; m < th * 60 + tm; m += 15) {
    const time = `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
    events.push({ type: 'heartbeat', device_id: deviceId, observed_at: local(day, time, offset) });
  }
  return events;
}

export function session(deviceId: string, day: string, time: string, seconds: number, offset = '+01:00', appId = 'fr.ent.monlycee') {
  const started = local(day, time, offset);
  return { type: 'app_usage', device_id: deviceId, observed_at: started, started_at: started, app_id: appId, category: 'ent', duration_s: seconds };
}

export function measured(deviceId: string, day: string, seconds: number) {
  return { type: 'daily_activity', device_id: deviceId, observed_at: `${day}T23:00:00Z`, date: day, active_seconds: seconds };
}

export function device(deviceId: string, attributes: Record<string, unknown>, uai = '0770934X') {
  return { type: 'inventory', device_id: deviceId, observed_at: '2026-09-01T08:00:00+02:00', serial: `SN-${deviceId}`, establishment_uai: uai, status: 'in_service', acquired_on: '2025-09-01', ...attributes };
}

/** Marks every day of a range for the given establishments and waits until all are rolled up. */
export async function rollUpRange(env: TestEnv, tenantId: string, establishmentIds: string[], from: string, to: string) {
  const jobs = [];
  for (let d = from; d <= to; d = new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)) {
    for (const establishmentId of establishmentIds) jobs.push({ establishmentId, day: d });
  }
  await rollupDirty.mark(env.db, tenantId, jobs);
  await enqueue.rollupDays(env.queues, jobs.map((j) => ({ tenantId, ...j })), 0);
  await rolledUp(env, tenantId);
}
