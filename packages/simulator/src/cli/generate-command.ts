import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { fleetDays } from '../events/fleet-days.ts';
import { inventoryEvents } from '../events/inventory-events.ts';
import type { Delivered } from '../events/delivered.ts';
import { progressBar } from '../push/progress-bar.ts';
import { fleetFromArgs, type FleetArgs } from './cli-options.ts';

/**
 * Streams the fleet's inventory and its events for the dates as NDJSON ({deliver_at, tenant,
 * source, event}) to --out (a file or "-"), or only counts them. Prints counts and speed to stderr.
 */
export async function generateCommand(args: FleetArgs & { out?: string }) {
  const { plan, dates } = fleetFromArgs(args);
  const out: Writable | null = args.out === undefined ? null : args.out === '-' ? process.stdout : createWriteStream(args.out);
  const started = performance.now();
  const counts: Record<string, number> = {};
  let bytes = 0;
  const emit = async (d: Delivered) => {
    const line = `${JSON.stringify({ deliver_at: new Date(d.deliverAt).toISOString(), tenant: d.tenantCode, source: d.source, event: d.event })}\n`;
    bytes += line.length;
    counts[d.event.type] = (counts[d.event.type] ?? 0) + 1;
    // Back-pressure: the writer never holds more than its buffer.
    if (out && !out.write(line)) await once(out, 'drain');
  };
  for (const d of inventoryEvents(plan, Date.parse(`${dates[0]}T00:00:00Z`))) await emit(d);
  const bar = progressBar('generate', plan.deviceCount * dates.length, 'device-days');
  let deviceDays = 0;
  for (const d of fleetDays(plan, dates)) {
    for (const e of d.delivered) await emit(e);
    if (++deviceDays % 10_000 === 0) bar.update(deviceDays);
  }
  bar.update(deviceDays);
  bar.finish();
  if (out && out !== process.stdout) {
    out.end();
    await once(out, 'finish');
  }
  const seconds = (performance.now() - started) / 1000;
  const events = Object.values(counts).reduce((a, b) => a + b, 0);
  const summary = {
    devices: plan.deviceCount,
    establishments: plan.establishments.length,
    tenants: plan.tenants.length,
    dates,
    device_days: deviceDays,
    events,
    by_type: counts,
    mib: Math.round(bytes / 1048576),
    seconds: Math.round(seconds * 10) / 10,
    events_per_s: Math.round(events / seconds),
    peak_rss_mib: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  process.stderr.write(`${JSON.stringify(summary)}\n`);
}
