import type { DeviceRecord } from '../connector.ts';
import { toInstant } from '../sync/dates.ts';
import { kindOf } from '../sync/device-kind.ts';
import { asObject, fractionToPercent, freeStorage, gbToMb, opt, text, totalStorage } from '../sync/units.ts';

const o = asObject;

// owner (name, username, email, first and last name), networkInformation and region are never read.

/**
 * A Jamf School list item. Dates carry no zone (read in the source's time zone); batteryLevel is a
 * 0-1 fraction with -1 for unknown; capacities are GB.
 */
export function toDeviceRecord(raw: unknown, zone: string): DeviceRecord | null {
  const d = o(raw);
  const id = text(d?.UDID);
  if (!d || !id) return null;
  const model = o(d.model);
  const os = o(d.os);
  const modelName = text(model?.name);
  const osName = text(os?.prefix, 100);
  const lastCheckIn = toInstant(d.lastCheckin, zone);
  const total = gbToMb(d.totalCapacity);
  const free = gbToMb(d.availableCapacity);
  const battery = fractionToPercent(d.batteryLevel);
  const deviceClass = String(d.class ?? '').toLowerCase();
  return {
    externalId: id,
    lastCheckIn,
    version: toInstant(d.modified, zone) ?? lastCheckIn,
    inventory: {
      kind: deviceClass === 'iphone' ? 'other' : kindOf(osName ?? deviceClass, modelName),
      ...('serialNumber' in d ? { serial: text(d.serialNumber) ?? '' } : {}),
      manufacturer: 'Apple',
      ...opt('model', modelName),
      ...opt('os_name', osName),
      ...opt('os_version', text(os?.version, 100)),
      ...totalStorage(total),
    },
    placeKeys: [
      ...(Array.isArray(d.groups) ? d.groups.flatMap((g) => text(g) ?? []) : []),
      ...(d.locationId !== undefined ? [`location:${String(d.locationId)}`] : []),
      text(d.assetTag), text(d.name),
    ].filter((k): k is string => Boolean(k)),
    checkIn: { ...opt('battery_pct', battery), ...freeStorage(free, total) },
    dailyActivity: [],
  };
}
