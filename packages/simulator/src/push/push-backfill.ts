import { sourcedBatches } from '../delivery/sourced-batches.ts';
import type { Delivered } from '../events/delivered.ts';
import { fleetDays } from '../events/fleet-days.ts';
import { inventoryEvents } from '../events/inventory-events.ts';
import type { FleetPlan } from '../population/fleet-plan.ts';
import { progressBar } from './progress-bar.ts';
import { pushBatches, type PushSummary } from './push-events.ts';
import type { Api } from './vigie-client.ts';

export interface BackfillOptions {
  concurrency: number;
  /** Share of events sent twice, as connectors retrying do (0..1). */
  duplicateShare: number;
}

type Feed = (progress: () => void) => Iterable<Delivered>;

type ApiFor = (tenantCode: string) => Api;

async function pushWithBar(
  apiFor: ApiFor,
  plan: FleetPlan,
  options: BackfillOptions,
  bar: { label: string; total: number; unit: string },
  feed: Feed,
) {
  const progress = progressBar(bar.label, bar.total, bar.unit);
  let done = 0;
  const batches = sourcedBatches(
    feed(() => done++),
    { size: 100, seed: plan.seed, duplicateShare: options.duplicateShare },
  );
  const summary = await pushBatches(apiFor, batches, { concurrency: options.concurrency, onBatch: () => progress.update(done) });
  progress.finish(`${summary.accepted} accepted, ${summary.rejected} rejected`);
  return summary;
}

/** Pushes the fleet's inventory records as of `asOf` (one to three a device: re-enrolment, GLPI), with a progress bar. */
export async function pushInventory(apiFor: ApiFor, plan: FleetPlan, asOf: number, options: BackfillOptions): Promise<PushSummary> {
  let records = 0;
  for (const _ of inventoryEvents(plan, asOf)) records++;
  return pushWithBar(apiFor, plan, options, { label: 'inventory', total: records, unit: 'records' }, function* (progress) {
    for (const e of inventoryEvents(plan, asOf)) {
      progress();
      yield e;
    }
  });
}

/**
 * Pushes every event of the dates delivered before `now`, device-day by device-day (late uploads
 * included), with a progress bar.
 */
export async function pushBackfill(
  apiFor: ApiFor,
  plan: FleetPlan,
  dates: readonly string[],
  now: number,
  options: BackfillOptions,
): Promise<PushSummary> {
  const bar = { label: 'backfill ', total: plan.deviceCount * dates.length, unit: 'device-days' };
  return pushWithBar(apiFor, plan, options, bar, function* (progress) {
    for (const d of fleetDays(plan, dates)) {
      progress();
      for (const e of d.delivered) if (e.deliverAt < now) yield e;
    }
  });
}
