import type { DeviceRecord } from '../connector.ts';
import { toInstant } from '../sync/dates.ts';
import { kindOf } from '../sync/device-kind.ts';
import { bytesToMb, deviceName, freeStorage, opt, percent, placeKeysOf, sentSerial, text, totalStorage } from '../sync/units.ts';

// Fields read from a Graph managedDevice. Everything else is ignored, which is how userPrincipalName,
// emailAddress, userDisplayName, phoneNumber and managedDeviceName (it embeds user names) never enter;
// deviceName is sent through deviceName(), which masks a personal-looking name.
interface ManagedDevice {
  id?: unknown;
  deviceName?: unknown;
  deviceCategoryDisplayName?: unknown;
  lastSyncDateTime?: unknown;
  operatingSystem?: unknown;
  osVersion?: unknown;
  model?: unknown;
  manufacturer?: unknown;
  serialNumber?: unknown;
  totalStorageSpaceInBytes?: unknown;
  managementState?: unknown;
  lostModeState?: unknown;
  freeStorageSpaceInBytes?: unknown;
}

/**
 * Lifecycle from managementState (Graph managementState enum): a retire or wipe issued, pending or
 * failed means the device is leaving the fleet; lostModeState "enabled" (beta, read when present) is lost.
 */
function statusOf(d: ManagedDevice): 'in_service' | 'retired' | 'lost' | undefined {
  if (d.lostModeState === 'enabled') return 'lost';
  const state = String(d.managementState ?? '');
  if (/^(retire|wipe|delete)/i.test(state)) return 'retired';
  return state === 'managed' ? 'in_service' : undefined;
}

/**
 * batteryHealthPercentage of a beta hardwareInformation (0-100), or null. 0 is read as unknown:
 * devices that do not report it (desktops, most Android) leave the default 0 (Graph beta
 * hardwareInformation resource), and a battery worn to nothing would not report either.
 */
export function batteryHealthOf(hardwareInformation: unknown): number | null {
  const pct = percent((hardwareInformation as { batteryHealthPercentage?: unknown } | null)?.batteryHealthPercentage);
  return pct === null || pct === 0 ? null : pct;
}

/** A Graph managedDevice as a Vigie device record; null when it has no id. */
export function toDeviceRecord(raw: unknown): DeviceRecord | null {
  const d = raw as ManagedDevice;
  const id = text(d?.id);
  if (!id) return null;
  const os = text(d.operatingSystem, 100);
  const model = text(d.model);
  const lastSync = toInstant(d.lastSyncDateTime, 'UTC');
  const total = bytesToMb(d.totalStorageSpaceInBytes);
  const free = bytesToMb(d.freeStorageSpaceInBytes);
  return {
    externalId: id,
    lastCheckIn: lastSync,
    version: lastSync,
    inventory: {
      kind: kindOf(os, model),
      ...sentSerial(d.serialNumber),
      ...opt('manufacturer', text(d.manufacturer)),
      ...opt('model', model),
      ...opt('os_name', os),
      ...opt('os_version', text(d.osVersion, 100)),
      ...opt('status', statusOf(d)),
      ...deviceName(d.deviceName),
      ...totalStorage(total),
    },
    placeKeys: placeKeysOf(text(d.deviceName), text(d.deviceCategoryDisplayName)),
    checkIn: freeStorage(free, total),
    dailyActivity: [],
  };
}
