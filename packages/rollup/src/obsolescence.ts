import type { ObsolescenceReason, ObsolescenceRule } from '@vigie/contracts';

export interface DeviceFacts {
  kind: string;
  osName: string | null;
  osVersion: string | null;
  acquiredOn: string | null;
  supportEnd: string | null;
  warrantyEnd: string | null;
  batteryHealthPct: number | null;
  storageTotalMb: number | null;
}

export interface ObsolescenceFlag {
  reason: ObsolescenceReason;
  /** The date the flag applies from: past = obsolete now, future = obsolete within some months. */
  appliesFrom: string;
  detail: string;
}

// MDMs name platforms differently ("iPadOS", "Windows 11 Education", "Chrome OS"): compare a key.
export function platformKey(osName: string | null): string | null {
  if (!osName) return null;
  const n = osName.toLowerCase().replace(/\s+/g, '');
  for (const key of ['ipados', 'ios', 'windows', 'chromeos', 'android', 'macos']) if (n.startsWith(key)) return key;
  return n.startsWith('chrome') ? 'chromeos' : n.startsWith('mac') ? 'macos' : n;
}

/** -1, 0 or 1 comparing dotted numeric versions ("16.7.2" vs "17"); non-numeric parts count as 0. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.\s-]/).map((x) => Number.parseInt(x, 10) || 0);
  const pb = b.split(/[.\s-]/).map((x) => Number.parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

function addYears(date: string, years: number): string {
  const whole = Math.floor(years);
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() + whole);
  d.setUTCDate(d.getUTCDate() + Math.round((years - whole) * 365));
  return d.toISOString().slice(0, 10);
}

// The most specific rule wins: an exact kind or platform over '*'.
function pick(rules: readonly ObsolescenceRule[], reason: ObsolescenceReason, kind: string, platform: string | null) {
  return rules
    .filter(
      (r) => r.reason === reason && (r.device_kind === '*' || r.device_kind === kind) && (r.platform === '*' || r.platform === platform),
    )
    .sort(
      (x, y) => Number(y.device_kind !== '*') + Number(y.platform !== '*') - Number(x.device_kind !== '*') - Number(x.platform !== '*'),
    )[0];
}

/**
 * The obsolescence flags of a device under a tenant's rules, each with its reason and the date it
 * applies from. Date-based reasons (age, support end, warranty) carry their own, possibly future,
 * date; state-based ones (OS version, battery, storage) apply from `today`.
 */
export function obsolescenceFlags(device: DeviceFacts, rules: readonly ObsolescenceRule[], today: string): ObsolescenceFlag[] {
  const flags: ObsolescenceFlag[] = [];
  const platform = platformKey(device.osName);
  const age = pick(rules, 'age', device.kind, platform);
  if (age?.threshold && device.acquiredOn) {
    flags.push({
      reason: 'age',
      appliesFrom: addYears(device.acquiredOn, age.threshold),
      detail: `acquired ${device.acquiredOn}, renewal cycle ${age.threshold} years`,
    });
  }
  const os = pick(rules, 'os_version', device.kind, platform);
  if (os?.min_version && device.osVersion && compareVersions(device.osVersion, os.min_version) < 0) {
    flags.push({ reason: 'os_version', appliesFrom: today, detail: `${device.osName} ${device.osVersion} < ${os.min_version}` });
  }
  if (pick(rules, 'support_end', device.kind, platform) && device.supportEnd) {
    flags.push({ reason: 'support_end', appliesFrom: device.supportEnd, detail: `vendor support ends ${device.supportEnd}` });
  }
  const battery = pick(rules, 'battery', device.kind, platform);
  if (battery?.threshold && device.batteryHealthPct !== null && device.batteryHealthPct < battery.threshold) {
    flags.push({ reason: 'battery', appliesFrom: today, detail: `battery health ${device.batteryHealthPct}% < ${battery.threshold}%` });
  }
  const storage = pick(rules, 'storage', device.kind, platform);
  if (storage?.threshold && device.storageTotalMb !== null && device.storageTotalMb < storage.threshold) {
    flags.push({ reason: 'storage', appliesFrom: today, detail: `storage ${device.storageTotalMb} MB < ${storage.threshold} MB` });
  }
  if (pick(rules, 'warranty', device.kind, platform) && device.warrantyEnd) {
    flags.push({ reason: 'warranty', appliesFrom: device.warrantyEnd, detail: `warranty ends ${device.warrantyEnd}` });
  }
  return flags;
}
