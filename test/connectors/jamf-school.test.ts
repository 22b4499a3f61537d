import { describeConnector } from './conformance.ts';
import { startFakeJamfSchool } from '../fake-mdm/jamf-school.ts';
import { fakeSource } from '../setup/fake-mdm-sources.ts';

describeConnector({
  kind: 'jamf_school',
  os: 'iPadOS',
  start: (fleet, faults) => startFakeJamfSchool(fleet, faults),
  source: (url) => ({
    ...fakeSource('jamf_school', url),
    time_zone: 'Europe/Paris',
    options: { locations: '1,2' },
    mapping: [
      { match: 'Chariot 1', uai: '0770934X', cart: 'Chariot 1' },
      { match: 'location:2', uai: '0770934X' },
    ],
  }),
  // No paging: the list shifts between locations. After location 1 is read, a new device appears in
  // location 2 and a device moves from location 1 to 2: the mover comes twice, the newcomer once.
  shift(fleet, extra) {
    fleet.unshift(extra);
    fleet.find((d) => d.group === 'Chariot 1')!.group = 'Salle 104';
  },
  shiftExpect: { records: 12, duplicates: 1, created: 11 },
});
