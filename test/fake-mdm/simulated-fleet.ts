// The simulator's fleet as one MDM lists it, in the fixture shape every fake MDM already renders:
// the fakes keep their paging, auth and faults, and serve simulated serials, re-enrolments, BIOS
// placeholders, statuses and check-ins instead of the ten hand-made devices.

import type { InventoryEvent } from '@vigie/contracts';
import { hash, inventoryOf, type FleetPlan, type Source } from '@vigie/simulator';
import type { FleetDevice } from './fleet.ts';

// Teachers and 1:1 pupils as the MDMs hold them (UPNs, owners, recent users). Vigie must store none.
const FIRST_NAMES = ['Maëlle', 'Karim', 'Solène', 'Yanis', 'Apolline', 'Ilyès'];
const LAST_NAMES = ['KERBRAT', 'OUEDRAOGO', 'PELISSIER', 'ABITBOL', 'TREMBLAY', 'VASSEUR'];
export const SIMULATED_PERSONAL_NAMES = [...FIRST_NAMES, ...LAST_NAMES];

const OS: Record<string, FleetDevice['os']> = { Windows: 'Windows', iPadOS: 'iPadOS', ChromeOS: 'ChromeOS', Android: 'Android' };
const ascii = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

/** The place name a device's record carries (group, org unit, location): its UAI, then its cart if it has one. */
export const placeOf = (uai: string, cart?: string | null) => (cart ? `${uai} ${cart}` : uai);

function userOf(event: InventoryEvent): FleetDevice['user'] {
  if (event.assignment !== 'teacher' && event.assignment !== 'individual') return null;
  const h = hash('user', event.device_id);
  const first = FIRST_NAMES[h % FIRST_NAMES.length]!;
  const last = LAST_NAMES[(h >>> 8) % LAST_NAMES.length]!;
  return { name: `${first} ${last}`, email: `${ascii(first)}.${ascii(last)}@ac-creteil.fr` };
}

/** One simulated inventory record as a fake MDM's device; `num` is the integer id MDMs with integer ids use. */
export function toFleetDevice(event: InventoryEvent, num: number): FleetDevice {
  const totalBytes = (event.storage_total_mb ?? 32_768) * 1e6;
  const h = hash('check-in', event.device_id);
  return {
    id: event.device_id,
    num,
    name: event.device_id,
    serial: event.serial ?? '',
    model: event.model ?? '',
    os: OS[event.os_name ?? ''] ?? 'Windows',
    osVersion: event.os_version ?? '',
    // Whole seconds: several APIs write check-ins without milliseconds.
    lastCheckIn: new Date(Math.floor(Date.parse(event.observed_at) / 1000) * 1000),
    batteryPct: 20 + (h % 80),
    totalBytes,
    freeBytes: Math.round(totalBytes * (0.1 + ((h >>> 8) % 60) / 100)),
    group: placeOf(event.establishment_uai ?? '', event.cart),
    user: userOf(event),
    ...(event.kind ? { kind: event.kind } : {}),
    ...(event.status ? { status: event.status } : {}),
    ...(event.manufacturer ? { manufacturer: event.manufacturer } : {}),
  };
}

/** The devices one simulated source lists as of `asOf` (epoch ms), numbered from 1001 in the simulator's order. */
export function simulatedFleet(plan: FleetPlan, source: Source, asOf: number): FleetDevice[] {
  return [...inventoryOf(plan, source, asOf)].map((event, i) => toFleetDevice(event, 1001 + i));
}
