import { createVerify } from 'node:crypto';
import type { FleetDevice } from './fleet.ts';
import { bearerOf, startFakeMdm, type Faults } from './fake-server.ts';

// Google has no "in repair" nor "spare": such a Chromebook stays ACTIVE.
const STATUS: Partial<Record<NonNullable<FleetDevice['status']>, string>> = { retired: 'DEPROVISIONED', lost: 'DISABLED' };

export const toChromeOs = (d: FleetDevice) => ({
  kind: 'admin#directory#chromeosdevice',
  deviceId: d.id,
  serialNumber: d.serial,
  status: (d.status && STATUS[d.status]) ?? 'ACTIVE',
  lastSync: d.lastCheckIn.toISOString(),
  model: d.model,
  osVersion: '154.0.7768.98',
  orgUnitPath: `/Colleges/0770934X/${d.group}`,
  annotatedUser: d.user?.name ?? '',
  annotatedLocation: d.group,
  autoUpdateExpiration: '1938038400000',
  recentUsers: d.user ? [{ type: 'USER_TYPE_MANAGED', email: d.user.email }] : [],
  activeTimeRanges: [{ date: d.lastCheckIn.toISOString().slice(0, 10), activeTime: 3_600_000 + d.num }],
  diskVolumeReports: [{ volumeInfo: [{ volumeId: '/home', storageTotal: String(d.totalBytes), storageFree: String(d.freeBytes) }] }],
  systemRamTotal: '4294967296',
  lastKnownNetwork: [{ ipAddress: '10.0.0.2', wanIpAddress: '192.0.2.1' }],
});

// Reports at fixed times, so a device checking in again does not make earlier reports new.
const REPORTS_AT = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 2 * 3_600_000;

// Battery reports of telemetry/devices: design 5000 mAh, full charge falling with the device number.
export const toTelemetryDevice = (d: FleetDevice) => ({
  name: `customers/C0/telemetry/devices/${d.id}`,
  deviceId: d.id,
  serialNumber: d.serial,
  batteryInfo: [{ serialNumber: `BAT-${d.num}`, designCapacity: '5000', technology: 'Li-ion' }],
  batteryStatusReport: [
    { reportTime: '2026-10-01T08:00:00Z', fullChargeCapacity: '4900', batteryHealth: 'BATTERY_HEALTH_NORMAL', cycleCount: 10 },
    {
      reportTime: '2026-11-01T08:00:00Z',
      fullChargeCapacity: String(5000 - (d.num - 1000) * 500),
      batteryHealth: 'BATTERY_HEALTH_NORMAL',
      cycleCount: 120,
    },
  ],
});

export const toTelemetryUser = (d: FleetDevice) => ({
  name: `customers/C0/telemetry/users/${d.num}`,
  customer: 'customers/C0',
  userEmail: d.user?.email ?? `eleve${d.num}@ent.example.fr`,
  userId: String(d.num),
  userDevice: [
    {
      deviceId: d.id,
      // A device that has not synced for over a year sends no recent telemetry either.
      appReport: (Date.now() - d.lastCheckIn.getTime() > 365 * 86_400_000 ? [] : [0, 1]).map((k) => ({
        reportTime: new Date(REPORTS_AT - d.num * 60_000 - k * 3_600_000).toISOString(),
        usageData: [{ appId: 'org.geogebra.android', appType: 'APPLICATION_TYPE_ARC', runningDuration: `${600 + k}.250s` }],
      })),
    },
  ],
});

function page<T>(items: T[], req: URL, sizeParam: string): { items: T[]; next?: string } {
  const offset = Number(Buffer.from(req.searchParams.get('pageToken') ?? 'MA', 'base64url').toString() || 0);
  const size = Number(req.searchParams.get(sizeParam) ?? 100);
  const next = offset + size < items.length ? Buffer.from(String(offset + size)).toString('base64url') : undefined;
  return { items: items.slice(offset, offset + size), ...(next ? { next } : {}) };
}

/** Directory chromeosdevices + Chrome Management telemetry/users; service-account JWTs verified with the public key. */
export function startFakeGoogle(fleet: FleetDevice[], publicKey: string, faults: Faults = {}, telemetryDevices = 3) {
  // The devices that report telemetry are fixed at start: a device added to the list later has none.
  const reporting = fleet.slice(0, telemetryDevices);
  const records = () => ({
    devices: fleet.map(toChromeOs),
    telemetryUsers: reporting.map(toTelemetryUser),
    telemetryDevices: reporting.map(toTelemetryDevice),
  });
  return serveGoogle(records, publicKey, faults);
}

/** The same APIs over chromeosdevices and telemetry users as Google writes them (a recorded sample, or rendered ones). */
export function serveGoogle(
  records: () => { devices: unknown[]; telemetryUsers: unknown[]; telemetryDevices?: unknown[] },
  publicKey: string,
  faults: Faults = {},
) {
  return startFakeMdm(
    {
      auth(req, issue) {
        if (req.url.pathname !== '/token') return null;
        const assertion = new URLSearchParams(req.body).get('assertion') ?? '';
        const [header, claims, signature] = assertion.split('.');
        const valid =
          Boolean(signature) && createVerify('RSA-SHA256').update(`${header}.${claims}`).verify(publicKey, signature!, 'base64url');
        return valid
          ? { body: { access_token: issue(), expires_in: 3599, token_type: 'Bearer' } }
          : { status: 400, body: { error: 'invalid_grant' } };
      },
      authorised: (req, tokens) => tokens.has(bearerOf(req)),
      list(req) {
        if (req.url.pathname.endsWith('/telemetry/devices')) {
          const { items, next } = page(records().telemetryDevices ?? [], req.url, 'pageSize');
          return { body: { devices: items, ...(next ? { nextPageToken: next } : {}) } };
        }
        if (req.url.pathname.endsWith('/telemetry/users')) {
          const { items, next } = page(records().telemetryUsers, req.url, 'pageSize');
          return { body: { telemetryUsers: items, ...(next ? { nextPageToken: next } : {}) } };
        }
        const { items, next } = page(records().devices, req.url, 'maxResults');
        return {
          body: { kind: 'admin#directory#chromeosdevices', etag: '"e"', chromeosdevices: items, ...(next ? { nextPageToken: next } : {}) },
        };
      },
      // Google reports quota exhaustion as 403 userRateLimitExceeded.
      refusedStatus: 401,
    },
    faults,
  );
}
