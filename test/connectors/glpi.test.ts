import { describeConnector } from './conformance.ts';
import { startFakeGlpi } from '../fake-mdm/glpi.ts';

describeConnector({
  kind: 'glpi',
  os: 'Windows',
  start: (fleet, faults) => startFakeGlpi(fleet, faults),
  source: (url) => ({
    name: 'glpi',
    kind: 'glpi',
    base_url: `${url}/apirest.php`,
    page_size: 3,
    time_zone: 'Europe/Paris',
    credentials: { user_token: 'glpi-user-token', app_token: 'glpi-app-token' },
    mapping: [
      { match: 'Collège > Chariot 1', uai: '0770934X', cart: 'Chariot 1' },
      { match: 'Collège > *', uai: '0770934X' },
    ],
  }),
});
