import type { DeviceRecord } from '../connector.ts';
import { toInstant } from '../sync/dates.ts';
import { kindOf } from '../sync/device-kind.ts';
import { asObject, deviceName, opt, percent, placeKeysOf, sentSerial, text } from '../sync/units.ts';

const o = asObject;

// phone, imei, publicIp and custom1..3 (free fields schools fill with names) are never read.

/** A Headwind device: lastUpdate and enrollTime are epoch milliseconds; battery is a percent. */
export function toDeviceRecord(raw: unknown, configurations: Record<string, { name?: unknown }> = {}): DeviceRecord | null {
  const d = o(raw);
  const id = text(d?.id);
  if (!d || !id) return null;
  const info = o(d.info);
  const model = text(info?.model);
  const lastUpdate = toInstant(d.lastUpdate, 'UTC');
  const serial = d.serial ?? info?.serial;
  const groups = Array.isArray(d.groups) ? d.groups.flatMap((g) => text(o(g)?.name) ?? []) : [];
  const configuration = text(configurations[String(d.configurationId)]?.name);
  return {
    externalId: id,
    lastCheckIn: lastUpdate,
    version: lastUpdate,
    inventory: {
      kind: kindOf('Android', model),
      ...sentSerial(serial),
      ...opt('model', model),
      os_name: 'Android',
      ...opt('os_version', text(d.androidVersion ?? info?.androidVersion, 100)),
      ...deviceName(d.number),
    },
    placeKeys: placeKeysOf(...groups, configuration, text(d.number), text(d.description)),
    checkIn: { ...opt('battery_pct', percent(info?.batteryLevel)) },
    dailyActivity: [],
  };
}
