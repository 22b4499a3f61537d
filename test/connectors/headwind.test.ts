import { describeConnector } from './conformance.ts';
import { startFakeHeadwind } from '../fake-mdm/headwind.ts';

describeConnector({
  kind: 'headwind',
  os: 'Android',
  start: (fleet, faults) => startFakeHeadwind(fleet, faults),
});
