import { describeConnector } from './conformance.ts';
import { startFakeHeadwind } from '../fake-mdm/headwind.ts';

describeConnector({
  kind: 'headwind',
  os: 'Android',
  start: (fleet, faults) => startFakeHeadwind(fleet, faults),
  source: (url) => ({
    name: 'headwind',
    kind: 'headwind',
    base_url: url,
    page_size: 3,
    credentials: { login: 'vigie', password: 'hmdm-password' },
    mapping: [
      { match: 'Chariot 1', uai: '0770934X', cart: 'Chariot 1' },
      { match: 'Salle 104', uai: '0770934X' },
    ],
  }),
});
