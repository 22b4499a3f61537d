import { describeConnector } from './conformance.ts';
import { startFakeJamfPro } from '../fake-mdm/jamf-pro.ts';

describeConnector({
  kind: 'jamf_pro',
  os: 'macOS',
  start: (fleet, faults) => startFakeJamfPro(fleet, faults),
  source: (url) => ({
    name: 'jamf-pro', kind: 'jamf_pro', base_url: url, page_size: 3,
    credentials: { client_id: 'vigie', client_secret: 'jamf-secret' },
    mapping: [{ match: 'Chariot 1', uai: '0770934X', cart: 'Chariot 1' }, { match: 'Salle 104', uai: '0770934X' }, { match: 'site:1', uai: '0770934X' }],
  }),
});
