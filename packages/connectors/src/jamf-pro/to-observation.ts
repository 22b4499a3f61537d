import type { DeviceRecord } from '../connector.ts';
import { toInstant } from '../sync/dates.ts';
import { kindOf } from '../sync/device-kind.ts';
import {
  asObject,
  deviceName,
  freeStorage,
  mbToMb,
  mibToMb,
  opt,
  percent,
  placeKeysOf,
  sentSerial,
  text,
  totalStorage,
} from '../sync/units.ts';

const o = asObject;

// Sections read: general, hardware, operatingSystem, storage. userAndLocation (username, realname,
// email, phone), lastLoggedInUsername* and remoteManagement.managementUsername are never read.

/** A Jamf Pro computer; lastContactTime is the Jamf binary's last check-in (MB units throughout). */
export function toComputerRecord(raw: unknown): DeviceRecord | null {
  const c = o(raw);
  const id = text(c?.id);
  if (!c || !id) return null;
  const general = o(c.general);
  const hardware = o(c.hardware);
  const os = o(c.operatingSystem);
  const storage = o(c.storage);
  const disk = o((storage?.disks as unknown[] | undefined)?.[0]);
  const model = text(hardware?.model);
  // reportDate is the last full inventory the Jamf binary sent: a contact too, and the only one of a
  // computer whose check-ins stopped being recorded (unmanaged since). Mobile devices use the same.
  const reportDate = toInstant(general?.reportDate, 'UTC');
  const lastContact = toInstant(general?.lastContactTime, 'UTC') ?? reportDate;
  const total = mbToMb(disk?.sizeMegabytes);
  const free = mbToMb(storage?.bootDriveAvailableSpaceMegabytes);
  return {
    externalId: `computer-${id}`,
    lastCheckIn: lastContact,
    version: reportDate ?? lastContact,
    inventory: {
      kind: kindOf('macOS', model),
      ...sentSerial(hardware?.serialNumber),
      ...opt('manufacturer', text(hardware?.make)),
      ...opt('model', model),
      ...opt('os_name', text(os?.name, 100)),
      ...opt('os_version', text(os?.version, 100)),
      ...opt('battery_health_pct', percent(hardware?.batteryCapacityPercent)),
      ...opt('status', o(general?.remoteManagement)?.managed === false ? ('spare' as const) : undefined),
      ...opt('asset_tag', text(general?.assetTag, 100)),
      ...deviceName(general?.name),
      ...totalStorage(total),
    },
    placeKeys: placeKeysOf(text(o(general?.site)?.name), text(general?.name)),
    checkIn: freeStorage(free, total),
    dailyActivity: [],
  };
}

/** Lost mode (security.lostModeEnabled) is lost; a device Jamf no longer manages is kept as spare. */
function mobileStatus(m: Record<string, unknown>): 'lost' | 'spare' | undefined {
  if (o(m.security)?.lostModeEnabled === true) return 'lost';
  return o(m.general)?.managed === false ? 'spare' : undefined;
}

/**
 * A Jamf Pro mobile device. iOS has no check-in time in this schema: lastInventoryUpdateDate is the
 * closest, so presence for iPads is as coarse as the inventory interval.
 */
export function toMobileRecord(raw: unknown): DeviceRecord | null {
  const m = o(raw);
  const id = text(m?.mobileDeviceId);
  if (!m || !id) return null;
  const general = o(m.general);
  const hardware = o(m.hardware);
  const model = text(hardware?.model);
  const seen = toInstant(general?.lastInventoryUpdateDate, 'UTC');
  // capacityMb and availableSpaceMb count mebibytes (a 64 GB iPad reports about 61,000).
  const total = mibToMb(hardware?.capacityMb);
  const free = mibToMb(hardware?.availableSpaceMb);
  const battery = percent(hardware?.batteryLevel);
  return {
    externalId: `mobile-${id}`,
    lastCheckIn: seen,
    version: seen,
    inventory: {
      kind: kindOf(/ipad/i.test(model ?? '') ? 'iPadOS' : 'iOS', model),
      ...sentSerial(hardware?.serialNumber),
      manufacturer: 'Apple',
      ...opt('model', model),
      ...opt('os_name', /ipad/i.test(model ?? '') ? 'iPadOS' : text(m.deviceType, 100)),
      ...opt('os_version', text(general?.osVersion, 100)),
      ...opt('status', mobileStatus(m)),
      ...opt('asset_tag', text(general?.assetTag, 100)),
      ...deviceName(general?.displayName ?? general?.name),
      ...totalStorage(total),
    },
    placeKeys: placeKeysOf(
      text(general?.siteId) ? `site:${text(general?.siteId)}` : undefined,
      text(o(m.userAndLocation)?.building),
      text(general?.displayName),
    ),
    checkIn: { ...opt('battery_pct', battery), ...freeStorage(free, total) },
    dailyActivity: [],
  };
}
