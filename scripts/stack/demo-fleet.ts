import { addDays, localDate } from '@vigie/calendar';
import {
  datesFrom,
  planFleet,
  provisionFleet,
  progressBar,
  pushBackfill,
  pushInventory,
  type FleetPlan,
  type ProvisionedTenant,
  type PushSummary,
} from '@vigie/simulator';
import type { Stack } from './vigie-stack.ts';
import { outboxCounts, waitUntilStored } from './wait-stored.ts';

// The demo fleet (a département of collèges, one in La Réunion) as `npm run demo`, `npm run
// bench:web` and the screenshots script load it: one home, so all three show the same dashboard.

export interface DemoFleetOptions {
  seed: number;
  devices: number;
  establishments: number;
  days: number;
}

export const DEMO_FLEET: DemoFleetOptions = { seed: 77, devices: 5000, establishments: 20, days: 14 };

export const demoPlan = (options: DemoFleetOptions) =>
  planFleet({ seed: options.seed, establishments: options.establishments, devices: options.devices, tenantPrefix: 'demo-' });

/** The `days` local days up to today in Paris, oldest first. */
export function demoDates(days: number): string[] {
  const today = localDate(new Date(), 'Europe/Paris');
  return datesFrom(addDays(today, 1 - days), days);
}

const number = new Intl.NumberFormat('en-US');

/**
 * Provisions the plan's tenant through the API (reused when it exists), pushes its inventory and the
 * dates' activity up to now, and waits until the worker has stored every batch. `say` gets progress.
 */
export async function loadDemoFleet(
  stack: Stack,
  plan: FleetPlan,
  dates: string[],
  say: (line?: string) => void,
): Promise<{ tenant: ProvisionedTenant; sentUntil: number }> {
  const tenant = [...(await provisionFleet({ baseUrl: stack.baseUrl, token: stack.adminToken }, plan, 'demo')).values()][0]!;
  const reuse = tenant.created ? 'Created' : 'Reusing (devices of earlier runs stay)';
  say(
    `${reuse} tenant ${tenant.code}: ${plan.establishments.length} collèges, ${number.format(plan.deviceCount)} devices, ${dates.length} days from ${dates[0]}.`,
  );
  const before = await outboxCounts(stack.db, tenant.tenantId);
  const options = { concurrency: 4, duplicateShare: 0.01 };
  const connector = () => tenant.connector;
  const now = Date.now();
  const accepted = (summary: PushSummary) => {
    if (summary.rejected > 0) say(`  ${summary.rejected} events were rejected, e.g. ${JSON.stringify(summary.firstRejection)}`);
    return summary.accepted;
  };
  const sent =
    accepted(await pushInventory(connector, plan, Date.parse(`${dates[0]}T00:00:00Z`), options)) +
    accepted(await pushBackfill(connector, plan, dates, now, options));
  const bar = progressBar('stored   ', sent);
  const stored = await waitUntilStored(stack.db, tenant.tenantId, before, bar);
  bar.update(stored.storedEvents - before.storedEvents);
  bar.finish();
  return { tenant, sentUntil: now };
}
