import type { FleetPlan } from '../population/fleet-plan.ts';
import { keepFleetLive } from '../push/live-fleet.ts';
import { provisionFleet } from '../push/provision-fleet.ts';
import { pushBackfill, pushInventory } from '../push/push-backfill.ts';
import type { Api } from '../push/vigie-client.ts';
import { fleetFromArgs, numberIn, positiveInt, UsageError, type FleetArgs } from './cli-options.ts';

export interface PushArgs extends FleetArgs {
  url: string;
  'admin-token'?: string;
  token?: string;
  concurrency: string;
  duplicates: string;
  live: boolean;
  replay: boolean;
  speed: string;
}

async function connectors(args: PushArgs, plan: FleetPlan): Promise<(tenantCode: string) => Api> {
  if (args['admin-token']) {
    const tenants = await provisionFleet({ baseUrl: args.url, token: args['admin-token'] }, plan, 'simulator');
    return (code) => tenants.get(code)!.connector;
  }
  if (!args.token)
    throw new UsageError(
      'push needs --admin-token (provisions tenants, establishments and carts) or --token (a connector token of an already provisioned single-tenant fleet)',
    );
  if (plan.tenants.length > 1)
    throw new UsageError(`--token serves one tenant but this fleet has ${plan.tenants.length}; use --admin-token`);
  const api = { baseUrl: args.url, token: args.token };
  return () => api;
}

/**
 * Backfills the dates (inventory, then every event delivered before now, late uploads included,
 * with a progress bar), then with --live keeps pushing on a clock running --speed times real time.
 * With --replay the dates are not backfilled but played on that clock from their first midnight
 * (--speed 2000: a school week in five minutes), then the command ends.
 */
export async function pushCommand(args: PushArgs) {
  const { plan, dates } = fleetFromArgs(args);
  const apiFor = await connectors(args, plan);
  // Checked before anything is sent: NaN here used to push nothing and report success.
  const concurrency = positiveInt('concurrency', args.concurrency);
  const duplicateShare = numberIn('duplicates', args.duplicates, 0, 1);
  const speed = numberIn('speed', args.speed, 0, Number.POSITIVE_INFINITY, true);
  const now = Date.now();
  await pushInventory(apiFor, plan, Date.parse(`${dates[0]}T00:00:00Z`), { concurrency, duplicateShare });
  if (args.replay) {
    const from = Date.parse(`${dates[0]}T00:00:00Z`);
    const until = Date.parse(`${dates.at(-1)}T00:00:00Z`) + 2 * 86_400_000;
    process.stderr.write(`replaying ${dates[0]}..${dates.at(-1)} at ${args.speed}x real time\n`);
    await live(plan, apiFor, from, speed, until);
    return;
  }
  await pushBackfill(apiFor, plan, dates, now, { concurrency, duplicateShare });
  if (!args.live) return;
  process.stderr.write(`live at ${args.speed}x real time; Ctrl-C to stop\n`);
  await live(plan, apiFor, now, speed);
}

/** Pushes on the simulated clock until `until` or Ctrl-C, a line per tick. */
async function live(plan: FleetPlan, apiFor: (tenantCode: string) => Api, from: number, speed: number, until?: number) {
  const feed = keepFleetLive(plan, apiFor, {
    sentUntil: from,
    everyMs: 10_000,
    speed,
    ...(until === undefined ? {} : { until }),
    onTick: (t) =>
      process.stderr.write(
        `${new Date(t.at).toISOString()} ${t.heartbeats} heartbeats, ${t.sessions} sessions, ${t.reports} daily reports\n`,
      ),
    onError: (error) => process.stderr.write(`live push failed, retrying at the next tick: ${(error as Error).message}\n`),
  });
  const interrupted = new Promise<void>((resolve) => process.once('SIGINT', resolve));
  await Promise.race([feed.done, interrupted]);
  await feed.stop();
}
