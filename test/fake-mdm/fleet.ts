// A fixture fleet that every fake MDM renders in its own API's shapes, with check-ins relative to
// now so every observation lands inside Vigie's retention window.

import type { DeviceKind, DeviceStatuses } from '@vigie/contracts';

export interface FleetDevice {
  id: string;
  /** Numeric id for MDMs with integer ids (GLPI, Fleet, Headwind, Jamf Pro). */
  num: number;
  name: string;
  serial: string;
  model: string;
  os: 'Windows' | 'iPadOS' | 'ChromeOS' | 'Android' | 'macOS';
  osVersion: string;
  lastCheckIn: Date;
  batteryPct: number;
  totalBytes: number;
  freeBytes: number;
  /** Org unit / group / location name the mapping rules match. */
  group: string;
  /** A person's name and e-mail the MDM holds and Vigie must never store. */
  user: { name: string; email: string } | null;
  /** What a simulated device's records also say (simulated-fleet.ts); fixture devices leave them to each fake's defaults. */
  kind?: DeviceKind;
  status?: (typeof DeviceStatuses)[number];
  manufacturer?: string;
}

export const SAMPLE_USERS = [
  { name: 'Marc LAMBERT', email: 'm.lambert@clg-jferry.fr' },
  { name: 'Inès BOUAZIZ', email: 'ines.bouaziz@ac-creteil.fr' },
];
export const PERSONAL_NAMES = ['LAMBERT', 'BOUAZIZ', 'Marc', 'Inès'];

const HOUR = 3_600_000;

/** `count` devices; two belong to teachers; one carries a placeholder serial. */
export function makeFleet(count: number, os: FleetDevice['os'] = 'Windows', now = Date.now()): FleetDevice[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `dev-${String(i + 1).padStart(4, '0')}`,
    num: 1001 + i,
    name: `${i % 2 ? 'COL' : 'CJF'}-${os.slice(0, 3).toUpperCase()}-${String(i + 1).padStart(3, '0')}`,
    serial: i === count - 1 ? '0' : `SN${os.slice(0, 2).toUpperCase()}${String(100_000 + i)}`,
    model:
      os === 'Windows'
        ? i % 3
          ? 'Latitude 3190'
          : 'OptiPlex 3050'
        : os === 'iPadOS'
          ? 'iPad (9th generation)'
          : os === 'ChromeOS'
            ? 'Lenovo 300e Chromebook'
            : os === 'macOS'
              ? 'MacBook Air (M1, 2020)'
              : 'SM-X200',
    os,
    osVersion: os === 'Windows' ? '10.0.22631.4602' : '18.7.2',
    lastCheckIn: new Date(Math.floor((now - (i + 1) * HOUR) / 1000) * 1000),
    batteryPct: 40 + (i % 50),
    totalBytes: 64_000_000_000,
    freeBytes: 20_000_000_000 + i * 1_000_000,
    group: i % 2 ? 'Chariot 1' : 'Salle 104',
    user: i < SAMPLE_USERS.length ? SAMPLE_USERS[i]! : null,
  }));
}

/** The device checks in again `minutes` later. */
export function checkIn(device: FleetDevice, minutes = 30) {
  device.lastCheckIn = new Date(device.lastCheckIn.getTime() + minutes * 60_000);
}

/** "YYYY-MM-DD HH:MM:SS" wall-clock text without zone, as GLPI and Jamf School write it (Paris servers here). */
export function wallClock(at: Date, zone = 'Europe/Paris'): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(at)
      .map((x) => [x.type, x.value]),
  );
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}
