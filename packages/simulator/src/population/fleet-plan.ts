import { uaiCheckLetter } from '@vigie/contracts';
import {
  DEDICATIONS,
  ESTABLISHMENT_SIZES,
  HAUTS_DE_FRANCE,
  LA_REUNION,
  LYON,
  SEINE_ET_MARNE,
  type Territory,
} from '../catalog/territories.ts';
import { OUTAGE } from '../delivery/outage-window.ts';
import { planGroups, type DeviceGroup } from './device-groups.ts';
import { intBetween, randomFor, type Random } from './prng.ts';

/**
 * departement: one Département de Seine-et-Marne tenant whose last collège sits in La Réunion (a
 * demo convenience: one token sees two time zones). territory: a commune (écoles, zone A), a
 * département (collèges, zone C), a région (lycées, zone B) and the Département de La Réunion.
 */
export type FleetShape = 'departement' | 'territory';

export interface FleetOptions {
  seed: number;
  devices: number;
  shape?: FleetShape;
  /** Establishments of the departement shape (default: one per 250 devices). */
  establishments?: number;
  /** Prefix of tenant codes, so two runs on one database do not collide. */
  tenantPrefix?: string;
  /**
   * Local minute the network outage starts (default 09:00). From 0, the outage establishment is silent
   * from midnight: the establishment-wide silence an outage alert is about.
   */
  outageFromMinute?: number;
  /**
   * Local minute the network outage ends (default 14:00). With 0 and 24 * 60 the network is down all
   * day: classes do without devices, and nothing of that day ever reaches Vigie (an outage day).
   */
  outageToMinute?: number;
}

/** heavy/average/under: steady use levels; pilot: a wave that ramps up week after week from `pilotStart`. */
export type UsageProfile = 'heavy' | 'average' | 'under' | 'pilot';

export interface PlannedEstablishment {
  /** Index in the whole fleet. */
  index: number;
  tenantCode: string;
  uai: string;
  name: string;
  type: 'ecole' | 'college' | 'lycee';
  academie: string;
  calendarZone: string;
  timeZone: string;
  pupils: number;
  profile: UsageProfile;
  pilotStart: string;
  /** The one establishment whose network goes down (see delivery/delivery-delays.ts). */
  outage: boolean;
  /** Local minutes its outages start and end. */
  outageFromMinute: number;
  outageToMinute: number;
  deviceCount: number;
  groups: DeviceGroup[];
}

export interface PlannedTenant {
  code: string;
  name: string;
  kind: Territory['kind'];
}

/** The tenants, establishments and device groups of a fleet; devices themselves are derived on demand. */
export interface FleetPlan {
  seed: number;
  tenants: PlannedTenant[];
  establishments: PlannedEstablishment[];
  deviceCount: number;
}

/** Integer parts of `total` proportional to the weights, summing exactly to `total` (largest remainder). */
export function splitProportionally(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const parts = exact.map(Math.floor);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0]);
  const missing = total - parts.reduce((a, b) => a + b, 0);
  for (let k = 0; k < missing; k++) parts[order[k % order.length]![1]]! += 1;
  return parts;
}

const PROFILES: UsageProfile[] = ['heavy', 'average', 'average', 'average', 'under', 'pilot'];
const PREFIX = { ecole: 'École élémentaire', college: 'Collège', lycee: 'Lycée' } as const;

function pickProfile(random: Random, index: number): UsageProfile {
  // The first establishments cover every profile, so even a two-establishment fleet is varied.
  return index < 2 ? (['average', 'pilot'] as const)[index]! : PROFILES[Math.floor(random() * PROFILES.length)]!;
}

/** A fleet asks for more establishments than one département's UAI numbers can hold. */
export class FleetTooLargeError extends Error {
  override name = 'FleetTooLargeError';
}

// Four free digits per département; past 9,000 drawing an unused one gets slow, past 10,000 impossible.
const MAX_ESTABLISHMENTS_PER_DEPARTEMENT = 9_000;

