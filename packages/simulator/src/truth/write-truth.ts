import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { fleetDays } from '../events/fleet-days.ts';
import type { FleetPlan } from '../population/fleet-plan.ts';
import type { DeviceDayTruth } from './device-day-truth.ts';
import { establishmentDays, type EstablishmentDayTruth } from './establishment-day-truth.ts';
import { judgeOnUse, UseSignals } from './use-signals.ts';

async function write(stream: Writable, line: string) {
  // Respect back-pressure: a million device-days must not pile up in the stream's buffer.
  if (!stream.write(line)) await once(stream, 'drain');
}

const ESTABLISHMENT_COLUMNS: (keyof EstablishmentDayTruth)[] = [
  'date',
  'tenant',
  'uai',
  'school_day',
  'devices',
  'in_service',
  'online',
  'active',
  'activity_rate',
  'expected_in_service',
  'expected_active_use',
  'expected_active',
  'expected_presence_active',
  'expected_judged_on_use',
  'outage',
];

/** Writes device-days.ndjson and establishment-days.csv for these dates into `dir`; returns the row counts. */
export async function writeTruth(plan: FleetPlan, dates: readonly string[], dir: string) {
  mkdirSync(dir, { recursive: true });
  const devices = createWriteStream(path.join(dir, 'device-days.ndjson'));
  const establishments = createWriteStream(path.join(dir, 'establishment-days.csv'));
  await write(establishments, `${ESTABLISHMENT_COLUMNS.join(',')}\n`);
  let deviceRows = 0;
  let establishmentRows = 0;
  // One establishment-day of device rows at a time: fleetDays yields them grouped.
  let group: DeviceDayTruth[] = [];
  // Dates come in order: the use signals of the days before and of this one judge this one.
  const signals = new UseSignals();
  const flush = async () => {
    signals.record(group);
    group = judgeOnUse(group, signals);
    for (const row of group) await write(devices, `${JSON.stringify(row)}\n`);
    for (const e of establishmentDays(group)) await write(establishments, `${ESTABLISHMENT_COLUMNS.map((c) => e[c] ?? '').join(',')}\n`);
    deviceRows += group.length;
    establishmentRows += group.length > 0 ? 1 : 0;
    group = [];
  };
  for (const { truth } of fleetDays(plan, dates)) {
    const first = group[0];
    if (first && (first.uai !== truth.uai || first.date !== truth.date)) await flush();
    group.push(truth);
  }
  await flush();
  devices.end();
  establishments.end();
  await Promise.all([once(devices, 'finish'), once(establishments, 'finish')]);
  return { deviceRows, establishmentRows };
}
