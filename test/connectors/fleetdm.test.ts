import { describeConnector } from './conformance.ts';
import { startFakeFleetDm } from '../fake-mdm/fleet-dm.ts';
import { fakeSource } from '../setup/fake-mdm-sources.ts';

describeConnector({
  kind: 'fleet',
  os: 'Windows',
  start: (fleet, faults) => startFakeFleetDm(fleet, faults),
  source: (url) => ({
    ...fakeSource('fleet', url),
    page_size: 3,
    mapping: [
      { match: 'Chariot 1', uai: '0770934X', cart: 'Chariot 1' },
      { match: 'Salle 104', uai: '0770934X' },
    ],
  }),
});