function uaiIn(random: Random, territory: Territory, used: Set<string>, perDepartement: Map<string, number>): string {
  const count = (perDepartement.get(territory.departement) ?? 0) + 1;
  perDepartement.set(territory.departement, count);
  if (count > MAX_ESTABLISHMENTS_PER_DEPARTEMENT) {
    throw new FleetTooLargeError(
      `more than ${MAX_ESTABLISHMENTS_PER_DEPARTEMENT} establishments in département ${territory.departement}: lower --devices or use --shape territory`,
    );
  }
  let digits: string;
  do digits = `${territory.departement.slice(-3).padStart(3, '0')}${String(intBetween(random, 0, 9999)).padStart(4, '0')}`;
  while (used.has(digits));
  used.add(digits);
  return digits + uaiCheckLetter(digits);
}

function territoriesOf(options: FleetOptions): { territory: Territory; devices: number; establishments: number; tenant: Territory }[] {
  const total = options.devices;
  if ((options.shape ?? 'departement') === 'departement') {
    const count = Math.max(1, options.establishments ?? Math.round(total / ESTABLISHMENT_SIZES.college.devices));
    if (count === 1) return [{ territory: SEINE_ET_MARNE, tenant: SEINE_ET_MARNE, devices: total, establishments: 1 }];
    const overseas = Math.round(total / count);
    return [
      { territory: SEINE_ET_MARNE, tenant: SEINE_ET_MARNE, devices: total - overseas, establishments: count - 1 },
      { territory: LA_REUNION, tenant: SEINE_ET_MARNE, devices: overseas, establishments: 1 },
    ];
  }
  const parts = splitProportionally(total, [0.08, 0.3, 0.55, 0.07]);
  return [LYON, SEINE_ET_MARNE, HAUTS_DE_FRANCE, LA_REUNION].map((territory, i) => ({
    territory,
    tenant: territory,
    devices: parts[i]!,
    establishments: Math.max(1, Math.round(parts[i]! / ESTABLISHMENT_SIZES[territory.establishmentType].devices)),
  }));
}

/** Plans tenants and establishments; the second establishment of the fleet is the one with a network outage. */
export function planFleet(options: FleetOptions): FleetPlan {
  const random = randomFor(options.seed, 'plan');
  const prefix = options.tenantPrefix ?? '';
  const used = new Set<string>();
  const perDepartement = new Map<string, number>();
  const establishments: PlannedEstablishment[] = [];
  const tenants = new Map<string, PlannedTenant>();
  for (const part of territoriesOf(options)) {
    const { territory } = part;
    const tenantCode = `${prefix}${part.tenant.code}`;
    tenants.set(tenantCode, { code: tenantCode, name: part.tenant.name, kind: part.tenant.kind });
    const sizes = splitProportionally(
      part.devices,
      Array.from({ length: part.establishments }, () => 0.6 + random()),
    );
    const size = ESTABLISHMENT_SIZES[territory.establishmentType];
    for (const deviceCount of sizes) {
      const index = establishments.length;
      const town = territory.towns[index % territory.towns.length]!;
      establishments.push({
        index,
        tenantCode,
        uai: uaiIn(random, territory, used, perDepartement),
        name: `${PREFIX[territory.establishmentType]} ${DEDICATIONS[(index * 7 + options.seed) % DEDICATIONS.length]!}, ${town}`,
        type: territory.establishmentType,
        academie: territory.academie,
        calendarZone: territory.calendarZone,
        timeZone: territory.timeZone,
        pupils: intBetween(random, size.pupils[0], size.pupils[1]),
        profile: pickProfile(random, index),
        pilotStart: `2026-${String(intBetween(random, 9, 11)).padStart(2, '0')}-${String(intBetween(random, 1, 28)).padStart(2, '0')}`,
        outage: index === 1,
        outageFromMinute: options.outageFromMinute ?? OUTAGE.fromMinute,
        outageToMinute: options.outageToMinute ?? OUTAGE.toMinute,
        deviceCount,
        groups: planGroups(randomFor(options.seed, 'groups', index), territory.establishmentType, deviceCount),
      });
    }
  }
  return { seed: options.seed, tenants: [...tenants.values()], establishments, deviceCount: options.devices };
}
