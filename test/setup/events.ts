// The event builders of the tests: relative to a recent base time (every observation lands in an
// existing partition), or on a given local day and wall time when a test pins a school day.

const MINUTE = 60_000;

/** A fixed instant a few days back, at 10:00 UTC, so local days are stable within a test. */
export function baseTime(daysAgo = 2): Date {
  const d = new Date(Date.now() - daysAgo * 1440 * MINUTE);
  d.setUTCHours(10, 0, 0, 0);
  return d;
}

export const at = (base: Date, minutes: number) => new Date(base.getTime() + minutes * MINUTE).toISOString();

export function inventory(deviceId: string, base: Date, extra: Record<string, unknown> = {}) {
  return {
    type: 'inventory',
    device_id: deviceId,
    observed_at: at(base, 0),
    kind: 'tablet',
    serial: `SN-${deviceId}`,
    establishment_uai: '0770934X',
    ...extra,
  };
}

export function heartbeat(deviceId: string, base: Date, minutes: number, extra: Record<string, unknown> = {}) {
  return { type: 'heartbeat', device_id: deviceId, observed_at: at(base, minutes), battery_pct: 50, ...extra };
}

export function appUsage(deviceId: string, base: Date, minutes: number, durationS: number, appId = 'fr.ent.monlycee') {
  return {
    type: 'app_usage',
    device_id: deviceId,
    observed_at: at(base, minutes + durationS / 60),
    app_id: appId,
    category: 'ent',
    started_at: at(base, minutes),
    duration_s: durationS,
  };
}

export function dailyActivity(deviceId: string, base: Date, activeSeconds: number, observedMinutes = 600) {
  return {
    type: 'daily_activity',
    device_id: deviceId,
    observed_at: at(base, observedMinutes),
    date: base.toISOString().slice(0, 10),
    active_seconds: activeSeconds,
  };
}

// Builders on local wall times, for tests that pin a given school day.

/** An instant from a local wall time: `local('2026-11-16', '10:00', '+01:00')`. */
export const local = (day: string, time: string, offset = '+01:00') => `${day}T${time}:00${offset}`;

/** Heartbeats every 15 minutes from `from` to `to` local time (HH:MM), on one local day. */
export function beats(deviceId: string, day: string, from: string, to: string, offset = '+01:00') {
  const events = [];
  const [fh, fm] = from.split(':').map(Number) as [number, number];
  const [th, tm] = to.split(':').map(Number) as [number, number];
  for (let m = fh * 60 + fm; m < th * 60 + tm; m += 15) {
    const time = `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
    events.push({ type: 'heartbeat', device_id: deviceId, observed_at: local(day, time, offset) });
  }
  return events;
}

export function session(deviceId: string, day: string, time: string, seconds: number, offset = '+01:00', appId = 'fr.ent.monlycee') {
  const started = local(day, time, offset);
  return {
    type: 'app_usage',
    device_id: deviceId,
    observed_at: started,
    started_at: started,
    app_id: appId,
    category: 'ent',
    duration_s: seconds,
  };
}

export function measured(deviceId: string, day: string, seconds: number) {
  return { type: 'daily_activity', device_id: deviceId, observed_at: `${day}T23:00:00Z`, date: day, active_seconds: seconds };
}

export function device(deviceId: string, attributes: Record<string, unknown>, uai = '0770934X') {
  return {
    type: 'inventory',
    device_id: deviceId,
    observed_at: '2026-09-01T08:00:00+02:00',
    serial: `SN-${deviceId}`,
    establishment_uai: uai,
    status: 'in_service',
    acquired_on: '2025-09-01',
    ...attributes,
  };
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
