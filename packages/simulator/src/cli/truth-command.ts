import { writeTruth } from '../truth/write-truth.ts';
import { fleetFromArgs, type FleetArgs } from './cli-options.ts';

/** Writes device-days.ndjson and establishment-days.csv of the ground truth into --out. */
export async function truthCommand(args: FleetArgs & { out: string }) {
  const { plan, dates } = fleetFromArgs(args);
  const started = performance.now();
  const rows = await writeTruth(plan, dates, args.out);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stderr.write(
    `truth for ${dates[0]}..${dates.at(-1)}: ${rows.deviceRows} device-days, ${rows.establishmentRows} establishment-days in ${args.out} (${seconds}s)\n`,
  );
}
