import { addDays, localDate } from '@vigie/calendar';
import { commandLine } from '@vigie/config';
import { FleetTooLargeError, planFleet, type FleetPlan, type FleetShape } from '../population/fleet-plan.ts';
import { datesFrom } from '../events/fleet-days.ts';

export const { UsageError, positiveInt } = commandLine;

/** The options every command shares: which fleet, over which dates. */
export const FLEET_OPTIONS = {
  seed: { type: 'string', default: '1', valueName: 'N', description: 'the same seed gives the same fleet and events' },
  devices: { type: 'string', default: '5000', valueName: 'N', description: 'devices in the fleet' },
  shape: { type: 'string', default: 'departement', description: 'departement (one tenant, collèges) or territory (several tenants)' },
  establishments: { type: 'string', valueName: 'N', description: 'establishments (default: from the device count)' },
  'tenant-prefix': { type: 'string', default: '', valueName: 'P', description: 'prefix of tenant codes, to push the same fleet twice' },
  from: { type: 'string', valueName: 'DATE', description: 'first date YYYY-MM-DD (default: the last --days days up to today)' },
  days: { type: 'string', default: '1', valueName: 'N', description: 'number of dates' },
} as const;

export interface FleetArgs {
  seed: string;
  devices: string;
  shape: string;
  establishments?: string;
  'tenant-prefix': string;
  from?: string;
  days: string;
}

/** A finite number within [min, max] (`min` excluded when `openMin`), or a usage error naming the option. */
export function numberIn(name: string, value: string, min: number, max: number, openMin = false): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || (openMin && n === min) || n > max) {
    throw new UsageError(
      `--${name} must be a number ${openMin ? 'above' : 'from'} ${min}${Number.isFinite(max) ? ` to ${max}` : ''}, got "${value}"`,
    );
  }
  return n;
}

/** The plan and the local dates a command line asks for; --from defaults to the last `days` days up to today (Paris). */
export function fleetFromArgs(args: FleetArgs): { plan: FleetPlan; dates: string[] } {
  if (args.shape !== 'departement' && args.shape !== 'territory')
    throw new UsageError(`--shape is departement or territory, got "${args.shape}"`);
  const days = positiveInt('days', args.days);
  if (args.from !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(args.from))
    throw new UsageError(`--from is a date YYYY-MM-DD, got "${args.from}"`);
  const from = args.from ?? addDays(localDate(new Date(), 'Europe/Paris'), 1 - days);
  const shape = {
    seed: positiveInt('seed', args.seed),
    devices: positiveInt('devices', args.devices),
    shape: args.shape as FleetShape,
    ...(args.establishments ? { establishments: positiveInt('establishments', args.establishments) } : {}),
    tenantPrefix: args['tenant-prefix'],
  };
  try {
    return { plan: planFleet(shape), dates: datesFrom(from, days) };
  } catch (error) {
    // Too large for one process is a bad command line: its message names the option to lower.
    if (error instanceof FleetTooLargeError) throw new UsageError(error.message);
    throw error;
  }
}
