import { describe, expect, it } from 'vitest';
import { NEUTRAL_NAME } from '@vigie/contracts';
import type { DeviceRecord } from './connector.ts';
import { toDeviceRecord as fleetdm } from './fleetdm/to-observation.ts';
import { toDeviceRecord as glpi } from './glpi/to-observation.ts';
import { toDeviceRecord as google } from './google/to-observation.ts';
import { toDeviceRecord as headwind } from './headwind/to-observation.ts';
import { toDeviceRecord as intune } from './intune/to-observation.ts';
import { toComputerRecord, toMobileRecord } from './jamf-pro/to-observation.ts';
import { toDeviceRecord as jamfSchool } from './jamf-school/to-observation.ts';
import { loadSample } from './sample.test-helper.ts';

// What each sample gives for search and lifecycle: asset tags, device names (masked when personal),
// statuses. The per-connector tests cover the rest of each mapping.
const records = (list: unknown[], map: (raw: unknown) => DeviceRecord | null) => list.map(map).filter((r): r is DeviceRecord => r !== null);
const samples = {
  intune: records((loadSample('intune_graph/managedDevices-page-1.json') as { value: unknown[] }).value, intune),
  google: records(
    (loadSample('google_chromeos_directory/chromeosdevices-list-page-1.json') as { chromeosdevices: unknown[] }).chromeosdevices,
    (r) => google(r, 'Europe/Paris'),
  ),
  jamfProComputers: records((loadSample('jamf_pro/computers-inventory-page-0.json') as { results: unknown[] }).results, toComputerRecord),
  jamfProMobiles: records((loadSample('jamf_pro/mobile-devices-detail-page-0.json') as { results: unknown[] }).results, toMobileRecord),
  jamfSchool: records((loadSample('jamf_school/devices-location-1.json') as { devices: unknown[] }).devices, (r) =>
    jamfSchool(r, 'Europe/Paris'),
  ),
  fleet: records((loadSample('fleet/hosts-page-0.json') as { hosts: unknown[] }).hosts, fleetdm),
  glpi: records(loadSample('glpi/computer-range-0-9.json') as unknown[], (r) => glpi(r, 'Europe/Paris')),
  headwind: records(
    (loadSample('headwind_mdm/devices-search-page-1.json') as { data: { devices: { items: unknown[] } } }).data.devices.items,
    (r) => headwind(r),
  ),
};
const field = (list: DeviceRecord[], key: 'name' | 'asset_tag' | 'status') => list.map((r) => r.inventory[key]);

describe('what the samples give for search and lifecycle', () => {
  it("keeps asset tags (numéros d'inventaire) where the API has one", () => {
    expect(field(samples.google, 'asset_tag')).toContain('COL-JFERRY-CHR-002');
    expect(field(samples.jamfSchool, 'asset_tag')).toContain('COL-JFERRY-TAB-001');
    expect(field(samples.glpi, 'asset_tag')).toContain('COL-JFERRY-PC-001');
  });

  it('keeps device names, and masks the ones that name a person', () => {
    expect(field(samples.intune, 'name')).toContain('CJF-S104-PC01');
    expect(field(samples.fleet, 'name')).toContain('CJF-S104-PC01');
    expect(field(samples.glpi, 'name')).toContain('CJF-S104-PC01');
    expect(field(samples.jamfProMobiles, 'name')).toContain(NEUTRAL_NAME);
    // placeKeys stay in memory for the mapping rules; nothing else carries the raw name.
    expect(JSON.stringify(samples, (key, v: unknown) => (key === 'placeKeys' ? undefined : v))).not.toMatch(/iPad de Sophie/);
  });

  it('maps lifecycle statuses the APIs state', () => {
    expect(field(samples.google, 'status')).toEqual(expect.arrayContaining(['retired', 'lost', 'in_service']));
    expect(field(samples.intune, 'status')).toContain('in_service');
  });
});
