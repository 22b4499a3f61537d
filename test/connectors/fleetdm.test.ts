import { describeConnector } from './conformance.ts';
import { startFakeFleetDm } from '../fake-mdm/fleet-dm.ts';

describeConnector({
  kind: 'fleet',
  os: 'Windows',
  start: (fleet, faults) => startFakeFleetDm(fleet, faults),
});
