import type { DeviceRecord, UsageRecord } from '../connector.ts';
import { toInstant, toLocalDate } from '../sync/dates.ts';
import { kindOf } from '../sync/device-kind.ts';
import { bytesToMb, durationSeconds, freeStorage, opt, placeKeysOf, sentSerial, text, toNumber, totalStorage } from '../sync/units.ts';

// Fields read from a ChromeOsDevice (Admin SDK discovery document). recentUsers, annotatedUser,
// lastKnownNetwork, macAddress and notes are never read: they name or locate people.
interface ChromeOsDevice {
  deviceId?: unknown;
  serialNumber?: unknown;
  status?: unknown;
  lastSync?: unknown;
  model?: unknown;
  osVersion?: unknown;
  orgUnitPath?: unknown;
  annotatedLocation?: unknown;
  annotatedAssetId?: unknown;
  autoUpdateThrough?: unknown;
  autoUpdateExpiration?: unknown;
  supportEndDate?: unknown;
  activeTimeRanges?: { date?: unknown; activeTime?: unknown }[];
  diskVolumeReports?: { volumeInfo?: { storageTotal?: unknown; storageFree?: unknown }[] }[];
  diskSpaceUsage?: { capacityBytes?: unknown; usedBytes?: unknown };
}

// Google's status literals are not enumerated in the discovery document; these are the ones seen.
const STATUS: Record<string, 'in_service' | 'retired' | 'lost'> = { ACTIVE: 'in_service', DEPROVISIONED: 'retired', DISABLED: 'lost' };

function storage(d: ChromeOsDevice): { total: number | null; free: number | null } {
  const volume = d.diskVolumeReports?.[0]?.volumeInfo?.[0];
  if (volume) return { total: bytesToMb(volume.storageTotal), free: bytesToMb(volume.storageFree) };
  const capacity = toNumber(d.diskSpaceUsage?.capacityBytes);
  const used = toNumber(d.diskSpaceUsage?.usedBytes);
  return { total: bytesToMb(capacity), free: capacity !== null && used !== null ? bytesToMb(capacity - used) : null };
}

/** A ChromeOS device as a Vigie record; activeTimeRanges (ms per day) become measured daily activity. */
export function toDeviceRecord(raw: unknown, zone: string): DeviceRecord | null {
  const d = raw as ChromeOsDevice;
  const id = text(d?.deviceId);
  if (!id) return null;
  const lastSync = toInstant(d.lastSync, 'UTC');
  // autoUpdateExpiration is deprecated (epoch ms string); autoUpdateThrough replaces it, format unstated.
  const supportEnd =
    toLocalDate(d.autoUpdateThrough, 'UTC') ?? toLocalDate(d.autoUpdateExpiration, 'UTC') ?? toLocalDate(d.supportEndDate, 'UTC');
  const { total, free } = storage(d);
  const status = STATUS[String(d.status)];
  return {
    externalId: id,
    lastCheckIn: lastSync,
    version: lastSync,
    inventory: {
      kind: kindOf('ChromeOS', text(d.model)),
      ...sentSerial(d.serialNumber),
      ...opt('model', text(d.model)),
      os_name: 'ChromeOS',
      ...opt('os_version', text(d.osVersion, 100)),
      ...opt('status', status),
      ...opt('asset_tag', text(d.annotatedAssetId, 100)),
      ...opt('support_end', supportEnd),
      ...totalStorage(total),
    },
    placeKeys: placeKeysOf(text(d.orgUnitPath, 500), text(d.annotatedLocation)),
    checkIn: freeStorage(free, total),
    dailyActivity: (d.activeTimeRanges ?? []).flatMap((r) => {
      const date = toLocalDate(r.date, zone);
      const ms = toNumber(r.activeTime);
      return date && ms !== null && ms >= 0 ? [{ date, active_seconds: Math.min(86_400, Math.round(ms / 1000)) }] : [];
    }),
  };
}

interface TelemetryDevice {
  deviceId?: unknown;
  batteryInfo?: { designCapacity?: unknown }[];
  batteryStatusReport?: { reportTime?: unknown; fullChargeCapacity?: unknown }[];
}

/**
 * Battery health as a percentage of the design capacity: the newest status report's full-charge
 * capacity (mAh, an int64 string) over batteryInfo's design capacity, at most 100 (a new battery
 * can exceed its design). Null when either is missing: unknown, never guessed from the
 * batteryHealth enum (NORMAL / REPLACE_SOON / REPLACE_NOW carry no figure).
 */
export function batteryHealthOf(raw: unknown): { deviceId: string; pct: number } | null {
  const d = raw as TelemetryDevice;
  const deviceId = text(d?.deviceId);
  const design = toNumber(d?.batteryInfo?.[0]?.designCapacity);
  const newest = [...(d?.batteryStatusReport ?? [])].sort((a, b) =>
    String(b.reportTime ?? '').localeCompare(String(a.reportTime ?? '')),
  )[0];
  const full = toNumber(newest?.fullChargeCapacity);
  if (!deviceId || design === null || design <= 0 || full === null || full < 0) return null;
  return { deviceId, pct: Math.min(100, Math.round((full / design) * 1000) / 10) };
}

interface TelemetryUser {
  userDevice?: {
    deviceId?: unknown;
    appReport?: { reportTime?: unknown; usageData?: { appId?: unknown; runningDuration?: unknown }[] }[];
  }[];
}

/**
 * App foreground time from Chrome telemetry, one session per app and report. Reports give a running
 * duration at a report time, not a start: the session is placed to end at the report time.
 */
export function toUsageRecords(raw: unknown): UsageRecord[] {
  const user = raw as TelemetryUser;
  return (user?.userDevice ?? []).flatMap((device) => {
    const externalId = text(device.deviceId);
    if (!externalId) return [];
    return (device.appReport ?? []).flatMap((report) => {
      const at = toInstant(report.reportTime, 'UTC');
      if (!at) return [];
      return (report.usageData ?? []).flatMap((usage) => {
        const appId = text(usage.appId);
        const seconds = durationSeconds(usage.runningDuration);
        if (!appId || seconds === null) return [];
        const durationS = Math.min(86_400, seconds);
        return [{ externalId, appId, durationS, observedAt: at, startedAt: new Date(Date.parse(at) - durationS * 1000).toISOString() }];
      });
    });
  });
}
