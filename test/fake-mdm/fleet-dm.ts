import type { FleetDevice } from './fleet.ts';
import { bearerOf, startFakeMdm, type Faults } from './fake-server.ts';

export const toHost = (d: FleetDevice) => ({
  created_at: '2024-09-02T08:02:11Z',
  updated_at: d.lastCheckIn.toISOString().replace('.000Z', 'Z'),
  id: d.num,
  seen_time: d.lastCheckIn.toISOString().replace('.000Z', 'Z'),
  last_restarted_at: '0001-01-01T00:00:00Z',
  hostname: d.name,
  display_name: d.name,
  platform: 'windows',
  os_version: 'Microsoft Windows 11 Éducation 23H2',
  uptime: 4_851_794_179_977,
  memory: 4_294_967_296,
  hardware_vendor: d.manufacturer ?? 'Dell Inc.',
  hardware_model: d.model,
  hardware_serial: d.serial,
  status: 'online',
  team_id: 1,
  team_name: d.group,
  gigs_disk_space_available: d.freeBytes / 1e9,
  gigs_total_disk_space: d.totalBytes / 1e9,
  primary_ip: '10.75.11.111',
  users: d.user ? [{ username: d.user.email, groupname: 'staff' }] : [],
  mdm: { name: 'Microsoft Intune' },
});

/** Fleet GET /api/v1/fleet/hosts: API token, page/per_page, no total nor next link. */
export function startFakeFleetDm(fleet: FleetDevice[], faults: Faults = {}) {
  return serveFleetDm(() => fleet.map(toHost), faults);
}

/** The same API over host records as Fleet writes them (a recorded sample, or rendered ones). */
export function serveFleetDm(records: () => unknown[], faults: Faults = {}) {
  return startFakeMdm(
    {
      auth: () => null,
      authorised: (req) => bearerOf(req) === 'fleet-api-token',
      list(req) {
        const page = Number(req.url.searchParams.get('page') ?? 0);
        const size = Number(req.url.searchParams.get('per_page') ?? 100);
        return { body: { hosts: records().slice(page * size, page * size + size) } };
      },
    },
    faults,
  );
}
