// Event builders for tests: recent timestamps, so every observation lands in an existing partition.

const MINUTE = 60_000;

/** A fixed instant a few days back, at 10:00 UTC, so local days are stable within a test. */
export function baseTime(daysAgo = 2): Date {
  const d = new Date(Date.now() - daysAgo * 1440 * MINUTE);
  d.setUTCHours(10, 0, 0, 0);
  return d;
}

export const at = (base: Date, minutes: number) => new Date(base.getTime() + minutes * MINUTE).toISOString();

export function inventory(deviceId: string, base: Date, extra: Record<string, unknown> = {}) {
  return { type: 'inventory', device_id: deviceId, observed_at: at(base, 0), kind: 'tablet', serial: `SN-${deviceId}`, establishment_uai: '0770934X', ...extra };
}

export function heartbeat(deviceId: string, base: Date, minutes: number, extra: Record<string, unknown> = {}) {
  return { type: 'heartbeat', device_id: deviceId, observed_at: at(base, minutes), battery_pct: 50, ...extra };
}

export function appUsage(deviceId: string, base: Date, minutes: number, durationS: number, appId = 'fr.ent.monlycee') {
  return { type: 'app_usage', device_id: deviceId, observed_at: at(base, minutes + durationS / 60), app_id: appId, category: 'ent', started_at: at(base, minutes), duration_s: durationS };
}

export function dailyActivity(deviceId: string, base: Date, activeSeconds: number, observedMinutes = 600) {
  return { type: 'daily_activity', device_id: deviceId, observed_at: at(base, observedMinutes), date: base.toISOString().slice(0, 10), active_seconds: activeSeconds };
}

/** A fleet's worth of mixed events: per device one inventory, `beats` heartbeats and two app sessions. */
export function fleetEvents(devices: number, base: Date, beats = 10) {
  const events: Record<string, unknown>[] = [];
  for (let d = 0; d < devices; d++) {
    const id = `dev-${d}`;
    events.push(inventory(id, base));
    for (let b = 0; b < beats; b++) events.push(heartbeat(id, base, b * 5));
    events.push(appUsage(id, base, 3, 420), appUsage(id, base, 30, 300, 'com.microsoft.word'));
  }
  return events;
}

export function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Deterministic shuffle (seeded LCG) so a failing order can be replayed. */
export function shuffled<T>(items: T[], seed = 42): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
