import { addDays, localDate } from '@vigie/calendar';
import { planFleet, type FleetPlan, type FleetShape } from '../fleet/fleet-plan.ts';
import { datesFrom } from '../events/fleet-days.ts';

/** A bad command line: the message says which option and what is expected. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export const FLEET_OPTIONS = {
  seed: { type: 'string', default: '1' },
  devices: { type: 'string', default: '5000' },
  shape: { type: 'string', default: 'departement' },
  establishments: { type: 'string' },
  'tenant-prefix': { type: 'string', default: '' },
  from: { type: 'string' },
  days: { type: 'string', default: '1' },
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

export function positiveInt(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${name} must be a positive integer, got "${value}"`);
  return n;
}

/** A finite number within [min, max] (`min` excluded when `openMin`), or a usage error naming the option. */
export function numberIn(name: string, value: string, min: number, max: number, openMin = false): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || (openMin && n === min) || n > max) {
    throw new UsageError(`--${name} must be a number ${openMin ? 'above' : 'from'} ${min}${Number.isFinite(max) ? ` to ${max}` : ''}, got "${value}"`);
  }
  return n;
}

/** The plan and the local dates a command line asks for; --from defaults to the last `days` days up to today (Paris). */
export function fleetFromArgs(args: FleetArgs): { plan: FleetPlan; dates: string[] } {
  if (args.shape !== 'departement' && args.shape !== 'territory') throw new UsageError(`--shape is departement or territory, got "${args.shape}"`);
  const days = positiveInt('days', args.days);
  if (args.from !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(args.from)) throw new UsageError(`--from is a date YYYY-MM-DD, got "${args.from}"`);
  const from = args.from ?? addDays(localDate(new Date(), 'Europe/Paris'), 1 - days);
  const plan = planFleet({
    seed: positiveInt('seed', args.seed),
    devices: positiveInt('devices', args.devices),
    shape: args.shape as FleetShape,
    ...(args.establishments ? { establishments: positiveInt('establishments', args.establishments) } : {}),
    tenantPrefix: args['tenant-prefix'],
  });
  return { plan, dates: datesFrom(from, days) };
}
