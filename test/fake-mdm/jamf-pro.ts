import type { FleetDevice } from './fleet.ts';
import { bearerOf, startFakeMdm, type Faults } from './fake-server.ts';

// Odd-numbered fixture devices are Macs (computers-inventory), even ones iPads (mobile-devices);
// a simulated device is a mobile device when it is a tablet.
const isComputer = (d: FleetDevice) => (d.kind ? d.kind !== 'tablet' : d.num % 2 === 1);

export const toJamfComputer = (d: FleetDevice) => ({
  id: String(d.num),
  udid: `UDID-${d.id}`,
  general: {
    name: d.name,
    platform: 'Mac',
    lastContactTime: d.lastCheckIn.toISOString(),
    reportDate: d.lastCheckIn.toISOString(),
    remoteManagement: { managed: true, managementUsername: 'jamfadmin' },
    site: { id: '1', name: d.group },
    lastLoggedInUsernameBinary: d.user?.email ?? 'eleve',
  },
  hardware: { make: 'Apple', model: 'MacBook Air (M1, 2020)', serialNumber: d.serial, totalRamMegabytes: 8192, batteryCapacityPercent: 88 },
  operatingSystem: { name: 'macOS', version: '15.6.1', build: '24G90' },
  storage: { bootDriveAvailableSpaceMegabytes: Math.round(d.freeBytes / 1e6), disks: [{ sizeMegabytes: Math.round(d.totalBytes / 1e6) }] },
  userAndLocation: { username: d.user?.email ?? '', realname: d.user?.name ?? '', email: d.user?.email ?? '', room: '104' },
  diskEncryption: null,
});

export const toJamfMobile = (d: FleetDevice) => ({
  mobileDeviceId: String(d.num),
  deviceType: 'iOS',
  general: {
    udid: `UDID-${d.id}`,
    displayName: d.user ? `iPad de ${d.user.name}` : d.name,
    siteId: '1',
    lastInventoryUpdateDate: d.lastCheckIn.toISOString(),
    osVersion: '18.6.2',
  },
  // Jamf Pro counts mobile capacity in MiB.
  hardware: {
    capacityMb: Math.round(d.totalBytes / 1_048_576),
    availableSpaceMb: Math.round(d.freeBytes / 1_048_576),
    batteryLevel: d.batteryPct,
    serialNumber: d.serial,
    model: d.kind ? d.model : 'iPad (9th generation)',
  },
  userAndLocation: { username: d.user?.email ?? '', realName: d.user?.name ?? '', emailAddress: d.user?.email ?? '', building: d.group },
});

function envelope<T>(items: T[], url: URL, maxSize = Infinity) {
  const page = Number(url.searchParams.get('page') ?? 0);
  const size = Math.min(maxSize, Number(url.searchParams.get('page-size') ?? 100));
  return { body: { totalCount: items.length, results: items.slice(page * size, page * size + size) } };
}

/** Jamf Pro API: OAuth client credentials (60 s tokens), page/page-size envelopes with a totalCount. */
export function startFakeJamfPro(
  fleet: FleetDevice[],
  faults: Faults = {},
  secret = 'jamf-secret',
  limits: { mobilePageSize?: number } = {},
) {
  const records = () => ({
    computers: fleet.filter(isComputer).map(toJamfComputer),
    mobiles: fleet.filter((d) => !isComputer(d)).map(toJamfMobile),
  });
  return serveJamfPro(records, faults, secret, limits);
}

/** The same API over computer and mobile device records as Jamf Pro writes them (a recorded sample, or rendered ones). */
export function serveJamfPro(
  records: () => { computers: unknown[]; mobiles: unknown[] },
  faults: Faults = {},
  secret = 'jamf-secret',
  limits: { mobilePageSize?: number } = {},
) {
  return startFakeMdm(
    {
      auth(req, issue) {
        if (req.url.pathname !== '/api/oauth/token') return null;
        const form = new URLSearchParams(req.body);
        if (form.get('client_secret') !== secret) return { status: 401, body: { error: 'invalid_client' } };
        return { body: { access_token: issue(), scope: 'api-role:5', token_type: 'Bearer', expires_in: 59 } };
      },
      authorised: (req, tokens) => tokens.has(bearerOf(req)),
      list(req) {
        if (req.url.pathname === '/api/v1/computers-inventory') return envelope(records().computers, req.url);
        if (req.url.pathname === '/api/v2/mobile-devices/detail') return envelope(records().mobiles, req.url, limits.mobilePageSize);
        return { status: 404, body: { httpStatus: 404 } };
      },
    },
    faults,
  );
}
