import type { DeviceStatuses } from '@vigie/contracts';
import type { DeviceModel } from '../catalog/device-models.ts';
import type { DeviceGroup } from './device-groups.ts';
import type { FleetPlan, PlannedEstablishment } from './fleet-plan.ts';
import { intBetween, pick, pickWeighted, randomFor, type Random } from './prng.ts';
import { sourcesOf, type DeviceSources } from './device-sources.ts';

/** What happens to a device over time: nothing, never used, or broken/lost (stops reporting) from a date. */
export interface Fate {
  kind: 'ok' | 'never_used' | 'broken' | 'lost';
  from: string | null;
}

export interface Device {
  establishment: PlannedEstablishment;
  group: DeviceGroup;
  index: number;
  serial: string;
  model: DeviceModel;
  osVersion: string;
  status: (typeof DeviceStatuses)[number];
  acquiredOn: string;
  warrantyEnd: string;
  batteryHealthPct: number | null;
  fate: Fate;
  /** Scales its group's lesson use (0.6-1.1); 0 for a device nobody uses. */
  activity: number;
  /** Seconds after each 5-minute mark at which the device checks in, so check-ins spread out. */
  checkInOffsetS: number;
  sources: DeviceSources;
}

const STATUSES = [
  { status: 'in_service', weight: 95 },
  { status: 'in_repair', weight: 3 },
  { status: 'lost', weight: 1 },
  { status: 'retired', weight: 1 },
] as const;
const FATES = [
  { kind: 'ok', weight: 90 },
  { kind: 'never_used', weight: 6 },
  { kind: 'broken', weight: 3 },
  { kind: 'lost', weight: 1 },
] as const;
// Broken and lost devices stop reporting on a day spread over two school years around now.
const FATE_EPOCH = Date.parse('2025-09-01T00:00:00Z');
const FATE_SPAN_DAYS = 670;

/** The group holding a device index (an establishment has a handful of groups). */
function groupOf(establishment: PlannedEstablishment, index: number): DeviceGroup {
  const group = establishment.groups.find((g) => index >= g.first && index < g.first + g.size);
  if (!group) throw new RangeError(`device ${index} is outside ${establishment.uai} (${establishment.deviceCount} devices)`);
  return group;
}

function purchaseDate(random: Random, model: DeviceModel): string {
  const year = intBetween(random, model.acquiredYears[0], model.acquiredYears[1]);
  // Orders are delivered around the start of the school year.
  const month = pick(random, [6, 7, 8, 9, 10, 11]);
  return `${year}-${String(month).padStart(2, '0')}-${String(intBetween(random, 1, 28)).padStart(2, '0')}`;
}

const addYears = (date: string, years: number) => `${Number(date.slice(0, 4)) + years}${date.slice(4)}`;

function fateOf(random: Random, group: DeviceGroup, status: Device['status']): Fate {
  if (group.assignment === 'stock' || status !== 'in_service') return { kind: 'never_used', from: null };
  const kind = pickWeighted(random, FATES).kind;
  if (kind === 'ok' || kind === 'never_used') return { kind, from: null };
  return { kind, from: new Date(FATE_EPOCH + Math.floor(random() * FATE_SPAN_DAYS) * 86_400_000).toISOString().slice(0, 10) };
}

/** Device `index` of an establishment, derived from the seed alone: no device list is ever kept. */
export function deviceAt(plan: FleetPlan, establishment: PlannedEstablishment, index: number): Device {
  const group = groupOf(establishment, index);
  const random = randomFor(plan.seed, 'device', establishment.index, index);
  // A cart, a room or a 1:1 order is one purchase: same model, same delivery date.
  const orderRandom = group.models.length === 1 ? randomFor(plan.seed, 'order', establishment.index, group.first) : random;
  const model = group.models.length === 1 ? group.models[0]! : pick(random, group.models);
  const acquiredOn = purchaseDate(orderRandom, model);
  const status = group.assignment === 'stock' ? 'spare' : pickWeighted(random, STATUSES).status;
  const fate = fateOf(random, group, status);
  const ageYears = 2026 - Number(acquiredOn.slice(0, 4));
  const serial = `${model.serialPrefix}${establishment.uai.slice(0, 7)}${index.toString(36).toUpperCase().padStart(4, '0')}`;
  return {
    establishment,
    group,
    index,
    serial,
    model,
    osVersion: pick(random, model.osVersions),
    status,
    acquiredOn,
    warrantyEnd: addYears(acquiredOn, model.warrantyYears),
    // Li-ion cells lose a few % of capacity a year; desktops and displays have none.
    batteryHealthPct:
      model.kind === 'desktop' || model.kind === 'interactive_display' ? null : Math.max(45, Math.round(100 - ageYears * 6 - random() * 8)),
    fate,
    activity: fate.kind === 'never_used' ? 0 : 0.6 + random() * 0.5,
    checkInOffsetS: Math.floor(random() * 300),
    sources: sourcesOf(establishment, index, model, serial, random),
  };
}

/** Every device of one establishment, in index order. */
export function* devicesOf(plan: FleetPlan, establishment: PlannedEstablishment): Generator<Device> {
  for (let i = 0; i < establishment.deviceCount; i++) yield deviceAt(plan, establishment, i);
}

/** Is the device still working (not broken or lost) on this local date? */
export function worksOn(device: Device, date: string): boolean {
  return device.fate.from === null || date < device.fate.from;
}
