import type { DeviceKind } from '@vigie/contracts';
import type { DeviceRecord } from '../connector.ts';
import { toInstant } from '../sync/dates.ts';
import { kindOf } from '../sync/device-kind.ts';
import { asObject, deviceName, freeStorage, gbToMb, opt, placeKeysOf, sentSerial, text, totalStorage } from '../sync/units.ts';

const o = asObject;

const PLATFORM_OS: Record<string, string> = {
  windows: 'Windows',
  darwin: 'macOS',
  chrome: 'ChromeOS',
  ios: 'iOS',
  ipados: 'iPadOS',
  android: 'Android',
};

function kind(platform: string, model: string | undefined): DeviceKind {
  if (platform === 'chrome') return 'chromebook';
  if (platform === 'ipados' || platform === 'android') return 'tablet';
  return kindOf(PLATFORM_OS[platform] ?? 'linux', model);
}

// users[], primary_ip, public_ip, primary_mac and geolocation are never read. uptime (nanoseconds)
// and last_restarted_at have no place in Vigie's model yet (docs/connectors.md, known limits).

/** A Fleet host: seen_time is the osquery agent's last check-in; disk figures are GB floats. */
export function toDeviceRecord(raw: unknown): DeviceRecord | null {
  const h = o(raw);
  const id = text(h?.id);
  if (!h || !id) return null;
  const platform = String(h.platform ?? '').toLowerCase();
  const model = text(h.hardware_model);
  const seen = toInstant(h.seen_time, 'UTC');
  const total = gbToMb(h.gigs_total_disk_space);
  const free = gbToMb(h.gigs_disk_space_available);
  return {
    externalId: id,
    lastCheckIn: seen,
    version: toInstant(h.updated_at, 'UTC') ?? seen,
    inventory: {
      kind: kind(platform, model),
      ...sentSerial(h.hardware_serial),
      ...opt('manufacturer', text(h.hardware_vendor)),
      ...opt('model', model),
      ...opt('os_name', PLATFORM_OS[platform] ?? text(platform, 100)),
      ...opt('os_version', text(h.os_version, 100)),
      ...deviceName(h.computer_name ?? h.hostname),
      ...totalStorage(total),
    },
    placeKeys: placeKeysOf(text(h.team_name), text(h.hostname), text(h.display_name)),
    checkIn: freeStorage(free, total),
    dailyActivity: [],
  };
}
