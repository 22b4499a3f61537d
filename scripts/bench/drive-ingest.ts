import type { Db } from '@vigie/store';
import { progressBar, pushBatches, sourcedBatches, type Api, type Delivered, type PushSummary } from '@vigie/simulator';
import { outboxCounts, waitUntilStored } from '../stack/wait-stored.ts';
import { storedTimes } from './bench-database.ts';
import { percentile } from './stats.ts';

export interface DriveOptions {
  label: string;
  seed: number;
  concurrency: number;
  total: number;
  databaseUrl: string;
  /**
   * Runs once every request is answered, before waiting for the worker: the split mode's CPU sample
   * and the resume of the paused queue. Returns when storing starts (ms), if not at the first request.
   */
  onAccepted?: () => Promise<number | undefined>;
}

export interface DriveResult {
  push: PushSummary;
  latenciesMs: number[];
  /** Seconds from each batch's 202 to its stored_at. */
  freshnessS: number[];
  /** Seconds from the first request to the last batch stored. */
  endToEndSeconds: number;
  /** Seconds from when storing could start (onAccepted's answer, else the first request) to the last batch stored. */
  storeSeconds: number;
}

/**
 * Pushes events through the API with `concurrency` requests in flight, waits until the worker has
 * stored every batch, and measures per-request latency and per-batch freshness.
 */
export async function driveIngest(
  db: Db,
  connector: Api,
  tenantId: string,
  events: Iterable<Delivered>,
  options: DriveOptions,
): Promise<DriveResult> {
  const before = await outboxCounts(db, tenantId);
  const acceptedAt = new Map<string, number>();
  const latenciesMs: number[] = [];
  const sendBar = progressBar(`${options.label} sent  `, options.total);
  let sent = 0;
  // The simulator's sources (jamf, intune, google-admin, glpi...) each get their own requests. They
  // are all generated before the clock starts, as the COPY baseline's rows are: the simulator's
  // CPU must not be counted against Vigie on a 2-core machine.
  const batches = [...sourcedBatches(events, { size: 100, seed: options.seed })];
  const push = await pushBatches(() => connector, batches, {
    concurrency: options.concurrency,
    onBatch: (batch) => {
      latenciesMs.push(batch.latencyMs);
      if (batch.batchId) acceptedAt.set(batch.batchId, batch.acceptedAt);
      sendBar.update((sent += batch.events));
    },
  });
  sendBar.finish();
  if (push.rejected > 0) throw new Error(`${push.rejected} events were rejected, e.g. ${JSON.stringify(push.firstRejection)}`);
  const storeFrom = (await options.onAccepted?.()) ?? push.startedAt;

  const storeBar = progressBar(`${options.label} stored`, push.accepted);
  const after = await waitUntilStored(db, tenantId, before, storeBar);
  storeBar.update(after.storedEvents - before.storedEvents);
  storeBar.finish();

  const storedAt = await storedTimes(options.databaseUrl, tenantId);
  const freshnessS: number[] = [];
  let lastStored = 0;
  for (const [batchId, accepted] of acceptedAt) {
    const stored = storedAt.get(batchId);
    if (stored === undefined) throw new Error(`batch ${batchId} was accepted but is not stored`);
    freshnessS.push((stored - accepted) / 1000);
    lastStored = Math.max(lastStored, stored);
  }
  return {
    push,
    latenciesMs,
    freshnessS,
    endToEndSeconds: (lastStored - push.startedAt) / 1000,
    storeSeconds: (lastStored - storeFrom) / 1000,
  };
}

export const summarize = (values: number[]) => ({
  p50: percentile(values, 50),
  p95: percentile(values, 95),
  p99: percentile(values, 99),
  max: percentile(values, 100),
});
