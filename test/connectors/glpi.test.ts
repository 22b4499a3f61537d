import { describeConnector } from './conformance.ts';
import { startFakeGlpi } from '../fake-mdm/glpi.ts';
import { fakeSource } from '../setup/fake-mdm-sources.ts';

describeConnector({
  kind: 'glpi',
  os: 'Windows',
  start: (fleet, faults) => startFakeGlpi(fleet, faults),
  source: (url) => ({
    ...fakeSource('glpi', url),
    page_size: 3,
    time_zone: 'Europe/Paris',
    mapping: [
      { match: 'Collège > Chariot 1', uai: '0770934X', cart: 'Chariot 1' },
      { match: 'Collège > *', uai: '0770934X' },
    ],
  }),
});
