import { uaiCheckLetter, type DeviceKind } from '@vigie/contracts';
import { DEDICATIONS, modelsOf, TOWNS, type DeviceModel } from './catalog.ts';
import { intBetween, pick, randomFor, type Random } from './prng.ts';

export interface FleetOptions {
  seed: number;
  establishments: number;
  devices: number;
  tenantCode: string;
  tenantName: string;
}

/** Devices bought and used together: a cart, a computer room, or the individual ones of a kind. */
export interface DeviceGroup {
  kind: DeviceKind;
  assignment: 'cart' | 'shared_room' | 'teacher' | 'individual';
  cart: string | null;
  /** One model for a cart or a room (bought at once); several for individual devices. */
  models: DeviceModel[];
  first: number;
  size: number;
  /** Chance that the group (cart, room) or each device (individual) is in use in a given lesson hour. */
  lessonUse: number;
}

export interface PlannedEstablishment {
  index: number;
  uai: string;
  name: string;
  timeZone: string;
  calendarZone: string;
  deviceCount: number;
  groups: DeviceGroup[];
}

/** The establishments and device groups of a fleet; devices themselves are derived on demand. */
export interface FleetPlan {
  seed: number;
  tenant: { code: string; name: string };
  establishments: PlannedEstablishment[];
  deviceCount: number;
}

// Shares of a collège's devices; tablets come in carts (classes mobiles), desktops in rooms.
const SHARES = { tabletCarts: 0.4, laptopCarts: 0.1, teacherLaptops: 0.1, rooms: 0.25 };
const ROOM_NAMES = ['Salle informatique 1', 'Salle informatique 2', 'CDI', 'Salle de technologie', 'Salle de sciences'];
const OVERSEAS = { timeZone: 'Indian/Reunion', calendarZone: 'reunion', departement: '974', town: 'Saint-Denis' };

/** Plans a département's collèges: the last one is overseas (La Réunion) when there are two or more. */
export function planFleet(options: FleetOptions): FleetPlan {
  const random = randomFor(options.seed, 'plan');
  const count = Math.max(1, options.establishments);
  const weights = Array.from({ length: count }, () => 0.6 + random());
  const sizes = splitProportionally(options.devices, weights);
  const usedDigits = new Set<string>();
  const establishments = sizes.map((deviceCount, index) => {
    const overseas = count > 1 && index === count - 1;
    let digits: string;
    do digits = `${overseas ? OVERSEAS.departement : '077'}${String(intBetween(random, 0, 9999)).padStart(4, '0')}`;
    while (usedDigits.has(digits));
    usedDigits.add(digits);
    const town = overseas ? OVERSEAS.town : TOWNS[index % TOWNS.length]!;
    const dedication = DEDICATIONS[(index * 7 + options.seed) % DEDICATIONS.length]!;
    return {
      index,
      uai: digits + uaiCheckLetter(digits),
      name: `Collège ${dedication}, ${town}`,
      timeZone: overseas ? OVERSEAS.timeZone : 'Europe/Paris',
      calendarZone: overseas ? OVERSEAS.calendarZone : 'C',
      deviceCount,
      groups: planGroups(randomFor(options.seed, 'groups', index), deviceCount),
    };
  });
  return { seed: options.seed, tenant: { code: options.tenantCode, name: options.tenantName }, establishments, deviceCount: options.devices };
}

/** Integer parts of `total` proportional to the weights, summing exactly to `total` (largest remainder). */
function splitProportionally(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const parts = exact.map(Math.floor);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0]);
  const missing = total - parts.reduce((a, b) => a + b, 0);
  for (let k = 0; k < missing; k++) parts[order[k % order.length]![1]]! += 1;
  return parts;
}

/** A group size in [min, max] that never leaves a remainder smaller than `min` behind. */
function sizeWithin(random: Random, left: number, min: number, max: number): number {
  if (left <= max) return left;
  return Math.min(intBetween(random, min, max), left - min);
}

function planGroups(random: Random, total: number): DeviceGroup[] {
  const groups: DeviceGroup[] = [];
  let next = 0;
  const add = (group: Omit<DeviceGroup, 'first' | 'size'>, size: number) => {
    const fitted = Math.min(size, total - next);
    if (fitted <= 0) return;
    groups.push({ ...group, first: next, size: fitted });
    next += fitted;
  };
  const fillCarts = (kind: DeviceKind, label: string, quota: number) => {
    const end = next + Math.round(total * quota);
    for (let n = 0; next < Math.min(end, total); n++) {
      const cart = `Chariot ${label} ${String.fromCharCode(65 + n)}`;
      add({ kind, assignment: 'cart', cart, models: [pick(random, modelsOf(kind))], lessonUse: 0.25 + random() * 0.2 }, sizeWithin(random, end - next, 15, 35));
    }
  };
  fillCarts('tablet', 'tablettes', SHARES.tabletCarts);
  fillCarts('laptop', 'portables', SHARES.laptopCarts);
  add({ kind: 'laptop', assignment: 'teacher', cart: null, models: modelsOf('laptop'), lessonUse: 0.5 + random() * 0.2 }, Math.round(total * SHARES.teacherLaptops));
  const roomsEnd = next + Math.round(total * SHARES.rooms);
  for (let n = 0; next < Math.min(roomsEnd, total); n++) {
    const name = ROOM_NAMES[n % ROOM_NAMES.length]!;
    add({ kind: 'desktop', assignment: 'shared_room', cart: null, models: [pick(random, modelsOf('desktop'))], lessonUse: name === 'CDI' ? 0.8 : 0.4 + random() * 0.3 }, sizeWithin(random, roomsEnd - next, 12, 30));
  }
  // The rest: chromebooks lent to pupils for the year, one model per order.
  add({ kind: 'chromebook', assignment: 'individual', cart: null, models: [pick(random, modelsOf('chromebook'))], lessonUse: 0.4 + random() * 0.2 }, total - next);
  return groups;
}
