import { wallClock, type FleetDevice } from './fleet.ts';
import { startFakeMdm, type Faults } from './fake-server.ts';

const LOCATIONS: Record<string, number> = { 'Chariot 1': 1, 'Salle 104': 2 };
export const toJamfSchoolDevice = (d: FleetDevice) => ({
  UDID: `0000${d.num}-${d.id}`,
  locationId: LOCATIONS[d.group] ?? 1,
  serialNumber: d.serial,
  assetTag: d.name,
  class: 'ipad',
  model: { name: d.model, identifier: 'iPad12,1', type: 'iPad' },
  os: { prefix: 'iPadOS', version: d.osVersion },
  name: d.name,
  owner: d.user
    ? {
        id: 1534,
        name: d.user.name,
        username: d.user.email.split('@')[0],
        email: d.user.email,
        firstName: d.user.name.split(' ')[0],
        lastName: d.user.name.split(' ')[1],
      }
    : {},
  isManaged: true,
  groups: [d.group],
  batteryLevel: d.batteryPct / 100,
  totalCapacity: d.totalBytes / 1e9,
  availableCapacity: d.freeBytes / 1e9,
  region: { string: '', coordinates: '' },
  lastCheckin: wallClock(d.lastCheckIn),
  modified: wallClock(d.lastCheckIn),
  networkInformation: { IPAddress: '10.75.60.93' },
});

/** Jamf School GET /api/devices: Basic networkId:apiKey, the whole list of one location per request. */
export function startFakeJamfSchool(fleet: FleetDevice[], faults: Faults = {}) {
  return serveJamfSchool(() => fleet.map(toJamfSchoolDevice), faults);
}

/** The same API over device records as Jamf School writes them (a recorded sample, or rendered ones). */
export function serveJamfSchool(records: () => unknown[], faults: Faults = {}) {
  const expected = `Basic ${Buffer.from('net-1:school-key').toString('base64')}`;
  return startFakeMdm(
    {
      auth: () => null,
      authorised: (req) => req.headers.authorization === expected && req.headers['x-server-protocol-version'] === '3',
      list(req) {
        const location = req.url.searchParams.get('location');
        const devices = (records() as { locationId?: number }[]).filter((d) => !location || String(d.locationId ?? 1) === location);
        return { body: { code: 200, count: devices.length, devices } };
      },
    },
    faults,
  );
}
