import type { DeviceStatuses } from '@vigie/contracts';
import type { DeviceModel } from './catalog.ts';
import type { DeviceGroup, FleetPlan, PlannedEstablishment } from './fleet-plan.ts';
import { intBetween, pick, pickWeighted, randomFor, type Random } from './prng.ts';

export interface Device {
  establishment: PlannedEstablishment;
  group: DeviceGroup;
  index: number;
  /** The MDM's own id of the device: what events carry as device_id. */
  externalId: string;
  serial: string;
  model: DeviceModel;
  osVersion: string;
  status: (typeof DeviceStatuses)[number];
  acquiredOn: string;
  warrantyEnd: string;
  batteryHealthPct: number | null;
  /** 0 for a device nobody uses (sleeping in a cupboard); else scales its group's lesson use. */
  activity: number;
  /** Seconds after each 5-minute mark at which the device checks in, so check-ins spread out. */
  checkInOffsetS: number;
}

const STATUSES = [
  { status: 'in_service', weight: 93 }, { status: 'in_repair', weight: 3 }, { status: 'spare', weight: 2 },
  { status: 'lost', weight: 1 }, { status: 'retired', weight: 1 },
] as const;
const UNUSED_SHARE = 0.07;

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

/** Device `index` of an establishment, derived from the seed alone: no device list is ever kept. */
export function deviceAt(plan: FleetPlan, establishment: PlannedEstablishment, index: number): Device {
  const group = groupOf(establishment, index);
  const random = randomFor(plan.seed, 'device', establishment.index, index);
  // A cart or a room is one order: same model, same delivery date.
  const orderRandom = group.models.length === 1 ? randomFor(plan.seed, 'order', establishment.index, group.first) : random;
  const model = group.models.length === 1 ? group.models[0]! : pick(random, group.models);
  const acquiredOn = purchaseDate(orderRandom, model);
  const status = pickWeighted(random, STATUSES).status;
  const ageYears = 2026 - Number(acquiredOn.slice(0, 4));
  const unused = random() < UNUSED_SHARE;
  const digits = establishment.uai.slice(0, 7);
  return {
    establishment,
    group,
    index,
    externalId: `mdm-${establishment.uai}-${String(index).padStart(5, '0')}`,
    serial: `${model.serialPrefix}${digits}${index.toString(36).toUpperCase().padStart(4, '0')}`,
    model,
    osVersion: pick(random, model.osVersions),
    status,
    acquiredOn,
    warrantyEnd: addYears(acquiredOn, model.warrantyYears),
    batteryHealthPct: model.kind === 'desktop' ? null : Math.max(55, Math.round(100 - ageYears * 6 - random() * 8)),
    activity: status !== 'in_service' || unused ? 0 : 0.6 + random() * 0.5,
    checkInOffsetS: Math.floor(random() * 300),
  };
}

/** Every device of one establishment, in index order. */
export function* devicesOf(plan: FleetPlan, establishment: PlannedEstablishment): Generator<Device> {
  for (let i = 0; i < establishment.deviceCount; i++) yield deviceAt(plan, establishment, i);
}
