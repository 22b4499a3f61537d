import type { Connector } from './connector.ts';
import { fleetdm } from './fleetdm/index.ts';
import { google } from './google/index.ts';
import { glpi } from './glpi/index.ts';
import { headwind } from './headwind/index.ts';
import { intune } from './intune/index.ts';
import { jamfPro } from './jamf-pro/index.ts';
import { jamfSchool } from './jamf-school/index.ts';

// kind -> connector: the only list of the MDMs Vigie pulls from. Adding an MDM is adding a folder
// and a line here (and its kind to SourceKinds in @vigie/contracts, which a test keeps equal).
const connectors: Record<string, Connector> = {
  [intune.kind]: intune,
  [google.kind]: google,
  [jamfPro.kind]: jamfPro,
  [jamfSchool.kind]: jamfSchool,
  [fleetdm.kind]: fleetdm,
  [glpi.kind]: glpi,
  [headwind.kind]: headwind,
};

/** The connector of a source kind, or undefined for a kind this build does not know. */
export function connectorFor(kind: string): Connector | undefined {
  return connectors[kind];
}

export const registeredKinds = (): string[] => Object.keys(connectors);
