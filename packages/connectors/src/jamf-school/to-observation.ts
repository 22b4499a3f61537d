import type { DeviceRecord } from '../connector.ts';
import { toInstant } from '../sync/dates.ts';
import { kindOf } from '../sync/device-kind.ts';
import {
  asObject,
  deviceName,
  fractionToPercent,
  freeStorage,
  gbToMb,
  opt,
  placeKeysOf,
  sentSerial,
  text,
  totalStorage,
} from '../sync/units.ts';

const o = asObject;

// owner (name, username, email, first and last name), networkInformation and region are never read.

/** A trashed device is retired; one Jamf School no longer manages is kept as spare (0/1 or booleans). */
function statusOf(d: Record<string, unknown>): 'retired' | 'spare' | undefined {
  if (d.inTrash === true || d.inTrash === 1) return 'retired';
  return d.isManaged === false || d.isManaged === 0 ? 'spare' : undefined;
}

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
      ...sentSerial(d.serialNumber),
      manufacturer: 'Apple',
      ...opt('model', modelName),
      ...opt('os_name', osName),
      ...opt('os_version', text(os?.version, 100)),
      ...opt('status', statusOf(d)),
      ...opt('asset_tag', text(d.assetTag, 100)),
      ...deviceName(d.name),
      ...totalStorage(total),
    },
    placeKeys: placeKeysOf(
      ...(Array.isArray(d.groups) ? d.groups.flatMap((g) => text(g) ?? []) : []),
      ...(d.locationId !== undefined ? [`location:${String(d.locationId)}`] : []),
      text(d.assetTag),
      text(d.name),
    ),
    checkIn: { ...opt('battery_pct', battery), ...freeStorage(free, total) },
    dailyActivity: [],
  };
}
