import { expect } from 'vitest';
import { addDays } from '@vigie/calendar';
import { apiTokens } from '@vigie/store';
import {
  fleetDays,
  inventoryEvents,
  provisionFleet,
  pushBatches,
  sourcedBatches,
  type Delivered,
  type FleetPlan,
  type ProvisionedTenant,
  type SimulatedDeviceDay,
} from '@vigie/simulator';
import { rolledUp } from './rollups.ts';
import type { TestEnv } from './test-env.ts';
import { closeDays } from '../../services/worker/src/jobs/maintenance.ts';
import { rollupQueueDrained } from './queues-drained.ts';

export interface PushedFleet {
  tenant: ProvisionedTenant;
  /** Every simulated device-day of the dates, in plan order. */
  days: SimulatedDeviceDay[];
  /** The inventory records pushed (as of `inventoryAsOf`). */
  records: Delivered[];
  duplicateBatches: number;
  lateEvents: number;
}

/**
 * Provisions a planned fleet (its first tenant) through the API of `env`, pushes its inventory and
 * the dates' activity in delivery order (5 % of batches twice), and waits until every day is rolled
 * up, the hourly task having closed each day as it would have day after day. Needs a running worker
 * and ROLLUP_TEST_ENV.
 */
export async function pushFleetAndRollUp(env: TestEnv, plan: FleetPlan, dates: readonly string[], name: string, inventoryAsOf: number) {
  const address = await env.app.listen({ host: '127.0.0.1', port: 0 });
  const admin = await apiTokens.create(env.db, { tenantId: null, role: 'admin', name });
  const tenant = [...(await provisionFleet({ baseUrl: address, token: admin.token }, plan, name)).values()][0]!;
  const days: SimulatedDeviceDay[] = [];
  const delivered: Delivered[] = [];
  for (const day of fleetDays(plan, dates)) {
    days.push(day);
    delivered.push(...day.delivered);
  }
  const lateEvents = delivered.filter((d) => d.deliverAt - Date.parse(d.event.observed_at) > 3_600_000).length;
  delivered.sort((a, b) => a.deliverAt - b.deliverAt);
  let duplicateBatches = 0;
  function* counted(items: Iterable<Delivered>) {
    for (const batch of sourcedBatches(items, { size: 100, seed: plan.seed, duplicateShare: 0.05 })) {
      if (batch.duplicate) duplicateBatches++;
      yield batch;
    }
  }
  const push = (items: Iterable<Delivered>) => pushBatches(() => tenant.connector, counted(items), { concurrency: 4 });
  const records = [...inventoryEvents(plan, inventoryAsOf)];
  const inventory = await push(records);
  // No wait in between: the worker may store activity before the inventory, and the first rollups
  // then run before every device is placed (test/rollup/rollup-late-placement.test.ts).
  const activity = await push(delivered);
  expect(inventory.rejected + activity.rejected).toBe(0);
  // Generous: the weeks carry the left-on devices' day-long check-ins, and a shared CI machine is slow.
  await rolledUp(env, tenant.tenantId, 90_000);
  // The hourly task closes each establishment's yesterday after its midnight, as it would have day
  // after day: days nothing reached Vigie about (the outage, holidays) are rolled up too.
  for (const date of dates) await closeDays(env.db, env.queues, new Date(`${addDays(date, 1)}T12:00:00Z`), 0, null);
  await rolledUp(env, tenant.tenantId, 20_000);
  // A mark can be cleared before a later job of the same day has run: wait for the queue as well.
  await rollupQueueDrained(env, 10_000);
  await rolledUp(env, tenant.tenantId, 5_000);
  return { tenant, days, records, duplicateBatches, lateEvents } satisfies PushedFleet;
}
