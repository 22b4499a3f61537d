import { describeConnector } from './conformance.ts';
import { startFakeHeadwind } from '../fake-mdm/headwind.ts';
import { fakeSource } from '../setup/fake-mdm-sources.ts';

describeConnector({
  kind: 'headwind',
  os: 'Android',
  start: (fleet, faults) => startFakeHeadwind(fleet, faults),
  source: (url) => ({
    ...fakeSource('headwind', url),
    page_size: 3,
    mapping: [
      { match: 'Chariot 1', uai: '0770934X', cart: 'Chariot 1' },
      { match: 'Salle 104', uai: '0770934X' },
    ],
  }),
});
