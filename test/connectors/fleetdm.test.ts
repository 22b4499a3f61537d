import { describeConnector } from './conformance.ts';
import { startFakeFleetDm } from '../fake-mdm/fleet-dm.ts';

describeConnector({
  kind: 'fleet',
  os: 'Windows',
  start: (fleet, faults) => startFakeFleetDm(fleet, faults),
  source: (url) => ({
    name: 'fleet',
    kind: 'fleet',
    base_url: url,
    page_size: 3,
    credentials: { api_token: 'fleet-api-token' },
    mapping: [
      { match: 'Chariot 1', uai: '0770934X', cart: 'Chariot 1' },
      { match: 'Salle 104', uai: '0770934X' },
    ],
  }),
});
